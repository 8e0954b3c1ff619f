package io.clickstream.studio.explore.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.clickstream.studio.base.ui.MainLayout;
import io.clickstream.studio.base.ui.chart.EChart;
import io.clickstream.studio.explore.ExploreService;
import io.clickstream.studio.explore.model.Granularity;
import io.clickstream.studio.explore.model.RetentionQuery;
import io.clickstream.studio.explore.model.RetentionResult;
import io.clickstream.studio.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Retention: cohorts of users by the period of their first start event, and how many of them do the return event
 * 1..n periods later. The result: the average retention curve and the cohort table as a heat map (share of the
 * cohort, the count in each cell's tooltip and in the CSV).
 */
@Route(value = "explore/retention", layout = MainLayout.class)
@PageTitle("Retention")
@RolesAllowed({Roles.ADMINISTRATOR, Roles.ANALYST})
class RetentionExploreView extends ExplorationView<RetentionQuery, RetentionResult> {

    final EventSpecEditor startEvent;
    final EventSpecEditor returnEvent;
    final Select<Granularity> period = new Select<>();
    final IntegerField periods = new IntegerField("Periods");
    final PropertyField sameProperty = new PropertyField("Return with the same", false);
    final EChart chart = new EChart();
    ResultGrid grid;

    RetentionExploreView(ExploreViewServices services) {
        super(services, Analysis.RETENTION,
                new Calls<>(ExplorationUrl::retention, ExploreService::retention, RetentionResult::sql));
        startEvent = new EventSpecEditor("Start event", this::builderChanged);
        returnEvent = new EventSpecEditor("Return event", this::builderChanged);
        period.setLabel("Cohorts by");
        period.setItems(Granularity.values());
        period.setItemLabelGenerator(g -> switch (g) {
            case DAY -> "Day";
            case WEEK -> "Week";
            case MONTH -> "Month";
        });
        period.setValue(Granularity.DAY);
        period.addValueChangeListener(e -> builderChanged());
        periods.setMin(1);
        periods.setMax(12);
        periods.setValue(7);
        periods.setStepButtonsVisible(true);
        periods.addValueChangeListener(e -> builderChanged());
        sameProperty.setClearButtonVisible(true);
        sameProperty.setPlaceholder("Any value");
        sameProperty.setHelperText("Count a return only with the start event's value (the same item)");
        sameProperty.addValueChangeListener(e -> builderChanged());
        chart.setId("retention-chart");
        chart.setHeight("260px");
        Div periodRow = new Div(period, periods);
        periodRow.addClassName("cs-two-fields");
        form.add(section("Users who did", startEvent), section("and came back to do", returnEvent),
                section(null, periodRow, sameProperty));
    }

    @Override
    RetentionQuery builderQuery() {
        return new RetentionQuery(timeRange(), startEvent.value(), returnEvent.value(), period.getValue(),
                periods.getValue(), sameProperty.getValue(), filters.conditions(), filters.joinValue());
    }

    @Override
    void showQuery(RetentionQuery q) {
        showCommon(q.conditions(), q.join());
        startEvent.setValue(q.startEvent());
        returnEvent.setValue(q.returnEvent());
        period.setValue(q.period());
        periods.setValue(q.periods());
        sameProperty.setValue(q.sameProperty());
    }

    @Override
    void bindFields(BuilderErrors errors) {
        startEvent.bind(errors, "startEvent");
        returnEvent.bind(errors, "returnEvent");
        errors.bind("period", period);
        errors.bind("periods", periods);
        errors.bind("sameProperty", sameProperty);
    }

    @Override
    void setCatalog(BuilderCatalog catalog) {
        startEvent.setCatalog(catalog);
        returnEvent.setCatalog(catalog);
        sameProperty.setCatalog(catalog);
    }

    @Override
    String emptyHint() {
        return "Pick the event that starts a cohort (a first open, a sign-up) and the event that counts as coming "
                + "back (any session, a purchase).";
    }

    @Override
    void render(RetentionResult r) {
        if (ExplorationCharts.isEmpty(r)) {
            showNoData("No cohort in this range", "Nobody did " + eventLabel(query.startEvent().event())
                    + " in the range with these filters. Try a longer time range or another start event.");
            return;
        }
        int n = query.periodsOrDefault();
        String unit = switch (query.period()) {
            case DAY -> "Day";
            case WEEK -> "Week";
            case MONTH -> "Month";
        };
        List<String> labels = IntStream.rangeClosed(0, n).mapToObj(k -> unit + " " + k).toList();
        List<Double> curve = ExplorationCharts.retentionCurve(r, n);
        long users = r.cohorts().stream().mapToLong(RetentionResult.Cohort::users).sum();
        Double firstReturn = curve.size() > 1 ? curve.get(1) : null;
        results.addFigures(new String[][] {{"Users in cohorts", ResultGrid.count(users)},
                {unit + " 1 retention", firstReturn == null ? "–" : firstReturn + "%"},
                {unit + " " + n + " retention", curve.get(n) == null ? "–" : curve.get(n) + "%"}});
        chart.setOption(ExplorationCharts.retention(labels, curve));
        results.addChart("Average retention", chart);

        List<ResultTable.Column> columns = new ArrayList<>();
        columns.add(ResultTable.Column.of("Cohort", ResultTable.Format.DATE));
        columns.add(ResultTable.Column.of("Users", ResultTable.Format.COUNT));
        for (int k = 0; k <= n; k++) {
            columns.add(new ResultTable.Column(unit + " " + k, ResultTable.Format.HEAT, 1));
        }
        List<List<Object>> rows = new ArrayList<>();
        for (RetentionResult.Cohort cohort : r.cohorts()) {
            List<Object> row = new ArrayList<>();
            row.add(cohort.start());
            row.add(cohort.users());
            row.addAll(cohort.retained());
            rows.add(row);
        }
        grid = results.addGrid(new ResultTable("Cohorts", fileName("cohorts"), columns, rows));
        grid.addClassName("cs-heatmap");
    }
}
