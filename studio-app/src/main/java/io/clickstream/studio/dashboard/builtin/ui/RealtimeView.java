package io.clickstream.studio.dashboard.builtin.ui;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.clickstream.studio.base.BackgroundTasks;
import io.clickstream.studio.base.ui.AppSelection;
import io.clickstream.studio.base.ui.Card;
import io.clickstream.studio.base.ui.Kpi;
import io.clickstream.studio.base.ui.MainLayout;
import io.clickstream.studio.base.ui.chart.ChartOptions;
import io.clickstream.studio.base.ui.chart.ChartOptions.Series;
import io.clickstream.studio.base.ui.chart.EChart;
import io.clickstream.studio.dashboard.builtin.BuiltInDashboards;
import io.clickstream.studio.dashboard.builtin.BuiltInDashboards.RealtimeReport;
import io.clickstream.studio.dashboard.ui.EmptyStates;
import io.clickstream.studio.explore.DashboardQueries.EventRow;
import io.clickstream.studio.explore.DashboardQueries.Minute;
import io.clickstream.studio.explore.DashboardQueries.ValueCount;
import io.clickstream.studio.explore.LakeCommits;
import io.clickstream.studio.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Realtime: the last hour of one app, minute by minute. It updates by itself through server push right after each
 * ETL micro-batch commits new events (and at least every minute, as the hour moves on), without a page reload.
 */
@Route(value = "realtime", layout = MainLayout.class)
@PageTitle("Realtime")
@Menu(order = 5, icon = "vaadin:flash", title = "Realtime")
@RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR, Roles.ANALYST, Roles.READER})
class RealtimeView extends BuiltInView<RealtimeReport> {

    static final DateTimeFormatter CLOCK_TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);
    static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ENGLISH);

    final BuiltInDashboards dashboards;
    final Clock clock;
    final Kpi users30 = new Kpi("Users in the last 30 minutes", null);
    final Kpi usersHour = new Kpi("Users in the last hour", null);
    final Kpi eventsHour = new Kpi("Events in the last hour", null);
    final Span updated = new Span();
    final EChart perMinute = new EChart();
    final EChart topEvents = new EChart();
    final EChart countries = new EChart();
    final EChart platforms = new EChart();
    final Grid<EventRow> latest = new Grid<>();

    RealtimeView(BuiltInDashboards dashboards, BackgroundTasks tasks, EmptyStates emptyStates, LakeCommits commits,
                 Clock clock) {
        super("Realtime", tasks, emptyStates, commits);
        this.dashboards = dashboards;
        this.clock = clock;
        updated.setId("realtime-updated");
        updated.addClassName("cs-live");
        updated.getElement().setAttribute("aria-live", "polite");
        perMinute.setId("events-per-minute");
        topEvents.setId("realtime-top-events");
        countries.setId("realtime-countries");
        platforms.setId("realtime-platforms");
        usersHour.setId("realtime-users-hour");
        eventsHour.setId("realtime-events-hour");
        users30.setId("realtime-users-30");
        latest.setId("latest-events");
        latest.addColumn(row -> time(row.timeMillis())).setHeader("Time").setAutoWidth(true).setFlexGrow(0);
        latest.addColumn(EventRow::eventName).setHeader("Event").setAutoWidth(true);
        latest.addColumn(EventRow::userPseudoId).setHeader("User").setFlexGrow(2);
        latest.addColumn(EventRow::platform).setHeader("Platform").setAutoWidth(true);
        latest.addColumn(EventRow::country).setHeader("Country").setAutoWidth(true);
        latest.addThemeVariants(GridVariant.LUMO_NO_BORDER, GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        latest.setAllRowsVisible(true);
        header.addActionFirst(updated);
        Div kpis = new Div(users30, usersHour, eventsHour);
        kpis.addClassName("cs-kpis");
        Div charts = new Div(Card.wide(Card.chart("Events per minute", perMinute)),
                Card.chart("Top events", topEvents), Card.chart("Countries", countries),
                Card.chart("Platforms", platforms), Card.titled("Latest events", latest));
        charts.addClassName("cs-charts");
        content.add(kpis, charts);
    }

    @Override
    public boolean usesDateRange() {
        return false;
    }

    @Override
    boolean live() {
        return true;
    }

    @Override
    public void showSelection(AppSelection selection) {
        super.showSelection(selection);
        header.setSubtitle(selection.hasApp() ? "The last hour · " + selection.app().zone().getId() : "");
    }

    @Override
    RealtimeReport load(AppSelection selection) {
        return dashboards.realtime(selection.appId(), selection.app().zone());
    }

    @Override
    boolean isEmpty(RealtimeReport data) {
        // An hour without events is news in itself, as long as the app ever sent some.
        return data.latest().isEmpty();
    }

    @Override
    void render(RealtimeReport data, AppSelection selection) {
        users30.setValue(Formats.count(data.usersLast30Minutes()));
        usersHour.setValue(Formats.count(data.lastHour().users()));
        eventsHour.setValue(Formats.count(data.lastHour().events()));
        List<String> minutes = new ArrayList<>();
        for (Minute minute : data.minutes()) {
            minutes.add(CLOCK_TIME.format(data.start().plusSeconds(60L * minute.minute()).atZone(selection.app().zone())));
        }
        perMinute.setOption(ChartOptions.bars(minutes, List.of(
                new Series("Events", data.minutes().stream().map(Minute::events).toList())), false,
                minutes.size() - 1, "This minute so far"));
        ranked(topEvents, "Events", data.topEvents(), true, 0);
        ranked(countries, "Users", data.countries(), false, 1);
        ranked(platforms, "Users", data.platforms(), false, 5);
        latest.setItems(data.latest());
        updated.setText("Updated " + SECONDS.format(ZonedDateTime.ofInstant(clock.instant(), selection.app().zone()))
                + " · after each ETL run");
    }

    private String time(long millis) {
        return selection == null ? "" : SECONDS.format(Instant.ofEpochMilli(millis).atZone(selection.app().zone()));
    }

    private static void ranked(EChart chart, String series, List<ValueCount> rows, boolean events, int color) {
        chart.setOption(ChartOptions.rankedBars(series, rows.stream().map(ValueCount::value).toList(),
                rows.stream().map(r -> events ? r.events() : r.users()).toList(), ChartOptions.color(color)));
    }
}
