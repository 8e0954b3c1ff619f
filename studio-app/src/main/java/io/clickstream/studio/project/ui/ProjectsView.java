package io.clickstream.studio.project.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import io.clickstream.metadata.ItemConflictException;
import io.clickstream.metadata.Versioned;
import io.clickstream.metadata.apps.AppRecord;
import io.clickstream.metadata.projects.ProjectRecord;
import io.clickstream.studio.base.ConflictException;
import io.clickstream.studio.base.InvalidInputException;
import io.clickstream.studio.base.NotFoundException;
import io.clickstream.studio.base.ui.ConfirmDelete;
import io.clickstream.studio.base.ui.FieldErrors;
import io.clickstream.studio.base.ui.MainLayout;
import io.clickstream.studio.base.ui.ViewHeader;
import io.clickstream.studio.project.ProjectInput;
import io.clickstream.studio.project.ProjectService;
import io.clickstream.studio.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Projects and their apps (Administrator): create, edit, disable and delete projects, add apps to them; each app
 * links to its page with the ingestion endpoint and SDK snippets.
 */
@Route(value = "projects", layout = MainLayout.class)
@PageTitle("Projects")
@Menu(order = 80, icon = "vaadin:folder-open", title = "Projects")
@RolesAllowed(Roles.ADMINISTRATOR)
class ProjectsView extends Main {

    final ProjectService service;
    final Button newProject = new Button("New project", VaadinIcon.PLUS.create());
    final Div list = new Div();
    final Div emptyState = new Div();
    /** The open dialog, for tests; null when none is open. */
    Dialog dialog;
    ProjectDialog projectDialog;
    AppDialog appDialog;

    ProjectsView(ProjectService service) {
        this.service = service;
        addClassName("cs-dashboard");
        newProject.setId("new-project");
        newProject.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        newProject.addClickListener(click -> openProject(null));
        list.addClassName("cs-project-list");
        emptyState.addClassNames("cs-card", "cs-empty");
        Button first = new Button("Create your first project", click -> openProject(null));
        first.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        emptyState.add(new H3("No projects yet"), new Paragraph("A project groups the apps of one product: its web "
                + "site and its mobile apps. Create one, then add an app to get its endpoint and SDK snippets."),
                first);
        add(new ViewHeader("Projects", "Projects group apps; each app has its own id, time zone and endpoint.",
                newProject), emptyState, list);
        refresh();
    }

    void refresh() {
        list.removeAll();
        List<Versioned<ProjectRecord>> projects = service.projects();
        Map<String, List<Versioned<AppRecord>>> apps = service.apps().stream()
                .collect(Collectors.groupingBy(a -> a.value().projectId()));
        for (Versioned<ProjectRecord> project : projects) {
            list.add(card(project, apps.getOrDefault(project.value().id(), List.of())));
        }
        emptyState.setVisible(projects.isEmpty());
    }

    private Component card(Versioned<ProjectRecord> project, List<Versioned<AppRecord>> apps) {
        ProjectRecord p = project.value();
        H3 title = new H3(p.name());
        Span id = new Span(p.id());
        id.addClassName("cs-id");
        Div heading = new Div(title, id);
        heading.addClassName("cs-project-title");
        if (!p.enabled()) {
            Span disabled = new Span("Disabled");
            disabled.getElement().getThemeList().add("badge error pill");
            heading.add(disabled);
        }
        Button addApp = new Button("Add app", VaadinIcon.PLUS.create(), click -> openApp(p.id()));
        addApp.setId("add-app-" + p.id());
        addApp.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        Button edit = new Button(VaadinIcon.EDIT.create(), click -> openProject(project));
        edit.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        edit.setTooltipText("Edit project");
        edit.setAriaLabel("Edit project " + p.id());
        Button delete = new Button(VaadinIcon.TRASH.create(), click -> confirmDelete(project));
        delete.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
        delete.setTooltipText("Delete project");
        delete.setAriaLabel("Delete project " + p.id());
        Div actions = new Div(addApp, edit, delete);
        actions.addClassName("cs-row-actions");
        Div top = new Div(heading, actions);
        top.addClassName("cs-project-top");
        Div card = new Div(top);
        card.addClassName("cs-card");
        card.setId("project-" + p.id());
        if (!p.description().isBlank()) {
            Paragraph description = new Paragraph(p.description());
            description.addClassName("cs-subtitle");
            card.add(description);
        }
        if (apps.isEmpty()) {
            Paragraph none = new Paragraph("No apps yet. Add one to get its endpoint and SDK snippets.");
            none.addClassName("cs-muted");
            card.add(none);
        } else {
            Grid<Versioned<AppRecord>> grid = new Grid<>();
            grid.addComponentColumn(a -> new RouterLink(a.value().appId(), AppView.class, a.value().appId()))
                    .setHeader("App id").setAutoWidth(true);
            grid.addColumn(a -> a.value().name()).setHeader("Name").setFlexGrow(1);
            grid.addColumn(a -> a.value().timeZone()).setHeader("Time zone").setAutoWidth(true);
            grid.addColumn(a -> String.join(", ", a.value().platforms())).setHeader("Platforms").setAutoWidth(true);
            grid.addComponentColumn(a -> {
                Span status = new Span(a.value().enabled() ? "Accepting events" : "Disabled");
                status.getElement().getThemeList().add(a.value().enabled() ? "badge success pill" : "badge error pill");
                return status;
            }).setHeader("Status").setAutoWidth(true);
            grid.setItems(apps);
            grid.setAllRowsVisible(true);
            grid.addThemeVariants(GridVariant.LUMO_NO_BORDER, GridVariant.LUMO_COMPACT);
            card.add(grid);
        }
        return card;
    }

