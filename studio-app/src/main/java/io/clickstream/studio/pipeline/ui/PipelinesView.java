package io.clickstream.studio.pipeline.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.server.VaadinRequest;
import io.clickstream.metadata.Versioned;
import io.clickstream.pipeline.lifecycle.Pipeline;
import io.clickstream.studio.base.ui.MainLayout;
import io.clickstream.studio.base.ui.ViewHeader;
import io.clickstream.studio.pipeline.PipelineAdminService;
import io.clickstream.studio.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.time.Instant;
import java.util.List;

/**
 * Every pipeline (Administrator, Operator), or one project's ({@code pipelines?project=<id>}, kept in the URL): status
 * and alarm badges kept live by server push, its project, where its ingestion listens; opens a pipeline's page, or the
 * wizard for a new one.
 */
@Route(value = "pipelines", layout = MainLayout.class)
@PageTitle("Pipelines")
@Menu(order = 70, icon = "vaadin:connect", title = "Pipelines")
@RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR})
class PipelinesView extends Main implements BeforeEnterObserver {

    /** The project filter's value for every pipeline. */
    static final String ALL = "";

    /** A row: the pipeline, its firing alarms and its collect URL. */
    record Row(Versioned<Pipeline> pipeline, int firingAlarms, String endpoint) {
        Pipeline p() {
            return pipeline.value();
        }
    }

    final PipelineAdminService service;
    final Button newPipeline = new Button("New pipeline", VaadinIcon.PLUS.create());
    final Grid<Row> grid = new Grid<>();
    final Div emptyState = new Div();
    final Paragraph emptyText = new Paragraph();
    /** Which project's pipelines are listed: a project id, or {@link #ALL}. */
    final Select<String> project = new Select<>();
    private final String host;

    PipelinesView(PipelineAdminService service) {
        this.service = service;
        this.host = VaadinRequest.getCurrent() == null ? null : VaadinRequest.getCurrent().getHeader("Host") == null
                ? null : VaadinRequest.getCurrent().getHeader("Host").replaceFirst(":\\d+$", "");
        addClassName("cs-dashboard");
        newPipeline.setId("new-pipeline");
        newPipeline.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        newPipeline.addClickListener(click -> UI.getCurrent().navigate(PipelineWizardView.class,
                project.getValue() == null || project.getValue().isEmpty() ? QueryParameters.empty()
                        : QueryParameters.of("project", project.getValue())));

        grid.setId("pipelines");
        grid.addComponentColumn(r -> {
            RouterLink link = new RouterLink(r.p().name(), PipelineView.class, r.p().id());
            link.setId("pipeline-link-" + r.p().name());
            return link;
        }).setHeader("Name").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(r -> r.p().projectId() == null ? "Every project without its own" : r.p().projectId())
                .setHeader("Project").setAutoWidth(true);
        grid.addComponentColumn(r -> {
            Span status = StatusBadges.status(r.p().status());
            status.setId("status-" + r.p().name());
            return status;
        }).setHeader("Status").setAutoWidth(true).setFlexGrow(0);
        grid.addComponentColumn(r -> {
            Span alarms = StatusBadges.alarms(r.firingAlarms());
            alarms.setId("alarms-" + r.p().name());
            return alarms;
        }).setHeader("Alarms").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(r -> r.p().definition().runtime().id()).setHeader("Runtime").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(r -> r.endpoint() == null ? "" : r.endpoint()).setHeader("Endpoint").setFlexGrow(1);
        grid.addColumn(r -> StatusBadges.ago(r.p().updatedAt(), Instant.now())).setHeader("Changed")
                .setAutoWidth(true).setFlexGrow(0);
        grid.setAllRowsVisible(true);
        grid.addThemeVariants(GridVariant.LUMO_NO_BORDER, GridVariant.LUMO_ROW_STRIPES);
        Div card = new Div(grid);
        card.addClassNames("cs-card", "cs-grid-card");

        emptyState.addClassNames("cs-card", "cs-empty");
        emptyState.setId("pipelines-empty");
        emptyState.add(new H3("No pipelines"), emptyText);

        project.setId("pipelines-project");
        project.setAriaLabel("Project");
        // Every project: those with a pipeline of their own and those without.
        java.util.SortedSet<String> projectIds = new java.util.TreeSet<>();
        service.list().forEach(p -> {
            if (p.value().projectId() != null) {
                projectIds.add(p.value().projectId());
            }
        });
        service.projectsWithoutPipeline().forEach(p -> projectIds.add(p.id()));
        List<String> choices = new java.util.ArrayList<>();
        choices.add(ALL);
        choices.addAll(projectIds);
        project.setItems(choices);
        project.setItemLabelGenerator(id -> id.isEmpty() ? "All projects" : id);
        project.setValue(ALL);
        project.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                UI.getCurrent().navigate(PipelinesView.class, e.getValue().isEmpty() ? QueryParameters.empty()
                        : QueryParameters.of("project", e.getValue()));
            }
        });
        add(new ViewHeader("Pipelines", "Each project's events go through its own pipeline, or the default one.",
                project, newPipeline), emptyState, card);
        LiveUpdates.attach(this, service, ids -> refresh());
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        String id = event.getLocation().getQueryParameters().getSingleParameter("project").orElse(ALL);
        project.setValue(project.getListDataView().contains(id) ? id : ALL);
        refresh();
    }

    void refresh() {
        String projectId = project.getValue();
        List<Versioned<Pipeline>> pipelines = projectId == null || projectId.isEmpty() ? service.list()
                : service.listOfProject(projectId);
        List<Row> rows = pipelines.stream().map(p -> new Row(p, service.firingAlarms(p.value().id()).size(),
                service.collectUrl(p.value(), host))).toList();
        grid.setItems(rows);
        emptyText.setText(projectId == null || projectId.isEmpty()
                ? "A pipeline takes a project's events from its SDKs to the modeled tables. This studio runs no local "
                + "runtime (clickstream.runtime is not local), so there is no default pipeline: define one with New "
                + "pipeline."
                : "The project " + projectId + " has no pipeline of its own: its apps send to the default pipeline. "
                + "Give it its own with New pipeline.");
        emptyState.setVisible(rows.isEmpty());
        grid.getParent().ifPresent(card -> card.setVisible(!rows.isEmpty()));
    }
}
