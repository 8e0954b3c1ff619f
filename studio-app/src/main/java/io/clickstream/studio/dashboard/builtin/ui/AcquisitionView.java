package io.clickstream.studio.dashboard.builtin.ui;

import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.Tabs;
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
import io.clickstream.studio.dashboard.builtin.BuiltInDashboards.AcquisitionReport;
import io.clickstream.studio.dashboard.ui.EmptyStates;
import io.clickstream.studio.explore.DashboardQueries.Acquisition;
import io.clickstream.studio.explore.DashboardQueries.Activity;
import io.clickstream.studio.explore.DashboardQueries.NewUsers;
import io.clickstream.studio.explore.DashboardQueries.Sessions;
import io.clickstream.studio.explore.LakeCommits;
import io.clickstream.studio.explore.sql.DashboardSql.Dimension;
import io.clickstream.studio.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Acquisition: new and active users, sessions, engaged sessions and the engagement rate, per day and by channel
 * group, source, medium, campaign and country (a tab each, as a chart and a table).
 */
@Route(value = "acquisition", layout = MainLayout.class)
@PageTitle("Acquisition")
@Menu(order = 1, icon = "vaadin:magnet", title = "Acquisition")
@RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR, Roles.ANALYST, Roles.READER})
class AcquisitionView extends BuiltInView<AcquisitionReport> {

    static final Map<Dimension, String> TABS = new LinkedHashMap<>();

    static {
        TABS.put(Dimension.CHANNEL_GROUP, "Channel group");
        TABS.put(Dimension.SOURCE, "Source");
        TABS.put(Dimension.MEDIUM, "Medium");
        TABS.put(Dimension.CAMPAIGN, "Campaign");
        TABS.put(Dimension.COUNTRY, "Country");
    }

    final BuiltInDashboards dashboards;
    final Kpi newUsers = new Kpi("New users", "first visit in the range");
    final Kpi activeUsers = new Kpi("Active users", null);
    final Kpi sessions = new Kpi("Sessions", null);
    final Kpi engagedSessions = new Kpi("Engaged sessions", "10 s or longer, or 2+ page views");
    final Kpi engagementRate = new Kpi("Engagement rate", "engaged sessions / sessions");
    final EChart usersPerDay = new EChart();
    final EChart sessionsPerDay = new EChart();
    final Tabs dimensions = new Tabs();
    final Map<Tab, Dimension> tabDimensions = new LinkedHashMap<>();
    final EChart breakdownChart = new EChart();
    final Grid<Acquisition> breakdown = new Grid<>();
    /** The breakdown's first column, headed by the tab's dimension ("Channel group", "Source", ...). */
    final Grid.Column<Acquisition> valueColumn;

    AcquisitionView(BuiltInDashboards dashboards, BackgroundTasks tasks, EmptyStates emptyStates,
                    LakeCommits commits) {
        super("Acquisition", tasks, emptyStates, commits);
        this.dashboards = dashboards;
        usersPerDay.setId("acquisition-users-per-day");
        sessionsPerDay.setId("acquisition-sessions-per-day");
        breakdownChart.setId("acquisition-breakdown");
        TABS.forEach((dimension, label) -> {
            Tab tab = new Tab(label);
            tabDimensions.put(tab, dimension);
            dimensions.add(tab);
        });
        dimensions.addSelectedChangeListener(event -> showBreakdown());
        dimensions.getElement().setAttribute("aria-label", "Break down by");

        valueColumn = breakdown.addColumn(Acquisition::value).setHeader(TABS.values().iterator().next())
                .setFlexGrow(3).setSortable(true);
        number(breakdown.addColumn(a -> Formats.count(a.users())).setHeader("Active users"));
        number(breakdown.addColumn(a -> Formats.count(a.newUsers())).setHeader("New users"));
        number(breakdown.addColumn(a -> Formats.count(a.sessions())).setHeader("Sessions"));
        number(breakdown.addColumn(a -> Formats.count(a.engagedSessions())).setHeader("Engaged sessions"));
        number(breakdown.addColumn(a -> Formats.percent(a.sessions() == 0 ? 0
                : (double) a.engagedSessions() / a.sessions())).setHeader("Engagement rate"));
        breakdown.addThemeVariants(GridVariant.LUMO_NO_BORDER, GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        breakdown.setAllRowsVisible(true);
        breakdown.setId("acquisition-table");

        Div kpis = new Div(newUsers, activeUsers, sessions, engagedSessions, engagementRate);
        kpis.addClassName("cs-kpis");
        Div charts = new Div(Card.chart("New and active users per day", usersPerDay),
                Card.chart("Sessions and engaged sessions per day", sessionsPerDay),
                Card.wide(Card.titled("Users by acquisition", dimensions, breakdownChart, breakdown)));
        charts.addClassName("cs-charts");
        breakdownChart.setHeight("300px");
        content.add(kpis, charts);
    }

    @Override
    AcquisitionReport load(AppSelection selection) {
        return dashboards.acquisition(selection.appId(), selection.from(), selection.to());
    }

    @Override
    Optional<AcquisitionReport> cached(AppSelection selection) {
        return dashboards.cached(AcquisitionReport.class, selection.appId(), selection.from(), selection.to());
    }

    @Override
    boolean isEmpty(AcquisitionReport data) {
        return data.totals().events() == 0;
    }

    @Override
    void render(AcquisitionReport data, AppSelection selection) {
        newUsers.setValue(Formats.count(data.newUsers()));
        activeUsers.setValue(Formats.count(data.totals().users()));
        sessions.setValue(Formats.count(data.sessions().sessions()));
        engagedSessions.setValue(Formats.count(data.sessions().engaged()));
        engagementRate.setValue(Formats.percent(data.engagementRate()));

        List<LocalDate> days = data.perDay().stream().map(Activity::day).toList();
        int partial = Formats.partialIndex(days, selection.today(), selection.partialToday());
        usersPerDay.setOption(ChartOptions.lines(Formats.days(days), List.of(
                new Series("New users", data.newUsersPerDay().stream().map(NewUsers::users).toList()),
                new Series("Active users", data.perDay().stream().map(Activity::users).toList())), partial));
        sessionsPerDay.setOption(ChartOptions.bars(Formats.days(days), List.of(
                new Series("Engaged sessions", data.sessionsPerDay().stream().map(Sessions::engaged).toList()),
                new Series("Other sessions", data.sessionsPerDay().stream()
                        .map(s -> s.sessions() - s.engaged()).toList())), true, partial));
        showBreakdown();
    }

    private void showBreakdown() {
        if (data == null) {
            return;
        }
        Dimension dimension = tabDimensions.get(dimensions.getSelectedTab());
        List<Acquisition> rows = data.breakdowns().getOrDefault(dimension, List.of());
        breakdown.setItems(rows);
        valueColumn.setHeader(TABS.get(dimension));
        breakdownChart.setOption(ChartOptions.rankedBars("Active users", rows.stream().map(Acquisition::value).toList(),
                rows.stream().map(Acquisition::users).toList(), ChartOptions.color(0)));
    }

    private static void number(Grid.Column<Acquisition> column) {
        column.setTextAlign(ColumnTextAlign.END).setFlexGrow(1);
    }
}
