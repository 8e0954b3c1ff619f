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
import io.clickstream.studio.dashboard.builtin.BuiltInDashboards.Overview;
import io.clickstream.studio.dashboard.ui.EmptyStates;
import io.clickstream.studio.explore.DashboardQueries.Activity;
import io.clickstream.studio.explore.DashboardQueries.NewUsers;
import io.clickstream.studio.explore.DashboardQueries.ValueCount;
import io.clickstream.studio.explore.LakeCommits;
import io.clickstream.studio.explore.NamedCount;
import io.clickstream.studio.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** The Overview of one app: headline numbers, users and events per day, top events, platforms and countries. */
@Route(value = "", layout = MainLayout.class)
@PageTitle("Overview")
@Menu(order = 0, icon = "vaadin:dashboard", title = "Overview")
@RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR, Roles.ANALYST, Roles.READER})
class OverviewView extends BuiltInView<Overview> {

    final BuiltInDashboards dashboards;
    final Kpi activeUsers = new Kpi("Active users", null);
    final Kpi newUsers = new Kpi("New users", "first visit in the range");
    final Kpi sessions = new Kpi("Sessions", null);
    final Kpi events = new Kpi("Events", null);
    final Kpi engagement = new Kpi("Engagement per user", "average time in the foreground");
    final EChart usersPerDay = new EChart();
    final EChart eventsPerDay = new EChart();
    final EChart topEvents = new EChart();
    final EChart platforms = new EChart();
    final EChart countries = new EChart();

    OverviewView(BuiltInDashboards dashboards, BackgroundTasks tasks, EmptyStates emptyStates, LakeCommits commits) {
        super("Overview", tasks, emptyStates, commits);
        this.dashboards = dashboards;
        usersPerDay.setId("active-users-per-day");
        eventsPerDay.setId("events-per-day");
        topEvents.setId("top-events");
        platforms.setId("users-by-platform");
        countries.setId("top-countries");
        topEvents.setHeight("360px");
        countries.setHeight("360px");
        Div kpis = new Div(activeUsers, newUsers, sessions, events, engagement);
        kpis.addClassName("cs-kpis");
        Div charts = new Div(Card.chart("Active and new users per day", usersPerDay),
                Card.chart("Events per day", eventsPerDay), Card.chart("Top events", topEvents),
                Card.chart("Top countries", countries), Card.wide(Card.chart("Users by platform", platforms)));
        charts.addClassName("cs-charts");
        content.add(kpis, charts);
    }

    @Override
    Overview load(AppSelection selection) {
        return dashboards.overview(selection.appId(), selection.from(), selection.to());
    }

    @Override
    Optional<Overview> cached(AppSelection selection) {
        return dashboards.cached(Overview.class, selection.appId(), selection.from(), selection.to());
    }

    @Override
    boolean isEmpty(Overview data) {
        return data.isEmpty();
    }

    @Override
    void render(Overview data, AppSelection selection) {
        activeUsers.setValue(Formats.count(data.totals().users()));
        newUsers.setValue(Formats.count(data.newUsers()));
        sessions.setValue(Formats.count(data.totals().sessions()));
        events.setValue(Formats.count(data.totals().events()));
        engagement.setValue(Formats.duration(data.totals().users() == 0 ? 0
                : data.totals().engagementMillis() / 1000.0 / data.totals().users()));

        List<LocalDate> days = data.perDay().stream().map(Activity::day).toList();
        int partial = Formats.partialIndex(days, selection.today(), selection.partialToday());
        usersPerDay.setOption(ChartOptions.lines(Formats.days(days), List.of(
                new Series("Active users", data.perDay().stream().map(Activity::users).toList()),
                new Series("New users", data.newUsersPerDay().stream().map(NewUsers::users).toList())), partial));
        eventsPerDay.setOption(ChartOptions.lines(Formats.days(days), List.of(
                new Series("Events", data.perDay().stream().map(Activity::events).toList())), partial));
        topEvents.setOption(ChartOptions.rankedBars("Events", data.topEvents().stream().map(NamedCount::name).toList(),
                data.topEvents().stream().map(NamedCount::count).toList(), ChartOptions.color(0)));
        countries.setOption(ChartOptions.rankedBars("Users", data.countries().stream().map(ValueCount::value).toList(),
                data.countries().stream().map(ValueCount::users).toList(), ChartOptions.color(1)));
        platforms.setOption(ChartOptions.donut("Users", data.platforms().stream().map(ValueCount::value).toList(),
                data.platforms().stream().map(ValueCount::users).toList()));
    }
}
