package io.clickstream.studio.explore.ui;

import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.clickstream.studio.base.ui.MainLayout;
import io.clickstream.studio.base.ui.chart.EChart;
import io.clickstream.studio.explore.ExploreService;
import io.clickstream.studio.explore.model.LifecycleQuery;
import io.clickstream.studio.explore.model.LifecycleResult;
import io.clickstream.studio.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Lifecycle: per week, the active users who are new, retained or resurrected, and those gone dormant (drawn below
 * the axis); per day, stickiness (DAU/WAU, DAU/MAU). Each chart has its grid.
 */
@Route(value = "explore/lifecycle", layout = MainLayout.class)
@PageTitle("Lifecycle")
@RolesAllowed({Roles.ADMINISTRATOR, Roles.ANALYST})
class LifecycleExploreView extends ExplorationView<LifecycleQuery, LifecycleResult> {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH);

    final EChart weeksChart = new EChart();
    final EChart stickinessChart = new EChart();
    ResultGrid weeksGrid;
    ResultGrid stickinessGrid;

    LifecycleExploreView(ExploreViewServices services) {
        super(services, Analysis.LIFECYCLE);
        weeksChart.setId("lifecycle-chart");
        stickinessChart.setId("stickiness-chart");
        stickinessChart.setHeight("260px");
    }

    @Override
    LifecycleQuery builderQuery() {
        return new LifecycleQuery(timeRange.getValue(), filters.conditions(), filters.joinValue());
    }

    @Override
    void showQuery(LifecycleQuery q) {
        showCommon(q.timeRange(), q.conditions(), q.join());
    }

    @Override
    ExplorationUrl.Decoded<LifecycleQuery> decode(Map<String, List<String>> params) {
        return ExplorationUrl.lifecycle(params);
    }

    @Override
    LifecycleResult execute(String appId, LifecycleQuery q, ExploreService.Caller caller) {
        return services.explore.lifecycle(appId, q, caller);
    }

    @Override
    void bindFields(BuilderErrors errors) {
    }

    @Override
    void setCatalog(BuilderCatalog catalog) {
    }

    @Override
    boolean runsWithoutInput() {
        return true;
    }

    @Override
    String emptyHint() {
        return "Lifecycle shows how the active users of each week split.";
    }

    @Override
    String sql(LifecycleResult r) {
        return r.sql();
    }

    @Override
    void render(LifecycleResult r) {
        if (r.weeks().stream().allMatch(w -> w.active() == 0 && w.dormant() == 0)) {
            showNoData("No active users in this range", "Nobody was active in the range with these filters. Try a "
                    + "longer time range or fewer filters.");
            return;
        }
        List<String> weeks = r.weeks().stream().map(w -> "Week of " + w.week().format(DAY)).toList();
        weeksChart.setOption(ExploreCharts.lifecycle(weeks,
                r.weeks().stream().map(LifecycleResult.Week::newUsers).toList(),
                r.weeks().stream().map(LifecycleResult.Week::retained).toList(),
                r.weeks().stream().map(LifecycleResult.Week::resurrected).toList(),
                r.weeks().stream().map(LifecycleResult.Week::dormant).toList()));
        output.add(chartCard("Active users per week (dormant below the line)", weeksChart));

        List<List<Object>> weekRows = new ArrayList<>();
        for (LifecycleResult.Week w : r.weeks()) {
            weekRows.add(List.<Object>of(w.week(), w.newUsers(), w.retained(), w.resurrected(), w.dormant(), w.active()));
        }
        weeksGrid = new ResultGrid(new ResultTable("Weeks", fileName("weeks"), List.of(
                ResultTable.Column.of("Week of", ResultTable.Format.DATE),
                ResultTable.Column.of("New", ResultTable.Format.COUNT),
                ResultTable.Column.of("Retained", ResultTable.Format.COUNT),
                ResultTable.Column.of("Resurrected", ResultTable.Format.COUNT),
                ResultTable.Column.of("Dormant", ResultTable.Format.COUNT),
                ResultTable.Column.of("Active", ResultTable.Format.COUNT)), weekRows));
        output.add(weeksGrid);

        stickinessChart.setOption(ExploreCharts.stickiness(
                r.stickiness().stream().map(d -> d.date().format(DAY)).toList(),
                r.stickiness().stream().map(d -> d.dauOverWau() == null ? null : d.dauOverWau() * 100).toList(),
                r.stickiness().stream().map(d -> d.dauOverMau() == null ? null : d.dauOverMau() * 100).toList()));
        output.add(chartCard("Stickiness", stickinessChart));
        List<List<Object>> dayRows = new ArrayList<>();
        for (LifecycleResult.Day d : r.stickiness()) {
            List<Object> row = new ArrayList<>();
            row.add(d.date());
            row.add(d.dau());
            row.add(d.wau());
            row.add(d.mau());
            row.add(d.dauOverWau());
            row.add(d.dauOverMau());
            dayRows.add(row);
        }
        stickinessGrid = new ResultGrid(new ResultTable("Days", fileName("stickiness"), List.of(
                ResultTable.Column.of("Date", ResultTable.Format.DATE),
                ResultTable.Column.of("DAU", ResultTable.Format.COUNT),
                ResultTable.Column.of("WAU", ResultTable.Format.COUNT),
                ResultTable.Column.of("MAU", ResultTable.Format.COUNT),
                ResultTable.Column.of("DAU/WAU", ResultTable.Format.PERCENT),
                ResultTable.Column.of("DAU/MAU", ResultTable.Format.PERCENT)), dayRows));
        output.add(stickinessGrid);
    }
}
