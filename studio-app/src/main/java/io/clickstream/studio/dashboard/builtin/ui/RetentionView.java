package io.clickstream.studio.dashboard.builtin.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
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
import io.clickstream.studio.dashboard.builtin.BuiltInDashboards.RetentionReport;
import io.clickstream.studio.dashboard.ui.EmptyStates;
import io.clickstream.studio.explore.ui.ExplorationCharts;
import io.clickstream.studio.explore.DashboardQueries.NewAndReturning;
import io.clickstream.studio.explore.LakeCommits;
import io.clickstream.studio.explore.model.Granularity;
import io.clickstream.studio.explore.model.LifecycleResult;
import io.clickstream.studio.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Retention: new and returning users per day, new-user cohorts (the share of each cohort active again in each
 * following day or week), stickiness (DAU over WAU and MAU) and the weekly lifecycle of users.
 */
@Route(value = "retention", layout = MainLayout.class)
@PageTitle("Retention")
@Menu(order = 3, icon = "vaadin:user-heart", title = "Retention")
@RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR, Roles.ANALYST, Roles.READER})
class RetentionView extends BuiltInView<RetentionReport> {

    final BuiltInDashboards dashboards;
    final Kpi returning = new Kpi("Returning users", "share of active users, per day on average");
    final Kpi dauOverWau = new Kpi("DAU / WAU", "average of the range");
    final Kpi dauOverMau = new Kpi("DAU / MAU", "average of the range");
    final EChart newAndReturning = new EChart();
    final EChart stickiness = new EChart();
    final EChart lifecycle = new EChart();
    final Div cohorts = new Div();
    final Paragraph cohortNote = new Paragraph();

    RetentionView(BuiltInDashboards dashboards, BackgroundTasks tasks, EmptyStates emptyStates,
                  LakeCommits commits) {
        super("Retention", tasks, emptyStates, commits);
        this.dashboards = dashboards;
        newAndReturning.setId("new-and-returning");
        stickiness.setId("stickiness");
        lifecycle.setId("lifecycle");
        cohorts.setId("cohorts");
        cohortNote.addClassName("cs-subtitle");
        Div kpis = new Div(returning, dauOverWau, dauOverMau);
        kpis.addClassName("cs-kpis");
        Div charts = new Div(Card.chart("New and returning users per day", newAndReturning),
                Card.chart("Active users: daily, weekly, monthly", stickiness),
                Card.wide(Card.titled("New-user retention", cohortNote, cohorts)),
                Card.wide(Card.chart("Lifecycle per week", lifecycle)));
        charts.addClassName("cs-charts");
        content.add(kpis, charts);
    }

    @Override
    RetentionReport load(AppSelection selection) {
        return dashboards.retention(selection.appId(), selection.from(), selection.to());
    }

    @Override
    Optional<RetentionReport> cached(AppSelection selection) {
        return dashboards.cached(RetentionReport.class, selection.appId(), selection.from(), selection.to());
    }

    @Override
    boolean isEmpty(RetentionReport data) {
        return data.perDay().stream().allMatch(d -> d.users() == 0);
    }

    @Override
    void render(RetentionReport data, AppSelection selection) {
        List<LocalDate> days = data.perDay().stream().map(NewAndReturning::day).toList();
        int partial = Formats.partialIndex(days, selection.today(), selection.partialToday());
        newAndReturning.setOption(ChartOptions.bars(Formats.days(days), List.of(
                new Series("New", data.perDay().stream().map(NewAndReturning::newUsers).toList()),
                new Series("Returning", data.perDay().stream().map(NewAndReturning::returningUsers).toList())),
                true, partial));
        returning.setValue(Formats.percent(data.perDay().stream().filter(d -> d.users() > 0)
                .mapToDouble(d -> (double) d.returningUsers() / d.users()).average().orElse(0)));

        List<LifecycleResult.Day> sticky = data.lifecycle().stickiness();
        List<LocalDate> stickyDays = sticky.stream().map(LifecycleResult.Day::date).toList();
        stickiness.setOption(ChartOptions.lines(Formats.days(stickyDays), List.of(
                new Series("DAU", sticky.stream().map(LifecycleResult.Day::dau).toList()),
                new Series("WAU", sticky.stream().map(LifecycleResult.Day::wau).toList()),
                new Series("MAU", sticky.stream().map(LifecycleResult.Day::mau).toList())),
                Formats.partialIndex(stickyDays, selection.today(), selection.partialToday())));
        dauOverWau.setValue(ratio(sticky.stream().map(LifecycleResult.Day::dauOverWau).toList()));
        dauOverMau.setValue(ratio(sticky.stream().map(LifecycleResult.Day::dauOverMau).toList()));

        cohortNote.setText("Users by the " + (data.cohortPeriod() == Granularity.DAY ? "day" : "week")
                + " of their first visit, and the share of them active again in each following "
                + (data.cohortPeriod() == Granularity.DAY ? "day" : "week") + ".");
        cohorts.removeAll();
        cohorts.add(ExplorationCharts.retentionTable(data.cohorts()));
        lifecycle.setOption(ExplorationCharts.lifecycle(data.lifecycle(),
                selection.partialToday() ? selection.today() : null));
    }

    private static String ratio(List<Double> values) {
        OptionalDouble average = values.stream().filter(v -> v != null).mapToDouble(Double::doubleValue).average();
        return average.isPresent() ? Formats.percent(average.getAsDouble()) : "–";
    }
}