    void openProject(Versioned<ProjectRecord> project) {
        projectDialog = new ProjectDialog(project);
        dialog = projectDialog;
        dialog.open();
    }

    void openApp(String projectId) {
        appDialog = new AppDialog(projectId);
        dialog = appDialog;
        dialog.open();
    }

    void delete(Versioned<ProjectRecord> project) {
        try {
            service.deleteProject(project.value().id(), project.version());
            FieldErrors.success("Deleted project " + project.value().id());
        } catch (ConflictException | ItemConflictException | NotFoundException e) {
            FieldErrors.error(e.getMessage());
        }
        refresh();
    }

    private void confirmDelete(Versioned<ProjectRecord> project) {
        ConfirmDelete.open("Delete project " + project.value().id() + "?",
                "Only a project without apps can be deleted.", () -> delete(project));
    }

    /** Creates a project, or edits one's name, description and status. */
    final class ProjectDialog extends Dialog {

        final TextField id = new TextField("Project id");
        final TextField name = new TextField("Name");
        final TextArea description = new TextArea("Description");
        final Checkbox enabled = new Checkbox("Enabled (its apps accept events)");
        final Button save = new Button();
        final FieldErrors errors = new FieldErrors().bind("id", id).bind("name", name);
        private final Versioned<ProjectRecord> project;

        ProjectDialog(Versioned<ProjectRecord> project) {
            this.project = project;
            setHeaderTitle(project == null ? "New project" : "Edit project " + project.value().id());
            id.setId("project-id");
            name.setId("project-name");
            save.setId("save-project");
            id.setHelperText("Letters, digits, '.', '_' or '-'; it cannot change later");
            id.setRequiredIndicatorVisible(true);
            for (var field : List.of(id, name, description)) {
                field.setWidthFull();
            }
            Div form = new Div(id, name, description);
            form.addClassName("cs-form-stack");
            form.setWidth("420px");
            if (project == null) {
                save.setText("Create project");
            } else {
                id.setValue(project.value().id());
                id.setReadOnly(true);
                name.setValue(project.value().name());
                description.setValue(project.value().description());
                enabled.setValue(project.value().enabled());
                form.add(enabled);
                save.setText("Save");
            }
            add(form);
            save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            save.addClickListener(click -> save());
            getFooter().add(new Button("Cancel", click -> close()), save);
        }

        void save() {
            try {
                if (project == null) {
                    service.createProject(new ProjectInput(id.getValue().strip(), name.getValue(),
                            description.getValue(), true, null));
                    FieldErrors.success("Created project " + id.getValue().strip());
                } else {
                    service.updateProject(project.value().id(), new ProjectInput(null, name.getValue(),
                            description.getValue(), enabled.getValue(), null), project.version());
                    FieldErrors.success("Saved project " + project.value().id());
                }
            } catch (InvalidInputException e) {
                errors.show(e);
                return;
            } catch (ItemConflictException | ConflictException | NotFoundException e) {
                FieldErrors.error(e.getMessage());
                return;
            }
            close();
            refresh();
        }
    }

    /** Adds an app to a project, then opens its page. */
    final class AppDialog extends Dialog {

        final AppForm form = new AppForm(true);
        final Button save = new Button("Create app");
        private final String projectId;

        AppDialog(String projectId) {
            this.projectId = projectId;
            setHeaderTitle("Add an app to " + projectId);
            form.setWidth("480px");
            add(form);
            save.setId("save-app");
            save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            save.addClickListener(click -> save());
            getFooter().add(new Button("Cancel", click -> close()), save);
        }

        void save() {
            Versioned<AppRecord> created;
            try {
                created = service.createApp(projectId, form.input(null));
            } catch (InvalidInputException e) {
                form.errors.show(e);
                return;
            } catch (ItemConflictException e) {
                form.errors.show(InvalidInputException.of("appId", "An app with this id exists already"));
                return;
            } catch (ConflictException | NotFoundException e) {
                FieldErrors.error(e.getMessage());
                return;
            }
            close();
            com.vaadin.flow.component.UI.getCurrent().navigate(AppView.class, created.value().appId());
        }
    }
}
