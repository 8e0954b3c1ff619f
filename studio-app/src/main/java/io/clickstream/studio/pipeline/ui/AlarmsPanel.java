package io.clickstream.studio.pipeline.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.IntegerField;
import io.clickstream.metadata.Versioned;
import io.clickstream.studio.base.ConflictException;
import io.clickstream.studio.base.InvalidInputException;
import io.clickstream.studio.base.ui.FieldErrors;
import io.clickstream.studio.pipeline.AlarmKind;
import io.clickstream.studio.pipeline.AlarmRule;
import io.clickstream.studio.pipeline.MonitoringSnapshot;
import io.clickstream.studio.pipeline.MonitoringSnapshot.AlarmEvent;
import io.clickstream.studio.pipeline.MonitoringSnapshot.AlarmStatus;
import io.clickstream.studio.pipeline.PipelineAdminService;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A pipeline's alarms: for each kind, on or off and its threshold, with whether it fires now and why; saved to the
 * store and evaluated by the server from the next sample on. Below, the alarms that fired and cleared.
 */
final class AlarmsPanel extends Div {

    final Map<AlarmKind, Checkbox> enabled = new EnumMap<>(AlarmKind.class);
    final Map<AlarmKind, IntegerField> thresholds = new EnumMap<>(AlarmKind.class);
    final Map<AlarmKind, Span> states = new EnumMap<>(AlarmKind.class);
    final Button save = new Button("Save alarms");
    final Grid<AlarmEvent> history = new Grid<>();
    final FieldErrors errors = new FieldErrors();
    private final PipelineAdminService service;
    private final String pipelineId;
    private long version;

    AlarmsPanel(PipelineAdminService service, String pipelineId) {
        this.service = service;
        this.pipelineId = pipelineId;
        Div rows = new Div();
        rows.addClassName("cs-alarm-rules");
        for (AlarmKind kind : AlarmKind.values()) {
            Checkbox on = new Checkbox(kind.label());
            on.setId("alarm-" + kind.id() + "-enabled");
            enabled.put(kind, on);
            Span state = new Span();
            state.setId("alarm-" + kind.id() + "-state");
            states.put(kind, state);
            Paragraph explanation = new Paragraph(explain(kind));
            explanation.addClassName("cs-muted");
            Div row = new Div(on);
            row.addClassName("cs-alarm-rule");
            if (kind.hasThreshold()) {
                IntegerField threshold = new IntegerField();
                threshold.setId("alarm-" + kind.id() + "-threshold");
                threshold.setAriaLabel(kind.label() + " threshold");
                threshold.setSuffixComponent(new Span(kind.unit()));
                threshold.setMin(kind.min());
                threshold.setMax(kind.max());
                threshold.setWidth("9em");
                thresholds.put(kind, threshold);
                errors.bind(kind.id() + ".threshold", threshold);
                row.add(threshold);
            } else {
                row.add(new Span());
            }
            row.add(state, explanation);
            rows.add(row);
        }
        save.setId("save-alarms");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(click -> save());
        Div rules = new Div(new H3("Alarms"), new Paragraph("Evaluated by the studio at every sample and exported to "
                + "/actuator/prometheus as clickstream_pipeline_alarm_firing, for alerting of your own."), rows, save);
        rules.addClassName("cs-card");

        history.setId("alarm-history");
        history.addColumn(e -> MonitoringPanel.DATE_TIME.format(e.at())).setHeader("When (UTC)").setAutoWidth(true);
        history.addColumn(e -> e.kind().label()).setHeader("Alarm").setAutoWidth(true);
        history.addColumn(e -> e.fired() ? "Fired" : "Cleared").setHeader("").setAutoWidth(true);
        history.addColumn(AlarmEvent::message).setHeader("Why").setFlexGrow(1);
        history.setAllRowsVisible(true);
        history.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_NO_BORDER);
        Div historyCard = new Div(new H3("Fired and cleared"), history);
        historyCard.addClassName("cs-card");
        add(rules, historyCard);
        addClassName("cs-alarms");
        load();
    }

    private static String explain(AlarmKind kind) {
        return switch (kind) {
            case NO_DATA -> "Fires when the pipeline's ingestion accepts no event for this many minutes.";
            case ETL_FAILED -> "Fires when the last ETL pass failed; clears after one succeeds.";
            case ETL_LAG -> "Fires when the oldest raw batch not yet modeled is older than this.";
            case QUARANTINE_RATE -> "Fires when more than this share of the last hour's modeled records were "
                    + "quarantined.";
        };
    }

    void load() {
        Versioned<List<AlarmRule>> rules = service.alarmRules(pipelineId);
        version = rules.version();
        for (AlarmRule rule : rules.value()) {
            enabled.get(rule.kind()).setValue(rule.enabled());
            IntegerField threshold = thresholds.get(rule.kind());
            if (threshold != null) {
                threshold.setValue(rule.threshold());
            }
        }
        errors.clear();
    }

    void save() {
        List<AlarmRule> rules = new ArrayList<>();
        for (AlarmKind kind : AlarmKind.values()) {
            IntegerField threshold = thresholds.get(kind);
            int value = threshold == null ? 0 : threshold.getValue() == null ? -1 : threshold.getValue();
            rules.add(new AlarmRule(kind, enabled.get(kind).getValue(), value));
        }
        try {
            version = service.saveAlarmRules(pipelineId, rules, version).version();
            errors.clear();
            FieldErrors.success("Alarms saved; they apply from the next sample");
        } catch (InvalidInputException e) {
            errors.show(e);
        } catch (ConflictException | io.clickstream.metadata.ItemConflictException e) {
            FieldErrors.error("Someone else changed the alarms meanwhile: their version is shown, set yours again");
            load();
        }
    }

    /** Shows each alarm's state and the history of a snapshot (null: not running here). */
    void show(MonitoringSnapshot snapshot) {
        Map<AlarmKind, AlarmStatus> byKind = new EnumMap<>(AlarmKind.class);
        if (snapshot != null) {
            snapshot.alarms().forEach(a -> byKind.put(a.rule().kind(), a));
        }
        for (AlarmKind kind : AlarmKind.values()) {
            Span state = states.get(kind);
            AlarmStatus status = byKind.get(kind);
            state.getElement().getThemeList().clear();
            if (status == null) {
                state.setText(snapshot == null ? "not evaluated: the pipeline does not run here" : "");
                state.getElement().getThemeList().add("badge contrast pill");
            } else if (status.firing()) {
                state.setText("Firing since " + MonitoringPanel.TIME.format(status.since()) + " UTC: "
                        + status.message());
                state.getElement().getThemeList().add("badge error primary pill");
            } else {
                state.setText(status.rule().enabled() ? "OK" : "Off");
                state.getElement().getThemeList().add(status.rule().enabled() ? "badge success pill"
                        : "badge contrast pill");
            }
        }
        history.setItems(snapshot == null ? List.of() : snapshot.alarmHistory());
    }
}
