package io.clickstream.studio.pipeline.ui;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.UploadHandler;
import io.clickstream.metadata.Versioned;
import io.clickstream.metadata.projects.ProjectRecord;
import io.clickstream.pipeline.definition.PipelineDefinition;
import io.clickstream.pipeline.definition.PipelineDefinitionCodec;
import io.clickstream.pipeline.lifecycle.Pipeline;
import io.clickstream.studio.base.ConflictException;
import io.clickstream.studio.base.FieldMessage;
import io.clickstream.studio.base.InvalidInputException;
import io.clickstream.studio.base.NotFoundException;
import io.clickstream.studio.base.ui.FieldErrors;
import io.clickstream.studio.base.ui.MainLayout;
import io.clickstream.studio.base.ui.ViewHeader;
import io.clickstream.studio.pipeline.PipelineAdminService;
import io.clickstream.studio.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The four-step wizard that defines a pipeline (basic, ingestion, processing, reporting), as the reference's
 * console does: each step is checked by the server's validation before the next opens, with each message next to
 * its field; the last step shows the YAML to be created, creates the pipeline and opens its page. With
 * {@code ?project=<id>} the project is chosen already; with {@code ?pipeline=<id>} it edits that pipeline's
 * definition and applies it in place. A YAML or JSON definition can be imported (pasted or uploaded) to fill the steps.
 */
@Route(value = "pipelines/new", layout = MainLayout.class)
@RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR})
class PipelineWizardView extends Main implements BeforeEnterObserver, HasDynamicTitle {

    static final List<String> STEPS = List.of("basic", "ingestion", "processing", "reporting");
    static final List<String> STEP_TITLES = List.of("Basic information", "Ingestion", "Processing", "Reporting");

    final PipelineAdminService service;
    final ViewHeader header = new ViewHeader("New pipeline", "Four steps; each is checked before the next.");
    final Div indicator = new Div();
    final Div content = new Div();
    final Button back = new Button("Back", VaadinIcon.ARROW_LEFT.create());
    final Button next = new Button("Next", VaadinIcon.ARROW_RIGHT.create());
    final Button finish = new Button();
    final Button cancel = new Button("Cancel");
    final Button importButton = new Button("Import YAML/JSON", VaadinIcon.UPLOAD.create());
    final Paragraph emptyProjects = new Paragraph();
    /** The last step's review: the definition as it will be created, every default written out. */
    final Pre preview = new Pre();
    final Div review = new Div();
    DefinitionForm form;
    /** The pipeline being edited, null for a new one. */
    Versioned<Pipeline> editing;
    int step;
    Dialog importDialog;
    TextArea importText;

