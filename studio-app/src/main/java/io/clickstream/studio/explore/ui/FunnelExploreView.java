package io.clickstream.studio.explore.ui;

import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.clickstream.studio.base.ui.MainLayout;
import io.clickstream.studio.base.ui.chart.EChart;
import io.clickstream.studio.explore.ExploreService;
import io.clickstream.studio.explore.model.FunnelQuery;
import io.clickstream.studio.explore.model.FunnelResult;
import io.clickstream.studio.explore.model.Window;
import io.clickstream.studio.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Funnel: 2-10 ordered steps, each an event with its own conditions; a conversion window from step 1 (or the same
 * session); strict order; a group-by of step 1's property; optionally the users who dropped before a step. The
 * result: users per step as bars with the conversion rate from step 1, the figures of the whole funnel, and grids of
 * the steps (and of each group, and of the dropped users).
 */
@Route(value = "explore/funnel", layout = MainLayout.class)
@PageTitle("Funnel")
@RolesAllowed({Roles.ADMINISTRATOR, Roles.ANALYST})
class FunnelExploreView extends ExplorationView<FunnelQuery, FunnelResult> {

    static final int MAX_GROUPS_IN_CHART = ExplorationCharts.MAX_GROUPS;

    final EventListEditor steps;
    final WindowField window = new WindowField("Conversion window",
            List.of(Window.Unit.SECOND, Window.Unit.MINUTE, Window.Unit.HOUR, Window.Unit.DAY, Window.Unit.SESSION),
            Window.of(1, Window.Unit.DAY));
    final Checkbox strict = new Checkbox("Strict order: nothing else in between");
    final PropertyField groupBy = new PropertyField("Group by", false);
    final Select<Integer> dropped = new Select<>();
    final EChart chart = new EChart();
    final List<ResultGrid> grids = new ArrayList<>();

    FunnelExploreView(ExploreViewServices services) {
        super(services, Analysis.FUNNEL,
                new Calls<>(ExplorationUrl::funnel, ExploreService::funnel, FunnelExploreView::sqlOf));
        steps = new EventListEditor("Steps", "Step", i -> Integer.toString(i + 1), this::builderChanged);
        steps.setValue(List.of(), 2);
        window.setWidthFull();
        window.setHelperText("From each user's first step 1 in the range");
        window.addValueChangeListener(e -> builderChanged());
        strict.addValueChangeListener(e -> builderChanged());
        groupBy.setClearButtonVisible(true);
        groupBy.setPlaceholder("No grouping");
        groupBy.setHelperText("The value on the user's step 1");
        groupBy.addValueChangeListener(e -> builderChanged());
        dropped.setLabel("List users who dropped");
        dropped.setEmptySelectionAllowed(true);
        dropped.setEmptySelectionCaption("Nobody listed");
        dropped.setItemLabelGenerator(step -> step == null ? "Nobody listed" : "Before step " + step);
        dropped.setItems(2);
        dropped.setWidthFull();
        dropped.addValueChangeListener(e -> builderChanged());
        chart.setId("funnel-chart");
        chart.setHeight("340px");
        form.add(section(null, steps), section("Conversion", window, strict), section(null, groupBy, dropped));
    }

    @Override
    FunnelQuery builderQuery() {
        Integer droppedAt = dropped.getValue();
        return new FunnelQuery(timeRange(), steps.value(), window.getValue(),
                strict.getValue() ? Boolean.TRUE : null, groupBy.getValue(), filters.conditions(), filters.joinValue(),
                droppedAt, null);
    }

    @Override
    void showQuery(FunnelQuery q) {
        showCommon(q.conditions(), q.join());
        steps.setValue(q.steps(), 2);
        window.setValue(q.window());
        strict.setValue(q.strict());
        groupBy.setValue(q.groupBy());
        offerDroppedSteps(Math.max(q.steps().size(), q.droppedAtStep() == null ? 2 : q.droppedAtStep()));
        dropped.setValue(q.droppedAtStep());
    }

    @Override
    void builderChanged() {
        offerDroppedSteps(steps.value().size());
        super.builderChanged();
    }

    private void offerDroppedSteps(int stepCount) {
        List<Integer> choices = IntStream.rangeClosed(2, Math.max(2, stepCount)).boxed().toList();
        if (!choices.equals(dropped.getListDataView().getItems().toList())) {
            Integer current = dropped.getValue();
            dropped.setItems(choices);
            dropped.setValue(current != null && choices.contains(current) ? current : null);
        }
    }

