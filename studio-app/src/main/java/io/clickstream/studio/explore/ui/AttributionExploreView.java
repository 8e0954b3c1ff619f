package io.clickstream.studio.explore.ui;

import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.clickstream.studio.base.ui.MainLayout;
import io.clickstream.studio.base.ui.chart.EChart;
import io.clickstream.studio.explore.ExploreService;
import io.clickstream.studio.explore.model.AttributionQuery;
import io.clickstream.studio.explore.model.AttributionResult;
import io.clickstream.studio.explore.model.Window;
import io.clickstream.studio.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.util.ArrayList;
import java.util.List;

/**
 * Attribution: each goal event's credit shared among the touch points before it (within a window) by a model. The
 * result: totals, a bar per touch point, and a grid of conversions and value credited to each.
 */
@Route(value = "explore/attribution", layout = MainLayout.class)
@PageTitle("Attribution")
@RolesAllowed({Roles.ADMINISTRATOR, Roles.ANALYST})
class AttributionExploreView extends ExplorationView<AttributionQuery, AttributionResult> {

    static final int MAX_BARS = ExplorationCharts.MAX_BARS;

    final EventSpecEditor goal;
    final PropertyField goalValue = new PropertyField("Value of a conversion", true);
    final Select<AttributionQuery.Model> model = new Select<>();
    final NumberField halfLife = new NumberField("Half-life (days)");
    final WindowField window = new WindowField("Look-back window",
            List.of(Window.Unit.DAY, Window.Unit.SESSION, Window.Unit.SAME_DAY), Window.of(7, Window.Unit.DAY));
    final Select<AttributionQuery.TouchPoints.Label> touchLabel = new Select<>();
    final EventListEditor touchPoints;
    final EChart chart = new EChart();
    ResultGrid grid;

    AttributionExploreView(ExploreViewServices services) {
        super(services, Analysis.ATTRIBUTION,
                new Calls<>(ExplorationUrl::attribution, ExploreService::attribution, AttributionResult::sql));
        goal = new EventSpecEditor("Goal", this::builderChanged);
        goalValue.setClearButtonVisible(true);
        goalValue.setPlaceholder("Each conversion counts 1");
        goalValue.addValueChangeListener(e -> builderChanged());
        model.setLabel("Model");
        model.setItems(AttributionQuery.Model.values());
        model.setItemLabelGenerator(m -> switch (m) {
            case FIRST_TOUCH -> "First touch";
            case LAST_TOUCH -> "Last touch";
            case LINEAR -> "Linear (equal shares)";
            case POSITION_BASED -> "Position based (40/20/40)";
            case TIME_DECAY -> "Time decay";
        });
        model.setValue(AttributionQuery.Model.LAST_TOUCH);
        model.setWidthFull();
        model.addValueChangeListener(e -> {
            halfLife.setVisible(e.getValue() == AttributionQuery.Model.TIME_DECAY);
            builderChanged();
        });
        halfLife.setMin(0.1);
        halfLife.setMax(365);
        halfLife.setValue(7.0);
        halfLife.setVisible(false);
        halfLife.setWidthFull();
        halfLife.addValueChangeListener(e -> builderChanged());
        window.setWidthFull();
        window.addValueChangeListener(e -> builderChanged());
        touchLabel.setLabel("Credit goes to");
        touchLabel.setItems(AttributionQuery.TouchPoints.Label.values());
        touchLabel.setItemLabelGenerator(l -> switch (l) {
            case EVENT -> "The touch point's event";
            case TRAFFIC_SOURCE -> "Its traffic source";
            case CAMPAIGN -> "Its campaign";
        });
        touchLabel.setValue(AttributionQuery.TouchPoints.Label.EVENT);
        touchLabel.setWidthFull();
        touchLabel.addValueChangeListener(e -> builderChanged());
        touchPoints = new EventListEditor("Touch points", "Touch point", null, this::builderChanged);
        touchPoints.setValue(List.of(), 1);
        chart.setId("attribution-chart");
        form.add(section("Goal", goal, goalValue), section(null, touchPoints, touchLabel),
                section("Credit", model, halfLife, window));
    }

    @Override
    AttributionQuery builderQuery() {
        AttributionQuery.Model chosen = model.getValue();
        return new AttributionQuery(timeRange(), chosen, goal.value(), goalValue.getValue(),
                window.getValue(), new AttributionQuery.TouchPoints(touchLabel.getValue(), touchPoints.value()),
                chosen == AttributionQuery.Model.TIME_DECAY ? halfLife.getValue() : null, filters.conditions(),
                filters.joinValue());
    }

