package io.clickstream.studio.pipeline.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AttachmentType;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import io.clickstream.metadata.Versioned;
import io.clickstream.pipeline.definition.RuntimeMode;
import io.clickstream.pipeline.lifecycle.Pipeline;
import io.clickstream.pipeline.lifecycle.PipelineStatus;
import io.clickstream.pipeline.lifecycle.StatusChange;
import io.clickstream.studio.base.CollectCommand;
import io.clickstream.studio.base.ConflictException;
import io.clickstream.studio.base.NotFoundException;
import io.clickstream.studio.base.ui.ConfirmDelete;
import io.clickstream.studio.base.ui.FieldErrors;
import io.clickstream.studio.base.ui.MainLayout;
import io.clickstream.studio.base.ui.ViewHeader;
import io.clickstream.studio.pipeline.MonitoringSnapshot;
import io.clickstream.studio.pipeline.PipelineAdminService;
import io.clickstream.studio.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * One pipeline (Administrator, Operator): its status and endpoint, a banner while alarms fire or it is degraded,
 * its actions (retry, update, stop or start, export, delete with confirmation), and tabs for live monitoring
 * (redrawn by server push after every sample), quarantine, alarms, history and its definition.
 */
@Route(value = "pipeline", layout = MainLayout.class)
@RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR})
class PipelineView extends Main implements HasUrlParameter<String>, HasDynamicTitle {

    final PipelineAdminService service;
    final ViewHeader header = new ViewHeader("", "");
    final Div statusRow = new Div();
    final Div banner = new Div();
    final Button retry = new Button("Retry", VaadinIcon.ROTATE_LEFT.create());
    final Button edit = new Button("Update", VaadinIcon.EDIT.create());
    final Button stop = new Button("Stop", VaadinIcon.STOP.create());
    final Button start = new Button("Start", VaadinIcon.PLAY.create());
    final Button delete = new Button("Delete", VaadinIcon.TRASH.create());
    final Anchor exportYaml = new Anchor();
    final Anchor exportJson = new Anchor();
    final TabSheet tabs = new TabSheet();
    final MonitoringPanel monitoring = new MonitoringPanel();
    final Grid<StatusChange> history = new Grid<>();
    final Pre definition = new Pre();
    /** A curl command that sends one event of an app the pipeline serves to its endpoint. */
    final Pre curl = new Pre();
    final Div sendCard = new Div();
    QuarantinePanel quarantine;
    AlarmsPanel alarms;
    Tab quarantineTab;
    Versioned<Pipeline> pipeline;
    private long quarantinedSeen = -1;
    private final String host;

    PipelineView(PipelineAdminService service) {
        this.service = service;
        String hostHeader = VaadinRequest.getCurrent() == null ? null : VaadinRequest.getCurrent().getHeader("Host");
        this.host = hostHeader == null ? null : hostHeader.replaceFirst(":\\d+$", "");
        addClassName("cs-dashboard");
        retry.setId("pipeline-retry");
        retry.addClickListener(click -> act(() -> service.retry(id()), "Retrying"));
        edit.setId("pipeline-edit");
        edit.addClickListener(click -> UI.getCurrent().navigate(PipelineWizardView.class,
                QueryParameters.of("pipeline", id())));
        stop.setId("pipeline-stop");
        stop.addClickListener(click -> act(() -> service.stop(id()), "Stopping"));
        start.setId("pipeline-start");
        start.addClickListener(click -> act(() -> service.start(id()), "Starting"));
        delete.setId("pipeline-delete");
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
        delete.addClickListener(click -> confirmDelete());
        for (Button b : List.of(retry, edit, stop, start, delete)) {
            b.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        }
        exportYaml.setText("YAML");
        exportYaml.setId("export-yaml");
        exportJson.setText("JSON");
        exportJson.setId("export-json");
        Span export = new Span("Export: ");
        export.addClassName("cs-muted");
        Div exports = new Div(export, exportYaml, new Span(" · "), exportJson);
        exports.addClassName("cs-exports");
        header.getChildren().filter(c -> c.getClassNames().contains("cs-header-actions")).findFirst()
                .ifPresent(tools -> ((Div) tools).add(retry, edit, stop, start, delete));

        statusRow.addClassName("cs-status-row");
        banner.setId("pipeline-banner");
        banner.addClassName("cs-banner");

        history.setId("pipeline-history");
        history.addColumn(c -> MonitoringPanel.DATE_TIME.format(c.at())).setHeader("When (UTC)").setAutoWidth(true)
                .setFlexGrow(0);
        history.addColumn(c -> (c.from() == null ? "" : c.from().label() + " → ") + c.to().label())
                .setHeader("Status")
                .setAutoWidth(true).setFlexGrow(0);
        history.addColumn(StatusChange::reason).setHeader("Reason").setFlexGrow(1);
        history.setAllRowsVisible(true);
        history.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_NO_BORDER);
        definition.addClassName("cs-code");
        definition.setId("pipeline-definition");