    PipelineWizardView(PipelineAdminService service) {
        this.service = service;
        addClassNames("cs-dashboard", "cs-wizard");
        indicator.addClassName("cs-steps");
        content.addClassNames("cs-card", "cs-wizard-step");
        back.addClickListener(click -> show(step - 1));
        next.setId("wizard-next");
        next.setIconAfterText(true);
        next.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        next.addClickListener(click -> next());
        finish.setId("wizard-finish");
        finish.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        finish.addClickListener(click -> finish());
        cancel.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        cancel.addClickListener(click -> leave());
        importButton.setId("wizard-import");
        importButton.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        importButton.addClickListener(click -> openImport());
        header.getChildren().filter(c -> c.getClassNames().contains("cs-header-actions")).findFirst()
                .ifPresent(tools -> ((Div) tools).add(importButton));
        emptyProjects.addClassName("cs-muted");
        Div buttons = new Div(cancel, back, next, finish);
        buttons.addClassName("cs-wizard-buttons");
        preview.setId("wizard-preview");
        preview.addClassName("cs-code");
        Paragraph reviewHint = new Paragraph("What the pipeline is created with, every default written out; export "
                + "it from the pipeline's page to keep it under version control.");
        reviewHint.addClassName("cs-muted");
        review.add(new H3("Definition (YAML)"), reviewHint, preview);
        review.addClassNames("cs-card", "cs-wizard-step");
        review.setId("wizard-review");
        add(header, indicator, emptyProjects, content, review, buttons);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        String id = event.getLocation().getQueryParameters().getSingleParameter("pipeline").orElse(null);
        try {
            editing = id == null ? null : service.find(id);
        } catch (NotFoundException e) {
            FieldErrors.error(e.getMessage());
            event.forwardTo(PipelinesView.class);
            return;
        }
        form = new DefinitionForm(editing != null);
        for (var field : List.of(form.duckdb, form.athena, form.redshift, form.builtInDashboards, form.quickSight)) {
            field.addValueChangeListener(change -> previewIfShown());
        }
        form.quickSightPrincipal.addValueChangeListener(change -> previewIfShown());
        if (editing == null) {
            List<ProjectRecord> free = service.projectsWithoutPipeline();
            form.project.setItems(free);
            String wanted = event.getLocation().getQueryParameters().getSingleParameter("project").orElse(null);
            free.stream().filter(p -> p.id().equals(wanted) || free.size() == 1).findFirst()
                    .ifPresent(form.project::setValue);
            emptyProjects.setText("Every project has a pipeline already: add a project on the Projects page, or "
                    + "update a project's pipeline.");
            emptyProjects.setVisible(free.isEmpty());
            form.read(PipelineDefinition.local("", service.suggestPort()));
            form.name.clear();
            header.setTitle("New pipeline");
            finish.setText("Create pipeline");
        } else {
            Pipeline p = editing.value();
            ProjectRecord project = p.projectId() == null
                    ? new ProjectRecord("all", "Every project without its own pipeline", "", true)
                    : new ProjectRecord(p.projectId(), p.projectId(), "", true);
            form.project.setItems(project);
            form.project.setValue(project);
            emptyProjects.setVisible(false);
            form.read(p.definition());
            header.setTitle("Update " + p.name());
            header.setSubtitle("The new definition is applied in place: ingestion restarts on its port.");
            finish.setText("Apply changes");
        }
        show(0);
    }

    @Override
    public String getPageTitle() {
        return editing == null ? "New pipeline" : "Update " + editing.value().name();
    }

    void show(int index) {
        step = Math.max(0, Math.min(STEPS.size() - 1, index));
        indicator.removeAll();
        for (int i = 0; i < STEPS.size(); i++) {
            Span pill = new Span((i + 1) + ". " + STEP_TITLES.get(i));
            pill.addClassName("cs-step");
            pill.setId("wizard-step-" + STEPS.get(i));
            if (i == step) {
                pill.addClassName("cs-step-current");
            } else if (i < step) {
                pill.addClassName("cs-step-done");
            }
            indicator.add(pill);
        }
        content.removeAll();
        content.add(form.steps.get(STEPS.get(step)));
        back.setEnabled(step > 0);
        next.setVisible(step < STEPS.size() - 1);
        finish.setVisible(step == STEPS.size() - 1);
        review.setVisible(step == STEPS.size() - 1);
        if (review.isVisible()) {
            updatePreview();
        }
    }

    private void previewIfShown() {
        if (review.isVisible()) {
            updatePreview();
        }
    }

    /** Shows the YAML of the definition as the form holds it (or why it cannot be read yet). */
    void updatePreview() {
        try {
            preview.setText(PipelineDefinitionCodec.toYaml(service.read(form.tree())));
        } catch (InvalidInputException e) {
            preview.setText(String.join("\n", e.errors().stream()
                    .map(f -> "# " + (f.field().isEmpty() ? "" : f.field() + ": ") + f.message()).toList()));
        }
    }

    /** The current step's messages; empty when it is fine (later steps' messages wait until those are shown). */
    List<FieldMessage> checkStep() {
        List<FieldMessage> errors = check();
        form.showErrors(errors, STEPS.get(step));
        return errors.stream().filter(e -> PipelineAdminService.stepOf(e.field()).equals(STEPS.get(step))).toList();
    }

