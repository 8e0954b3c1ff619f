package io.clickstream.studio.pipeline.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import io.clickstream.studio.explore.exec.QueryFailure;
import io.clickstream.studio.pipeline.PipelineAdminService;
import io.clickstream.studio.pipeline.QuarantineReport;

/**
 * What the ETL quarantined for the pipeline's apps: events a collector accepted with a {@code 200} that could not be
 * modeled (a missing field, a bad timestamp, ...), by reason, and the raw text of the newest ones of the reason
 * picked, so a developer sees why their events did not arrive.
 */
final class QuarantinePanel extends Div {

    static final int SAMPLES = 5;

    final Grid<QuarantineReport.Reason> reasons = new Grid<>();
    final Div samples = new Div();
    final Button refresh = new Button("Refresh", VaadinIcon.REFRESH.create());
    final Paragraph summary = new Paragraph();
    private final PipelineAdminService service;
    private final String pipelineId;
    QuarantineReport report;

    QuarantinePanel(PipelineAdminService service, String pipelineId) {
        this.service = service;
        this.pipelineId = pipelineId;
        reasons.setId("quarantine-reasons");
        reasons.addColumn(QuarantineReport.Reason::reason).setHeader("Reason").setFlexGrow(1);
        reasons.addColumn(QuarantineReport.Reason::records).setHeader("Records").setAutoWidth(true).setFlexGrow(0);
        reasons.addColumn(r -> r.lastSeen() == null ? "" : MonitoringPanel.DATE_TIME.format(r.lastSeen()))
                .setHeader("Last seen (UTC)").setAutoWidth(true).setFlexGrow(0);
        reasons.setAllRowsVisible(true);
        reasons.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_NO_BORDER);
        reasons.asSingleSelect().addValueChangeListener(e -> showSamples(e.getValue()));
        refresh.setId("refresh-quarantine");
        refresh.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        refresh.addClickListener(click -> load());
        summary.setId("quarantine-summary");
        summary.addClassName("cs-muted");
        samples.setId("quarantine-samples");
        Div top = new Div(new H3("Quarantined events"), refresh);
        top.addClassName("cs-project-top");
        Div card = new Div(top, summary, reasons, samples);
        card.addClassName("cs-card");
        add(card);
    }

    void load() {
        try {
            report = service.quarantine(pipelineId, SAMPLES);
        } catch (QueryFailure e) {
            summary.setText("The quarantine could not be read: " + e.getMessage());
            return;
        }
        reasons.setItems(report.reasons());
        summary.setText(report.reasons().isEmpty()
                ? "Nothing quarantined: every event accepted by ingestion was modeled (or waits for the next ETL run)."
                : report.total() + " records accepted with a 200 could not be modeled. Pick a reason to see the "
                + "newest raw texts.");
        if (!report.reasons().isEmpty()) {
            reasons.select(report.reasons().get(0));
        } else {
            samples.removeAll();
        }
    }

    private void showSamples(QuarantineReport.Reason reason) {
        samples.removeAll();
        if (reason == null) {
            return;
        }
        for (QuarantineReport.Sample s : reason.samples()) {
            Span meta = new Span(s.appId() + (s.ingestTime() == null ? ""
                    : " · accepted " + MonitoringPanel.DATE_TIME.format(s.ingestTime()) + " UTC"));
            meta.addClassName("cs-muted");
            Pre raw = new Pre(s.raw() == null ? "(no text: the whole file could not be read)" : s.raw());
            raw.addClassNames("cs-code", "cs-quarantine-raw");
            samples.add(meta, raw);
        }
    }
}