        Div historyCard = new Div(new H3("Every transition"), history);
        historyCard.addClassName("cs-card");
        Div definitionCard = new Div(new H3("Definition"), exports, definition);
        definitionCard.addClassName("cs-card");
        tabs.setWidthFull();
        tabs.add(new Tab("Monitoring"), monitoring);
        tabs.setId("pipeline-tabs");
        curl.setId("pipeline-curl");
        curl.addClassName("cs-code");
        Button copy = new Button("Copy", VaadinIcon.COPY.create());
        copy.setId("copy-curl");
        copy.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        copy.addClassName("cs-copy");
        copy.addClickListener(click -> curl.getElement().executeJs(
                "navigator.clipboard && navigator.clipboard.writeText(this.textContent)"));
        Div curlBox = new Div(copy, curl);
        curlBox.addClassName("cs-code-box");
        Paragraph curlNote = new Paragraph("One event of an app the pipeline serves, with a browser-like user agent "
                + "(the ETL drops HTTP tools' own as bots); it shows up in the figures below within seconds.");
        curlNote.addClassName("cs-muted");
        sendCard.add(new H3("Send an event"), curlBox, curlNote);
        sendCard.addClassName("cs-card");
        sendCard.setId("pipeline-send");
        add(header, statusRow, banner, sendCard, tabs);
        tabs.add(new Tab("History"), historyCard);
        tabs.add(new Tab("Definition"), definitionCard);
        LiveUpdates.attach(this, service, ids -> {
            if (pipeline != null) {
                refresh();
            }
        });
    }

    @Override
    public void setParameter(BeforeEvent event, String pipelineId) {
        try {
            pipeline = service.find(pipelineId);
        } catch (NotFoundException e) {
            FieldErrors.error(e.getMessage());
            event.forwardTo(PipelinesView.class);
            return;
        }
        quarantine = new QuarantinePanel(service, pipelineId);
        alarms = new AlarmsPanel(service, pipelineId);
        quarantineTab = tabs.add(new Tab("Quarantine"), quarantine, 1);
        tabs.add(new Tab("Alarms"), alarms, 2);
        tabs.addSelectedChangeListener(e -> {
            if (e.getSelectedTab() == quarantineTab) {
                quarantine.load();
            }
        });
        String yaml = service.export(pipelineId, "yaml");
        String json = service.export(pipelineId, "json");
        exportYaml.setHref(download(pipeline.value().name() + ".yaml", "application/yaml", yaml),
                AttachmentType.DOWNLOAD);
        exportJson.setHref(download(pipeline.value().name() + ".json", "application/json", json),
                AttachmentType.DOWNLOAD);
        definition.setText(yaml);
        refresh();
    }

    @Override
    public String getPageTitle() {
        return pipeline == null ? "Pipeline" : "Pipeline " + pipeline.value().name();
    }

    private String id() {
        return pipeline.value().id();
    }

    /** Reads the pipeline and its monitoring again and redraws the page. */
    void refresh() {
        try {
            pipeline = service.find(id());
        } catch (NotFoundException e) {
            return;
        }
        Pipeline p = pipeline.value();
        header.setTitle(p.name());
        String project = p.projectId() == null ? "every project without a pipeline of its own" : "project "
                + p.projectId();
        header.setSubtitle("Serves " + project + " · " + p.definition().runtime().id() + " · ETL "
                + p.definition().processing().schedule());
        MonitoringSnapshot snapshot = service.monitoring(id()).orElse(null);
        statusRow.removeAll();
        Span status = StatusBadges.status(p.status());
        status.setId("pipeline-status");
        Span alarmBadge = StatusBadges.alarms(snapshot == null ? 0 : snapshot.firing().size());
        alarmBadge.setId("pipeline-alarms");
        statusRow.add(status, alarmBadge);
        String endpoint = service.collectUrl(p, host);
        if (endpoint != null) {
            Span url = new Span(endpoint);
            url.setId("pipeline-endpoint");
            url.addClassName("cs-id");
            statusRow.add(new Span("Collect endpoint"), url);
        }
        sendCard.setVisible(endpoint != null);
        if (endpoint != null) {
            curl.setText(CollectCommand.curl(sampleApp(service.appsOf(p)), endpoint));
        }
        Span reason = new Span(p.statusReason());
        reason.setId("pipeline-reason");
        reason.addClassName("cs-muted");
        statusRow.add(reason);

        banner.removeAll();
        List<String> problems = new ArrayList<>();
        if (snapshot != null) {
            snapshot.firing().forEach(a -> problems.add(a.rule().kind().label() + ": " + a.message()));
        }
        if (p.status() == PipelineStatus.WARNING || p.status() == PipelineStatus.FAILED) {
            problems.add(0, p.status().label() + ": " + p.statusReason());
        }
        for (String problem : problems) {
            banner.add(new Paragraph(problem));
        }
        banner.setVisible(!problems.isEmpty());

        boolean busy = p.status().busy();
        boolean local = p.definition().runtime() == RuntimeMode.LOCAL;
        retry.setVisible(p.status() == PipelineStatus.FAILED);
        stop.setVisible(local && (p.status() == PipelineStatus.ACTIVE || p.status() == PipelineStatus.WARNING));
        start.setVisible(local && p.status() == PipelineStatus.STOPPED);
        edit.setEnabled(!busy && p.status() != PipelineStatus.DELETED);
        delete.setEnabled(!busy && p.status() != PipelineStatus.DELETED && p.projectId() != null);
        delete.setTooltipText(p.projectId() == null ? "The default pipeline serves every project without its own: "
                + "stop it instead" : null);

        monitoring.show(snapshot, whyNoFigures(p));
        alarms.show(snapshot);
        List<StatusChange> changes = new ArrayList<>(p.history());
        Collections.reverse(changes);
        history.setItems(changes);
        long quarantined = snapshot == null ? 0 : snapshot.runs().stream().mapToLong(r -> r.quarantined()).sum();
        if (quarantined != quarantinedSeen) {
            quarantinedSeen = quarantined;
            if (tabs.getSelectedTab() == quarantineTab) {
                quarantine.load();
            }
        }
    }

    /** An app the pipeline's ingestion accepts, for the curl example; one to register when it accepts none yet. */
    private static String sampleApp(List<String> apps) {
        return apps.isEmpty() ? "your-app-id" : apps.stream().sorted().findFirst().orElseThrow();
    }

    private static String whyNoFigures(Pipeline p) {
        if (p.definition().runtime() == RuntimeMode.AWS) {
            return "An AWS pipeline's figures are in CloudWatch (its stacks' dashboards and alarms).";
        }
        return switch (p.status()) {
            case STOPPED -> "The pipeline is stopped: start it to collect and model events again.";
            case CREATING, UPDATING -> "The pipeline is starting; its figures appear within a few seconds.";
            case FAILED -> "The pipeline does not run: " + p.statusReason() + ". Retry it, or update its definition.";
            case DELETING, DELETED -> "The pipeline is deleted.";
            default -> "The first sample of the pipeline is taken within a few seconds.";
        };
    }

    private void act(Supplier<Versioned<Pipeline>> action, String what) {
        try {
            pipeline = action.get();
            FieldErrors.success(what + " " + pipeline.value().name());
        } catch (ConflictException | NotFoundException e) {
            FieldErrors.error(e.getMessage());
        }
        refresh();
    }

    private void confirmDelete() {
        Pipeline p = pipeline.value();
        ConfirmDelete.open("Delete pipeline " + p.name() + "?", "Its ingestion stops listening on port "
                + p.definition().ingestion().port() + " and its ETL schedule ends; the apps of project "
                + p.projectId() + " go to the default pipeline. Events already in the lake stay.", () -> {
                    try {
                        service.delete(p.id());
                        FieldErrors.success("Deleting pipeline " + p.name());
                        UI.getCurrent().navigate(PipelinesView.class);
                    } catch (ConflictException | NotFoundException e) {
                        FieldErrors.error(e.getMessage());
                    }
                });
    }

    private static DownloadHandler download(String fileName, String contentType, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return DownloadHandler.fromInputStream(event -> new DownloadResponse(new ByteArrayInputStream(bytes),
                fileName, contentType, bytes.length));
    }
}