    /** Every message of the definition as the form holds it. */
    private List<FieldMessage> check() {
        ObjectNode tree = form.tree();
        PipelineDefinition definition;
        try {
            definition = service.read(tree);
        } catch (InvalidInputException e) {
            return e.errors();
        }
        List<FieldMessage> errors = new ArrayList<>(service.check(form.projectId(), definition,
                editing == null ? null : editing.value().id()));
        if (editing != null) {
            // The project of an edited pipeline cannot change: no message can belong to it.
            errors.removeIf(e -> e.field().equals("projectId"));
        }
        return errors;
    }

    void next() {
        if (checkStep().isEmpty()) {
            show(step + 1);
        }
    }

    void finish() {
        List<FieldMessage> errors = check();
        if (!errors.isEmpty()) {
            // Back to the first step with a problem, its messages next to its fields.
            for (int i = 0; i < STEPS.size(); i++) {
                String id = STEPS.get(i);
                if (errors.stream().anyMatch(e -> PipelineAdminService.stepOf(e.field()).equals(id))) {
                    show(i);
                    form.showErrors(errors, id);
                    return;
                }
            }
        }
        try {
            PipelineDefinition definition = service.read(form.tree());
            Versioned<Pipeline> saved = editing == null ? service.create(form.projectId(), definition)
                    : service.update(editing.value().id(), definition);
            FieldErrors.success((editing == null ? "Creating pipeline " : "Updating pipeline ")
                    + saved.value().name());
            UI.getCurrent().navigate(PipelineView.class, saved.value().id());
        } catch (InvalidInputException e) {
            form.showErrors(e.errors(), STEPS.get(step));
        } catch (ConflictException | NotFoundException e) {
            FieldErrors.error(e.getMessage());
        }
    }

    void leave() {
        if (editing == null) {
            UI.getCurrent().navigate(PipelinesView.class);
        } else {
            UI.getCurrent().navigate(PipelineView.class, editing.value().id());
        }
    }

    void openImport() {
        importDialog = new Dialog();
        importDialog.setHeaderTitle("Import a definition");
        importText = new TextArea("YAML or JSON");
        importText.setId("import-text");
        importText.setWidth("560px");
        importText.setHeight("320px");
        importText.setPlaceholder("name: edge\ningestion:\n  port: 18090");
        Upload upload = new Upload();
        upload.setAcceptedFileTypes(".yaml", ".yml", ".json");
        upload.setMaxFileSize(256 * 1024);
        upload.setUploadHandler(UploadHandler.inMemory((metadata, bytes) -> {
            String text = new String(bytes, StandardCharsets.UTF_8);
            getUI().ifPresent(ui -> ui.access(() -> importText.setValue(text)));
        }));
        Paragraph hint = new Paragraph("Fields left out keep the form's values; the project is chosen in the first "
                + "step.");
        hint.addClassName("cs-muted");
        Button apply = new Button("Fill the steps", click -> importDefinition(importText.getValue()));
        apply.setId("import-apply");
        apply.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        importDialog.add(new Div(upload, importText, hint));
        importDialog.getFooter().add(new Button("Cancel", click -> importDialog.close()), apply);
        importDialog.open();
    }

    void importDefinition(String text) {
        try {
            PipelineDefinition imported = service.read(text);
            ObjectNode tree = (ObjectNode) PipelineDefinitionCodec.toTree(imported);
            if (editing != null) {
                // Name and runtime of an existing pipeline stay; the check says so if the text differs.
                tree.put("name", editing.value().name());
            }
            form.readTree(tree);
            importText.setInvalid(false);
            importDialog.close();
            show(0);
            FieldErrors.success("Imported " + imported.name() + ": check each step");
        } catch (InvalidInputException e) {
            importText.setErrorMessage(String.join("; ", e.errors().stream()
                    .map(f -> (f.field().isEmpty() ? "" : f.field() + ": ") + f.message()).toList()));
            importText.setInvalid(true);
        }
    }
}