    @Override
    void bindFields(BuilderErrors errors) {
        steps.bind(errors, "steps");
        errors.bind("window", window);
        errors.bind("groupBy", groupBy);
        errors.bind("droppedAtStep", dropped);
        errors.bind("droppedLimit", dropped);
    }

    @Override
    void setCatalog(BuilderCatalog catalog) {
        steps.setCatalog(catalog);
        groupBy.setCatalog(catalog);
    }

    @Override
    String emptyHint() {
        return "Pick at least two events as steps, in the order users should do them. The funnel counts the users "
                + "who do each step after the one before, within the conversion window.";
    }

    /** The funnel's SQL, and the dropped users' when they were asked for. */
    static String sqlOf(FunnelResult r) {
        return r.droppedUsersSql() == null ? r.sql()
                : r.sql() + "\n\n-- The users who dropped:\n" + r.droppedUsersSql();
    }

    @Override
    void render(FunnelResult r) {
        grids.clear();
        List<FunnelResult.Step> overall = r.steps();
        if (ExplorationCharts.isEmpty(r)) {
            showNoData("Nobody entered this funnel", "No user did " + eventLabel(overall.isEmpty() ? null
                    : overall.get(0).event()) + " in this range with these filters. Try a longer time range or "
                    + "fewer conditions.");
            return;
        }
        FunnelResult.Step last = overall.get(overall.size() - 1);
        results.addFigures(new String[][] {
                {"Entered", ResultGrid.count(overall.get(0).users())},
                {"Converted", ResultGrid.count(last.users())},
                {"Conversion", ResultGrid.percent(last.conversionRate())},
                {"Median time to convert", last.medianSecondsToConvert() == null ? "–"
                        : ResultGrid.duration(last.medianSecondsToConvert())}});
        chart.setOption(ExplorationCharts.funnel(r, this::eventLabel));
        results.addChart(r.groups().isEmpty() ? "Users per step" : "Users per step, by "
                + catalog().propertyLabel(groupBy.getValue()), chart);

        grids.add(results.addGrid(stepsTable("Steps", fileName("steps"), overall)));
        if (!r.groups().isEmpty()) {
            List<List<Object>> rows = new ArrayList<>();
            for (FunnelResult.Group group : r.groups()) {
                rows.addAll(stepRows(true, group.group(), group.steps()));
            }
            grids.add(results.addGrid(new ResultTable("Steps by " + catalog().propertyLabel(query.groupBy()),
                    fileName("groups"), stepColumns(true), rows)));
        }
        if (r.droppedUsers() != null) {
            grids.add(results.addGrid(new ResultTable("Users who reached step " + (query.droppedAtStep() - 1)
                    + " but not step " + query.droppedAtStep(), fileName("dropped-users"),
                    List.of(ResultTable.Column.of("User", ResultTable.Format.TEXT)),
                    r.droppedUsers().stream().map(u -> List.<Object>of(u)).toList())));
        }
    }

    private ResultTable stepsTable(String title, String file, List<FunnelResult.Step> steps) {
        return new ResultTable(title, file, stepColumns(false), stepRows(false, null, steps));
    }

    private static List<ResultTable.Column> stepColumns(boolean grouped) {
        List<ResultTable.Column> columns = new ArrayList<>();
        if (grouped) {
            columns.add(ResultTable.Column.of("Group", ResultTable.Format.TEXT));
        }
        columns.add(ResultTable.Column.of("Step", ResultTable.Format.COUNT));
        columns.add(ResultTable.Column.of("Event", ResultTable.Format.TEXT));
        columns.add(ResultTable.Column.of("Users", ResultTable.Format.COUNT));
        columns.add(ResultTable.Column.of("Conversion from step 1", ResultTable.Format.PERCENT));
        columns.add(ResultTable.Column.of("From previous step", ResultTable.Format.PERCENT));
        columns.add(ResultTable.Column.of("Dropped since previous", ResultTable.Format.COUNT));
        columns.add(ResultTable.Column.of("Median time from step 1", ResultTable.Format.SECONDS));
        return columns;
    }

    private List<List<Object>> stepRows(boolean grouped, String group, List<FunnelResult.Step> steps) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            FunnelResult.Step step = steps.get(i);
            long previous = i == 0 ? step.users() : steps.get(i - 1).users();
            List<Object> row = new ArrayList<>();
            if (grouped) {
                row.add(group);
            }
            row.add((long) (i + 1));
            row.add(eventLabel(step.event()));
            row.add(step.users());
            row.add(step.conversionRate());
            row.add(previous == 0 ? null : (double) step.users() / previous);
            row.add(previous - step.users());
            row.add(step.medianSecondsToConvert());
            rows.add(row);
        }
        return rows;
    }
}