    @Override
    void showQuery(AttributionQuery q) {
        showCommon(q.conditions(), q.join());
        goal.setValue(q.goal());
        goalValue.setValue(q.goalValueProperty());
        model.setValue(q.model());
        halfLife.setValue(q.timeDecayHalfLifeDays() == null ? 7.0 : q.timeDecayHalfLifeDays());
        halfLife.setVisible(q.model() == AttributionQuery.Model.TIME_DECAY);
        window.setValue(q.window());
        touchLabel.setValue(q.touchPoints() == null ? AttributionQuery.TouchPoints.Label.EVENT : q.touchPoints().type());
        touchPoints.setValue(q.touchPoints() == null ? List.of() : q.touchPoints().events(), 1);
    }

    @Override
    void bindFields(BuilderErrors errors) {
        goal.bind(errors, "goal");
        errors.bind("goalValueProperty", goalValue);
        errors.bind("model", model);
        errors.bind("timeDecayHalfLifeDays", halfLife);
        errors.bind("window", window);
        errors.bind("touchPoints", touchPoints.error);
        errors.bind("touchPoints.type", touchLabel);
        touchPoints.bind(errors, "touchPoints.events");
    }

    @Override
    void setCatalog(BuilderCatalog catalog) {
        goal.setCatalog(catalog);
        goalValue.setCatalog(catalog);
        touchPoints.setCatalog(catalog);
    }

    @Override
    String emptyHint() {
        return "Pick the goal (a purchase, a sign-up) and the events that count as touch points (sessions, ad "
                + "clicks). Each goal's credit is shared among the touch points before it.";
    }

    @Override
    void render(AttributionResult r) {
        if (ExplorationCharts.isEmpty(r)) {
            showNoData("No conversions in this range", "Nobody did " + eventLabel(query.goal().event())
                    + " in the range with these filters. Try a longer time range or another goal.");
            return;
        }
        boolean valued = query.goalValueProperty() != null;
        long attributed = r.totalConversions() - r.unattributedConversions();
        List<String[]> figures = new ArrayList<>(List.of(
                new String[] {"Conversions", ResultGrid.count(r.totalConversions())},
                new String[] {"Attributed", ResultGrid.percent((double) attributed / r.totalConversions())},
                new String[] {"Without a touch point", ResultGrid.count(r.unattributedConversions())}));
        if (valued) {
            figures.add(new String[] {"Value", ResultGrid.decimal(r.totalValue())});
        }
        results.addFigures(figures.toArray(new String[0][]));
        if (r.touchPoints().isEmpty()) {
            // An empty chart would say nothing: say why no bar has credit, under the figures, with the grid.
            results.addNote("No touch point before any conversion", "None of the " + eventLabel(query.goal().event())
                    + " events had one of these touch points " + (query.touchPoints().type()
                    == AttributionQuery.TouchPoints.Label.EVENT ? "" : "with a " + (query.touchPoints().type()
                    == AttributionQuery.TouchPoints.Label.CAMPAIGN ? "campaign " : "traffic source "))
                    + "in its look-back window. Try a longer window or other touch point events.");
        } else {
            chart.setOption(ExplorationCharts.attribution(r, valued, this::label));
            int bars = Math.min(MAX_BARS, r.touchPoints().size());
            chart.setHeight(Math.max(200, 36 * bars + 40) + "px");
            results.addChart((valued ? "Value" : "Conversions") + " credited to each touch point", chart);
        }

        // Without a goal value every conversion counts 1: value columns would repeat the conversions.
        List<List<Object>> rows = new ArrayList<>();
        for (AttributionResult.Credit credit : r.touchPoints()) {
            rows.add(row(label(credit.touchPoint()), credit.conversions(), r, credit.value(), valued));
        }
        rows.add(row("(no touch point)", r.unattributedConversions(), r, r.unattributedValue(), valued));
        List<ResultTable.Column> columns = new ArrayList<>(List.of(
                ResultTable.Column.of("Touch point", ResultTable.Format.TEXT),
                ResultTable.Column.of("Conversions", ResultTable.Format.NUMBER),
                ResultTable.Column.of("Share of conversions", ResultTable.Format.PERCENT)));
        if (valued) {
            columns.add(ResultTable.Column.of("Value", ResultTable.Format.NUMBER));
            columns.add(ResultTable.Column.of("Share of value", ResultTable.Format.PERCENT));
        }
        grid = results.addGrid(new ResultTable("Credit per touch point", fileName("credit"), columns, rows));
    }

    private static List<Object> row(String touchPoint, double conversions, AttributionResult r, double value,
                                    boolean valued) {
        List<Object> row = new ArrayList<>();
        row.add(touchPoint);
        row.add(conversions);
        row.add(conversions / r.totalConversions());
        if (valued) {
            row.add(value);
            row.add(r.totalValue() == 0 ? null : value / r.totalValue());
        }
        return row;
    }

    private String label(String touchPoint) {
        return query.touchPoints().type() == AttributionQuery.TouchPoints.Label.EVENT ? eventLabel(touchPoint)
                : touchPoint;
    }
}
