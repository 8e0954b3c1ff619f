package io.clickstream.studio.explore.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.radiobutton.RadioGroupVariant;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.clickstream.studio.base.ui.MainLayout;
import io.clickstream.studio.base.ui.chart.EChart;
import io.clickstream.studio.explore.ExploreService;
import io.clickstream.studio.explore.model.ComputeMethod;
import io.clickstream.studio.explore.model.EventQuery;
import io.clickstream.studio.explore.model.EventResult;
import io.clickstream.studio.explore.model.Granularity;
import io.clickstream.studio.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Event trends: up to 10 events (each with its own conditions) per day, week or month, counted as users, events or
 * sessions, or as the sum, average, minimum, maximum or median of a numeric property, optionally split by one
 * property. The result: a line or bar chart (the current, partial bucket shaded) and a grid of the numbers.
 */
@Route(value = "explore/event", layout = MainLayout.class)
@PageTitle("Event trends")
@RolesAllowed({Roles.ADMINISTRATOR, Roles.ANALYST})
class EventExploreView extends ExplorationView<EventQuery, EventResult> {

    static final String CHART = "chart";
    static final int MAX_SERIES_IN_CHART = ExplorationCharts.MAX_SERIES;
    /** Up to this many series the grid has a column per series; beyond, a row per series and bucket. */
    static final int MAX_WIDE_SERIES = 12;
    private static final Map<ComputeMethod, String> MEASURES = Map.of(ComputeMethod.USERS, "Users",
            ComputeMethod.EVENTS, "Events", ComputeMethod.SESSIONS, "Sessions", ComputeMethod.SUM, "Sum of…",
            ComputeMethod.AVG, "Average of…", ComputeMethod.MIN, "Minimum of…", ComputeMethod.MAX, "Maximum of…",
            ComputeMethod.MEDIAN, "Median of…");

    final EventListEditor events;
    final Select<ComputeMethod> measure = new Select<>();
    final PropertyField valueProperty = new PropertyField("Of", true);
    final Select<Granularity> granularity = new Select<>();
    final PropertyField groupBy = new PropertyField("Group by", false);
    final RadioButtonGroup<String> chartType = new RadioButtonGroup<>();
    final EChart chart = new EChart();
    ResultGrid grid;

    EventExploreView(ExploreViewServices services) {
        super(services, Analysis.EVENT,
                new Calls<>(ExplorationUrl::event, ExploreService::event, EventResult::sql));
        events = new EventListEditor("Events", "Event", i -> String.valueOf((char) ('A' + i)), this::builderChanged);
        events.setValue(List.of(), 1);
        measure.setLabel("Measure");
        measure.setItems(ComputeMethod.values());
        measure.setItemLabelGenerator(MEASURES::get);
        measure.setValue(ComputeMethod.USERS);
        measure.setWidthFull();
        measure.addValueChangeListener(e -> {
            valueProperty.setVisible(e.getValue() != null && e.getValue().needsValue());
            builderChanged();
        });
        valueProperty.setVisible(false);
        valueProperty.addValueChangeListener(e -> builderChanged());
        granularity.setLabel("Per");
        granularity.setItems(Granularity.values());
        granularity.setItemLabelGenerator(g -> switch (g) {
            case DAY -> "Day";
            case WEEK -> "Week (from Monday)";
            case MONTH -> "Month";
        });
        granularity.setValue(Granularity.DAY);
        granularity.setWidthFull();
        granularity.addValueChangeListener(e -> builderChanged());
        groupBy.setClearButtonVisible(true);
        groupBy.setPlaceholder("No grouping");
        groupBy.addValueChangeListener(e -> builderChanged());
        chartType.setItems("line", "bar");
        chartType.setItemLabelGenerator(t -> t.equals("bar") ? "Bars" : "Line");
        chartType.setValue("line");
        chartType.setAriaLabel("Chart type");
        chartType.addThemeVariants(RadioGroupVariant.LUMO_HELPER_ABOVE_FIELD);
        chartType.addClassName("cs-chart-type");
        chartType.addValueChangeListener(e -> {
            if (e.isFromClient() && result != null) {
                results.startResult();
                render(result);
                navigate(query, false);
            }
        });
        chart.setId("event-chart");
        Div measureRow = new Div(measure, granularity);
        measureRow.addClassName("cs-two-fields");
        form.add(section(null, events), section(null, measureRow, valueProperty), section(null, groupBy));
    }

    @Override
    EventQuery builderQuery() {
        ComputeMethod method = measure.getValue();
        return new EventQuery(timeRange(), events.value(), granularity.getValue(), method,
                method != null && method.needsValue() ? valueProperty.getValue() : null, groupBy.getValue(),
                filters.conditions(), filters.joinValue());
    }

