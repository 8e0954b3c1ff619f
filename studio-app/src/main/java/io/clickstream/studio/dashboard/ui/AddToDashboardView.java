package io.clickstream.studio.dashboard.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import io.clickstream.metadata.ItemConflictException;
import io.clickstream.metadata.Versioned;
import io.clickstream.studio.base.InvalidInputException;
import io.clickstream.studio.base.NotFoundException;
import io.clickstream.studio.base.ui.AppSelection;
import io.clickstream.studio.base.ui.FieldErrors;
import io.clickstream.studio.base.ui.MainLayout;
import io.clickstream.studio.base.ui.ViewHeader;
import io.clickstream.studio.dashboard.Dashboard;
import io.clickstream.studio.dashboard.DashboardInput;
import io.clickstream.studio.dashboard.DashboardService;
import io.clickstream.studio.dashboard.Tile;
import io.clickstream.studio.explore.saved.SavedExploration;
import io.clickstream.studio.explore.saved.SavedExplorationService;
import io.clickstream.studio.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.util.List;
import java.util.Map;

/**
 * Adds a saved exploration to a dashboard of its app, an existing one or a new one:
 * {@code add-to-dashboard?exploration=<id>}. Explorations link here ("Add to dashboard"), so they need to know
 * nothing of dashboards; after adding, the dashboard opens.
 */
@Route(value = "add-to-dashboard", layout = MainLayout.class)
@PageTitle("Add to a dashboard")
@RolesAllowed({Roles.ADMINISTRATOR, Roles.ANALYST})
class AddToDashboardView extends Main implements BeforeEnterObserver {

    /** The URL parameter naming the saved exploration. */
    static final String EXPLORATION = "exploration";
    static final String NEW = "\u0000new";

    final DashboardService dashboards;
    final SavedExplorationService explorations;
    final ViewHeader header = new ViewHeader("Add to a dashboard", "");
    final RadioButtonGroup<String> target = new RadioButtonGroup<>("Dashboard");
    final TextField newName = new TextField("Name of the new dashboard");
    final Button add = new Button("Add to dashboard");
    final Div form;
    final Paragraph problem = new Paragraph();
    SavedExploration exploration;
    Map<String, String> names = Map.of();

    AddToDashboardView(DashboardService dashboards, SavedExplorationService explorations) {
        this.dashboards = dashboards;
        this.explorations = explorations;
        addClassName("cs-dashboard");
        target.setId("dashboard-target");
        target.addValueChangeListener(event -> newName.setVisible(NEW.equals(event.getValue())));
        newName.setId("new-dashboard-name");
        newName.setVisible(false);
        add.setId("add-to-dashboard");
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add.addClickListener(click -> addTile());
        form = new Div(target, newName, add);
        form.addClassNames("cs-card", "cs-form-card");
        problem.addClassNames("cs-card", "cs-empty");
        problem.setVisible(false);
        add(header, problem, form);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        List<String> ids = event.getLocation().getQueryParameters().getParameters().getOrDefault(EXPLORATION, List.of());
        try {
            exploration = explorations.get(ids.isEmpty() ? "" : ids.get(0)).value();
        } catch (NotFoundException e) {
            problem.setText("There is no such saved exploration: open this page from an exploration's \u201cAdd to "
                    + "dashboard\u201d.");
            problem.setVisible(true);
            form.setVisible(false);
            return;
        }
        header.setSubtitle("\u201c" + exploration.name() + "\u201d (" + exploration.analysis().label() + ", app "
                + exploration.appId() + ")");
        List<Versioned<Dashboard>> existing = dashboards.list(exploration.appId());
        names = new java.util.LinkedHashMap<>();
        existing.forEach(d -> names.put(d.value().id(), d.value().name()));
        names.put(NEW, "A new dashboard");
        target.setItems(names.keySet());
        target.setItemLabelGenerator(names::get);
        target.setValue(existing.isEmpty() ? NEW : existing.get(0).value().id());
        newName.setValue(exploration.name());
    }

    void addTile() {
        if (exploration == null || target.getValue() == null) {
            return;
        }
        try {
            String dashboardId;
            if (NEW.equals(target.getValue())) {
                dashboardId = dashboards.create(exploration.appId(), new DashboardInput(newName.getValue(), "",
                        List.of(), List.of(new DashboardInput.TileInput(null, exploration.id(), Tile.DEFAULT_WIDTH,
                        Tile.DEFAULT_HEIGHT)), null)).value().id();
            } else {
                Versioned<Dashboard> current = dashboards.get(target.getValue());
                dashboardId = dashboards.addTile(current.value().id(), exploration.id(), current.version()).value().id();
            }
            FieldErrors.success("Added to the dashboard");
            UI.getCurrent().navigate("dashboards/" + dashboardId,
                    QueryParameters.simple(Map.of(AppSelection.APP, exploration.appId())));
        } catch (InvalidInputException e) {
            new FieldErrors().bind("name", newName).show(e);
        } catch (ItemConflictException e) {
            FieldErrors.error("The dashboard changed meanwhile: try again.");
        }
    }
}
