package io.clickstream.studio.dashboard.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Anchor;
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
import io.clickstream.metadata.Versioned;
import io.clickstream.studio.base.InvalidInputException;
import io.clickstream.studio.base.ui.AppScopedView;
import io.clickstream.studio.base.ui.AppSelection;
import io.clickstream.studio.base.ui.FieldErrors;
import io.clickstream.studio.base.ui.MainLayout;
import io.clickstream.studio.base.ui.ViewHeader;
import io.clickstream.studio.dashboard.Dashboard;
import io.clickstream.studio.dashboard.DashboardInput;
import io.clickstream.studio.dashboard.DashboardService;
import io.clickstream.studio.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.util.List;

/** The app's custom dashboards as cards; analysts and administrators create new ones here. */
@Route(value = "dashboards", layout = MainLayout.class)
@PageTitle("Dashboards")
@Menu(order = 7, icon = "vaadin:grid-big-o", title = "Dashboards")
@RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR, Roles.ANALYST, Roles.READER})
class DashboardsView extends Main implements AppScopedView {

    final DashboardService service;
    final Button create = new Button("New dashboard", VaadinIcon.PLUS.create());
    final ViewHeader header;
    final Div cards = new Div();
    final EmptyStates emptyStates;
    AppSelection selection;

    DashboardsView(DashboardService service, EmptyStates emptyStates) {
        this.service = service;
        this.emptyStates = emptyStates;
        addClassName("cs-dashboard");
        create.setId("new-dashboard");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickListener(click -> openCreate());
        create.setVisible(service.canEdit());
        header = new ViewHeader("Dashboards", "", create);
        cards.addClassName("cs-dashboard-cards");
        add(header, cards);
    }

    @Override
    public boolean usesDateRange() {
        return false;
    }

    @Override
    public void showSelection(AppSelection selection) {
        this.selection = selection;
        cards.removeAll();
        if (!selection.hasApp()) {
            header.setSubtitle("");
            create.setEnabled(false);
            cards.add(emptyStates.noApps());
            return;
        }
        create.setEnabled(true);
        header.setSubtitle("Custom dashboards of " + selection.app().label());
        List<Versioned<Dashboard>> dashboards = service.list(selection.appId());
        if (dashboards.isEmpty()) {
            Div empty = new Div(new H3("No dashboards yet"), new Paragraph(service.canEdit()
                    ? "A dashboard puts saved explorations side by side over one date range. Create one here, then "
                    + "add explorations to it with \u201cAdd tile\u201d or from an exploration's \u201cAdd to "
                    + "dashboard\u201d."
                    : "Analysts build dashboards from saved explorations; they will be listed here."));
            empty.addClassNames("cs-card", "cs-empty");
            empty.setId("no-dashboards");
            cards.add(empty);
            return;
        }
        for (Versioned<Dashboard> versioned : dashboards) {
            Dashboard d = versioned.value();
            Anchor link = new Anchor(DashboardView.location(d.id(), selection), "");
            link.addClassNames("cs-card", "cs-dashboard-card");
            Span name = new Span(d.name());
            name.addClassName("cs-dashboard-card-name");
            Span meta = new Span(d.tiles().size() + (d.tiles().size() == 1 ? " tile" : " tiles")
                    + (d.filters().isEmpty() ? "" : " · " + d.filters().size() + " filter"
                    + (d.filters().size() == 1 ? "" : "s")));
            meta.addClassName("cs-subtitle");
            link.add(name, meta);
            if (!d.description().isEmpty()) {
                Span description = new Span(d.description());
                description.addClassName("cs-dashboard-card-description");
                link.add(description);
            }
            cards.add(link);
        }
    }

    void openCreate() {
        if (selection == null || !selection.hasApp()) {
            return;
        }
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("New dashboard of " + selection.app().label());
        TextField name = new TextField("Name");
        name.setId("dashboard-name");
        name.setWidthFull();
        name.setRequiredIndicatorVisible(true);
        TextArea description = new TextArea("Description");
        description.setWidthFull();
        FieldErrors errors = new FieldErrors().bind("name", name).bind("description", description);
        Button save = new Button("Create", click -> {
            try {
                Versioned<Dashboard> created = service.create(selection.appId(),
                        new DashboardInput(name.getValue(), description.getValue(), List.of(), List.of(), null));
                dialog.close();
                UI.getCurrent().navigate("dashboards/" + created.value().id(), selection.query());
            } catch (InvalidInputException e) {
                errors.show(e);
            }
        });
        save.setId("create-dashboard");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", click -> dialog.close());
        dialog.add(new Div(name, description));
        dialog.getFooter().add(cancel, save);
        dialog.open();
        name.focus();
    }
}
