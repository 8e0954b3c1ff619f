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
import java.util.ArrayList;
import java.util.List;

/**
 * Lifecycle: per week, the active users who are new, retained or resurrected, and those gone dormant (drawn below
 * the axis); per day, stickiness (DAU/WAU, DAU/MAU). Each chart has its grid.
 */
@Route(value = "explore/lifecycle", layout = MainLayout.class)
@PageTitle("Lifecycle")
@RolesAllowed({Roles.ADMINISTRATOR, Roles.ANALYST})
class LifecycleExploreView extends ExplorationView<LifecycleQuery, LifecycleResult> {

    final EChart weeksChart = new EChart();
    final EChart stickinessChart = new EChart();
    ResultGrid weeksGrid;
    ResultGrid stickinessGrid;

    LifecycleExploreView(ExploreViewServices services) {
        super(services, Analysis.LIFECYCLE,
                new Calls<>(ExplorationUrl::lifecycle, ExploreService::lifecycle, LifecycleResult::sql));
        weeksChart.setId("lifecycle-chart");
        stickinessChart.setId("stickiness-chart");
        stickinessChart.setHeight("260px");
    }

    @Override
    LifecycleQuery builderQuery() {
        return new LifecycleQuery(timeRange(), filters.conditions(), filters.joinValue());
    }

    @Override
    void showQuery(LifecycleQuery q) {
        showCommon(q.conditions(), q.join());
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
    void render(LifecycleResult r) {
        if (ExplorationCharts.isEmpty(r)) {
            showNoData("No active users in this range", "Nobody was active in the range with these filters. Try a "
                    + "longer time range or fewer filters.");
            return;
        }
        weeksChart.setOption(ExplorationCharts.lifecycle(r, catalog().today()));
        results.addChart("Active users per week (dormant below the line)", weeksChart);

        List<List<Object>> weekRows = new ArrayList<>();
        for (LifecycleResult.Week w : r.weeks()) {
            weekRows.add(List.<Object>of(w.week(), w.newUsers(), w.retained(), w.resurrected(), w.dormant(), w.active()));
        }
        weeksGrid = results.addGrid(new ResultTable("Weeks", fileName("weeks"), List.of(
                ResultTable.Column.of("Week of", ResultTable.Format.DATE),
                ResultTable.Column.of("New", ResultTable.Format.COUNT),
                ResultTable.Column.of("Retained", ResultTable.Format.COUNT),
                ResultTable.Column.of("Resurrected", ResultTable.Format.COUNT),
                ResultTable.Column.of("Dormant", ResultTable.Format.COUNT),
                ResultTable.Column.of("Active", ResultTable.Format.COUNT)), weekRows));

        stickinessChart.setOption(ExplorationCharts.stickiness(r, catalog().today()));
        results.addChart("Stickiness", stickinessChart);
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
        stickinessGrid = results.addGrid(new ResultTable("Days", fileName("stickiness"), List.of(
                ResultTable.Column.of("Date", ResultTable.Format.DATE),
                ResultTable.Column.of("DAU", ResultTable.Format.COUNT),
                ResultTable.Column.of("WAU", ResultTable.Format.COUNT),
                ResultTable.Column.of("MAU", ResultTable.Format.COUNT),
                ResultTable.Column.of("DAU/WAU", ResultTable.Format.PERCENT),
                ResultTable.Column.of("DAU/MAU", ResultTable.Format.PERCENT)), dayRows));
    }
}