    @Override
    void showQuery(EventQuery q) {
        showCommon(q.conditions(), q.join());
        events.setValue(q.events(), 1);
        measure.setValue(q.computeMethod());
        valueProperty.setValue(q.valueProperty());
        valueProperty.setVisible(q.computeMethod().needsValue() || q.valueProperty() != null);
        granularity.setValue(q.granularity());
        groupBy.setValue(q.groupBy());
    }

    @Override
    Map<String, List<String>> viewParams() {
        return "bar".equals(chartType.getValue()) ? Map.of(CHART, List.of("bar")) : Map.of();
    }

    @Override
    void showViewParams(Map<String, List<String>> params) {
        chartType.setValue(params.getOrDefault(CHART, List.of()).contains("bar") ? "bar" : "line");
    }

    @Override
    void bindFields(BuilderErrors errors) {
        events.bind(errors, "events");
        errors.bind("computeMethod", measure);
        errors.bind("valueProperty", valueProperty);
        errors.bind("granularity", granularity);
        errors.bind("groupBy", groupBy);
    }

    @Override
    void setCatalog(BuilderCatalog catalog) {
        events.setCatalog(catalog);
        valueProperty.setCatalog(catalog);
        groupBy.setCatalog(catalog);
    }

    @Override
    String emptyHint() {
        return "Pick an event to see how often it happens. Add more events to compare them, choose what to count, "
                + "and group by a property to split each line.";
    }

    @Override
    void render(EventResult r) {
        if (ExplorationCharts.isEmpty(r)) {
            showNoData("No matching events in this range", "None of these events happened in the range with these "
                    + "filters. Try a longer time range, other events or fewer conditions.");
            return;
        }
        Granularity per = query.granularity();
        chart.setOption(ExplorationCharts.trend(r, per, this::eventLabel, "bar".equals(chartType.getValue()),
                catalog().today()));
        String measured = MEASURES.get(query.computeMethod()).replace("…", "")
                + (query.valueProperty() == null ? "" : " " + catalog().propertyLabel(query.valueProperty()));
        int count = r.series().size();
        Div card = results.addChart(measured.strip() + " per " + per.name().toLowerCase(Locale.ROOT)
                + (count > MAX_SERIES_IN_CHART ? " (the " + MAX_SERIES_IN_CHART + " largest of " + count + ")" : ""),
                chart);
        card.addComponentAtIndex(1, chartType);
        grid = results.addGrid(table(r, ExplorationCharts.buckets(r)));
    }

    private ResultTable table(EventResult r, List<LocalDate> buckets) {
        boolean counts = query.computeMethod() == ComputeMethod.USERS || query.computeMethod() == ComputeMethod.EVENTS
                || query.computeMethod() == ComputeMethod.SESSIONS;
        ResultTable.Format valueFormat = counts ? ResultTable.Format.COUNT : ResultTable.Format.NUMBER;
        List<ResultTable.Column> columns = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        columns.add(ResultTable.Column.of(query.granularity() == Granularity.DAY ? "Date"
                : query.granularity() == Granularity.WEEK ? "Week of" : "Month of", ResultTable.Format.DATE));
        if (r.series().size() <= MAX_WIDE_SERIES) {
            r.series().forEach(s -> columns.add(ResultTable.Column.of(seriesName(s), valueFormat)));
            for (int i = 0; i < buckets.size(); i++) {
                List<Object> row = new ArrayList<>();
                row.add(buckets.get(i));
                for (EventResult.Series s : r.series()) {
                    row.add(value(s.points().get(i).value()));
                }
                rows.add(row);
            }
        } else {
            columns.add(ResultTable.Column.of("Event", ResultTable.Format.TEXT));
            columns.add(ResultTable.Column.of(catalog().propertyLabel(query.groupBy()), ResultTable.Format.TEXT));
            columns.add(ResultTable.Column.of("Value", valueFormat));
            for (int i = 0; i < buckets.size(); i++) {
                for (EventResult.Series s : r.series()) {
                    List<Object> row = new ArrayList<>();
                    row.add(buckets.get(i));
                    row.add(eventLabel(s.event()));
                    row.add(s.group());
                    row.add(value(s.points().get(i).value()));
                    rows.add(row);
                }
            }
        }
        return new ResultTable("Numbers", fileName(null), columns, rows);
    }

    private String seriesName(EventResult.Series s) {
        return ExplorationCharts.seriesName(s, query.groupBy() != null, this::eventLabel);
    }

    private static Object value(Number value) {
        if (value == null) {
            return null;
        }
        return value instanceof Long || value instanceof Integer ? (Object) value.longValue()
                : (Object) value.doubleValue();
    }
}
