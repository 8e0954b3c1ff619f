package io.clickstream.studio.dashboard.builtin.ui;

import com.vaadin.flow.component.html.Div;
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
import io.clickstream.studio.dashboard.builtin.BuiltInDashboards.EngagementReport;
import io.clickstream.studio.dashboard.ui.EmptyStates;
import io.clickstream.studio.explore.DashboardQueries.Activity;
import io.clickstream.studio.explore.DashboardQueries.ValueCount;
import io.clickstream.studio.explore.LakeCommits;
import io.clickstream.studio.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Engagement: sessions, engagement time and views per user, engagement time per user and views per day, the most
 * viewed pages and screens, and the pages sessions start and end on.
 */
@Route(value = "engagement", layout = MainLayout.class)
@PageTitle("Engagement")
@Menu(order = 2, icon = "vaadin:user-clock", title = "Engagement")
@RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR, Roles.ANALYST, Roles.READER})
class EngagementView extends BuiltInView<EngagementReport> {

    final BuiltInDashboards dashboards;
    final Kpi sessionsPerUser = new Kpi("Sessions per user", null);
    final Kpi engagementPerUser = new Kpi("Engagement per user", "time in the foreground");
    final Kpi viewsPerUser = new Kpi("Views per user", "page and screen views");
    final Kpi sessionDuration = new Kpi("Average session", "first to last event");
    final EChart engagementPerDay = new EChart();
    final EChart viewsPerDay = new EChart();
    final EChart pages = new EChart();
    final EChart screens = new EChart();
    final EChart entryPages = new EChart();
    final EChart exitPages = new EChart();

    EngagementView(BuiltInDashboards dashboards, BackgroundTasks tasks, EmptyStates emptyStates,
                   LakeCommits commits) {
        super("Engagement", tasks, emptyStates, commits);
        this.dashboards = dashboards;
        engagementPerDay.setId("engagement-per-day");
        viewsPerDay.setId("views-per-day");
        pages.setId("top-pages");
        screens.setId("top-screens");
        entryPages.setId("entry-pages");
        exitPages.setId("exit-pages");
        for (EChart chart : List.of(pages, screens, entryPages, exitPages)) {
            chart.setHeight("340px");
        }
        Div kpis = new Div(sessionsPerUser, engagementPerUser, viewsPerUser, sessionDuration);
        kpis.addClassName("cs-kpis");
        Div charts = new Div(Card.chart("Engagement time per active user, per day (seconds)", engagementPerDay),
                Card.chart("Page and screen views per day", viewsPerDay), Card.chart("Top pages", pages),
                Card.chart("Top screens", screens), Card.chart("Entry pages", entryPages),
                Card.chart("Exit pages", exitPages));
        charts.addClassName("cs-charts");
        content.add(kpis, charts);
    }

    @Override
    EngagementReport load(AppSelection selection) {
        return dashboards.engagement(selection.appId(), selection.from(), selection.to());
    }

    @Override
    Optional<EngagementReport> cached(AppSelection selection) {
        return dashboards.cached(EngagementReport.class, selection.appId(), selection.from(), selection.to());
    }

    @Override
    boolean isEmpty(EngagementReport data) {
        return data.totals().events() == 0;
    }

    @Override
    void render(EngagementReport data, AppSelection selection) {
        sessionsPerUser.setValue(Formats.decimal(data.sessionsPerUser()));
        engagementPerUser.setValue(Formats.duration(data.engagementSecondsPerUser()));
        viewsPerUser.setValue(Formats.decimal(data.viewsPerUser()));
        sessionDuration.setValue(Formats.duration(data.averageSessionSeconds()));

        List<LocalDate> days = data.perDay().stream().map(Activity::day).toList();
        int partial = Formats.partialIndex(days, selection.today(), selection.partialToday());
        engagementPerDay.setOption(ChartOptions.lines(Formats.days(days), List.of(new Series("Seconds per user",
                data.perDay().stream().map(a -> a.users() == 0 ? 0.0
                        : Math.round(a.engagementMillis() / 10.0 / a.users()) / 100.0).toList())), partial));
        viewsPerDay.setOption(ChartOptions.lines(Formats.days(days), List.of(new Series("Views",
                data.perDay().stream().map(Activity::views).toList())), partial));
        ranked(pages, "Views", data.pages(), 0);
        ranked(screens, "Views", data.screens(), 1);
        ranked(entryPages, "Sessions", data.entryPages(), 2);
        ranked(exitPages, "Sessions", data.exitPages(), 4);
    }

    /** Ranked bars of pages (titles, screen names or URLs, the latter by their path: {@link Formats#page}). */
    private static void ranked(EChart chart, String series, List<ValueCount> rows, int color) {
        chart.setOption(ChartOptions.rankedBars(series, rows.stream().map(r -> Formats.page(r.value())).toList(),
                rows.stream().map(ValueCount::events).toList(), ChartOptions.color(color)));
    }
}
