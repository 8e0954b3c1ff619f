package io.clickstream.studio.dashboard.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.listbox.ListBox;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import io.clickstream.metadata.ItemConflictException;
import io.clickstream.metadata.Versioned;
import io.clickstream.model.ModeledTables;
import io.clickstream.studio.base.BackgroundTasks;
import io.clickstream.studio.base.InvalidInputException;
import io.clickstream.studio.base.NotFoundException;
import io.clickstream.studio.base.ui.AppScopedView;
import io.clickstream.studio.base.ui.AppSelection;
import io.clickstream.studio.base.ui.BackgroundLoader;
import io.clickstream.studio.base.ui.ConfirmDelete;
import io.clickstream.studio.base.ui.FieldErrors;
import io.clickstream.studio.base.ui.MainLayout;
import io.clickstream.studio.base.ui.ViewHeader;
import io.clickstream.studio.dashboard.Dashboard;
import io.clickstream.studio.dashboard.DashboardInput;
import io.clickstream.studio.dashboard.DashboardInput.TileInput;
import io.clickstream.studio.dashboard.DashboardService;
import io.clickstream.studio.dashboard.Tile;
import io.clickstream.studio.dashboard.TileContent;
import io.clickstream.studio.explore.ExploreService;
import io.clickstream.studio.explore.InvalidQueryException;
import io.clickstream.studio.explore.exec.QueryFailure;
import io.clickstream.studio.explore.model.Condition;
import io.clickstream.studio.explore.model.Operator;
import io.clickstream.studio.explore.model.ValueType;
import io.clickstream.studio.explore.saved.SavedExploration;
import io.clickstream.studio.explore.saved.SavedExplorationService;
import io.clickstream.studio.explore.sql.ExplorationSql;
import io.clickstream.studio.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.util.ArrayList;
import org.springframework.beans.factory.ObjectProvider;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One custom dashboard: its tiles in a grid of four columns, each running its saved exploration over the header's
 * date range with the dashboard's filters, in the background and side by side. Analysts and administrators switch to
 * editing to add, remove, move and resize tiles, edit filters, or delete the dashboard; each change is saved at once
 * against the version shown (someone else's change meanwhile is reported, and the page reloads theirs). Readers see
 * no edit controls, and the service refuses their changes anyway.
 */
@Route(value = "dashboards/:id", layout = MainLayout.class)
// The page's actions come from other features (DashboardPageAction), which the production bundle's per-route chunks
// cannot see: the QuickSight action's frame element is loaded with this route.
@com.vaadin.flow.component.dependency.JsModule("./components/cs-quicksight-frame.js")
@RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR, Roles.ANALYST, Roles.READER})
class DashboardView extends Main implements AppScopedView, BeforeEnterObserver, HasDynamicTitle {

    final DashboardService service;
    final SavedExplorationService explorations;
    final ExploreService explore;
    final BackgroundTasks tasks;
    final ViewHeader header;
    final Button edit = new Button("Edit", VaadinIcon.EDIT.create());
    final Button addTile = new Button("Add tile", VaadinIcon.PLUS.create());
    final Button addFilter = new Button("Add filter", VaadinIcon.FILTER.create());
    final Button delete = new Button("Delete", VaadinIcon.TRASH.create());
    /** Controls of other features (embed links), made for each dashboard shown. */
    final Div pageActions = new Div();
    final List<DashboardPageAction> pageActionProviders;
    final Div filterBar = new Div();
    final Div grid = new Div();
    final Div emptyState = new Div();
    final List<ExplorationTile> tiles = new ArrayList<>();
    final List<BackgroundLoader> loaders = new ArrayList<>();
    Versioned<Dashboard> dashboard;
    AppSelection selection;
    boolean editing;
    private String missing;

    DashboardView(DashboardService service, SavedExplorationService explorations, ExploreService explore,
                  BackgroundTasks tasks, ObjectProvider<DashboardPageAction> pageActionProviders) {
        this.service = service;
        this.pageActionProviders = pageActionProviders.orderedStream().toList();
        this.explorations = explorations;
        this.explore = explore;
        this.tasks = tasks;
        addClassNames("cs-dashboard", "cs-custom-dashboard");
        edit.setId("edit-dashboard");
        edit.addClickListener(click -> setEditing(!editing));
        addTile.setId("add-tile");
        addTile.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        addTile.addClickListener(click -> openAddTile());
        addFilter.setId("add-filter");
        addFilter.addClickListener(click -> openAddFilter());
        delete.setId("delete-dashboard");
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        delete.addClickListener(click -> confirmDelete());
        pageActions.addClassName("cs-header-actions");
        header = new ViewHeader("", "", pageActions, delete, addFilter, addTile, edit);
        filterBar.addClassName("cs-filter-bar");
        filterBar.setId("dashboard-filters");
        grid.addClassName("cs-tile-grid");
        grid.setId("dashboard-tiles");
        emptyState.addClassNames("cs-card", "cs-empty");
        emptyState.setVisible(false);
        add(header, filterBar, emptyState, grid);
        setEditing(false);
    }

    /** The address of a dashboard, with the app and range of {@code selection}. */
    static String location(String dashboardId, AppSelection selection) {
        return "dashboards/" + dashboardId + "?" + selection.query().getQueryString();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        String id = event.getRouteParameters().get("id").orElse("");
        if (dashboard == null || !dashboard.value().id().equals(id)) {
            editing = false;
        }
        try {
            dashboard = service.get(id);
            missing = null;
        } catch (NotFoundException e) {
            dashboard = null;
            missing = e.getMessage();
        }
    }

    @Override
    public String getPageTitle() {
        return dashboard == null ? "Dashboard not found" : dashboard.value().name();
    }

    @Override
    public String preferredAppId() {
        return dashboard == null ? null : dashboard.value().appId();
    }

    @Override
    public void showSelection(AppSelection selection) {
        this.selection = selection;
        if (dashboard == null) {
            header.setTitle("Dashboard not found");
            header.setSubtitle(missing == null ? "" : missing);
            showMessage("No such dashboard", "It may have been deleted. The Dashboards page lists those of each app.");
            edit.setVisible(false);
            addTile.setVisible(false);
            addFilter.setVisible(false);
            delete.setVisible(false);
            return;
        }
        if (selection.hasApp() && !selection.appId().equals(dashboard.value().appId())) {
            // The app picker moved to another app: its dashboards are listed elsewhere.
            UI.getCurrent().navigate("dashboards", selection.query());
            return;
        }
        render();
    }

    void render() {
        Dashboard d = dashboard.value();
        header.setTitle(d.name());
        header.setSubtitle((d.description().isEmpty() ? "" : d.description() + " · ") + selection.describe());
        showEditControls();
        pageActions.removeAll();
        pageActionProviders.stream().map(p -> p.create(d)).filter(java.util.Objects::nonNull).forEach(pageActions::add);
        renderFilters(d);
        loaders.forEach(BackgroundLoader::cancel);
        loaders.clear();
        tiles.clear();
        grid.removeAll();
        List<TileContent> contents = service.tiles(d);
        if (contents.isEmpty()) {
            showMessage("No tiles yet", service.canEdit()
                    ? "Add saved explorations to this dashboard with \u201cEdit\u201d, then \u201cAdd tile\u201d."
                    : "An analyst has not added any explorations to this dashboard yet.");
            return;
        }
        emptyState.setVisible(false);
        for (int i = 0; i < contents.size(); i++) {
            grid.add(tile(contents.get(i), i, contents.size()));
        }
    }

    private ExplorationTile tile(TileContent content, int index, int count) {
        Tile t = content.tile();
        SavedExploration exploration = content.exploration();
        ExplorationTile tile = new ExplorationTile(exploration == null ? "Deleted exploration" : exploration.name(),
                exploration == null ? null : exploration.analysis());
        tile.setId("tile-" + t.id());
        tile.setSize(t.width(), t.height());
        tiles.add(tile);
        if (editing) {
            tile.actions().add(
                    action(VaadinIcon.ARROW_LEFT, "Move earlier", index > 0, () -> move(index, -1)),
                    action(VaadinIcon.ARROW_RIGHT, "Move later", index < count - 1, () -> move(index, 1)),
                    action(VaadinIcon.COMPRESS, "Narrower", t.width() > 1, () -> resize(index, -1, 0)),
                    action(VaadinIcon.EXPAND, "Wider", t.width() < Tile.MAX_WIDTH, () -> resize(index, 1, 0)),
                    action(VaadinIcon.ARROW_UP, "Shorter", t.height() > 1, () -> resize(index, 0, -1)),
                    action(VaadinIcon.ARROW_DOWN, "Taller", t.height() < Tile.MAX_HEIGHT, () -> resize(index, 0, 1)),
                    action(VaadinIcon.CLOSE_SMALL, "Remove from the dashboard", true, () -> remove(index)));
        }
        if (exploration == null) {
            tile.showMessage("The saved exploration of this tile was deleted." + (editing ? " Remove the tile." : ""));
            return tile;
        }
        tile.showLoading();
        BackgroundLoader loader = new BackgroundLoader(tasks);
        loaders.add(loader);
        String dashboardId = dashboard.value().id();
        AppSelection asked = selection;
        loader.load(this, () -> service.runTile(dashboardId, t.id(), asked.from(), asked.to()),
                result -> tile.showResult(result, asked.partialToday() ? asked.today() : null),
                failure -> tile.showMessage(plainWords(failure)));
        return tile;
    }

    static String plainWords(RuntimeException failure) {
        if (failure instanceof InvalidQueryException invalid) {
            return "This exploration no longer fits the app's data: " + invalid.errors().stream()
                    .map(e -> e.message()).distinct().reduce((a, b) -> a + "; " + b).orElse(invalid.getMessage());
        }
        if (failure instanceof InvalidInputException || failure instanceof NotFoundException
                || failure instanceof QueryFailure) {
            return failure.getMessage();
        }
        return "The tile could not be drawn (" + failure.getClass().getSimpleName() + ").";
    }

    private Button action(VaadinIcon icon, String label, boolean enabled, Runnable run) {
        Button button = new Button(icon.create(), click -> run.run());
        button.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_ICON, ButtonVariant.LUMO_SMALL);
        button.setAriaLabel(label);
        button.setTooltipText(label);
        button.setEnabled(enabled);
        return button;
    }

    private void renderFilters(Dashboard d) {
        filterBar.removeAll();
        for (int i = 0; i < d.filters().size(); i++) {
            Condition filter = d.filters().get(i);
            Span chip = new Span(describe(filter));
            chip.getElement().getThemeList().add("badge pill");
            chip.addClassName("cs-filter-chip");
            if (editing) {
                int index = i;
                Button remove = action(VaadinIcon.CLOSE_SMALL, "Remove the filter " + describe(filter), true,
                        () -> removeFilter(index));
                chip.add(remove);
            }
            filterBar.add(chip);
        }
        filterBar.setVisible(!d.filters().isEmpty());
        if (!d.filters().isEmpty()) {
            Span label = new Span("Every tile shows only events where");
            label.addClassName("cs-subtitle");
            filterBar.addComponentAsFirst(label);
        }
    }

    static String describe(Condition filter) {
        List<Object> values = filter.allValues();
        return filter.property() + " " + filter.operator().symbol()
                + (values.isEmpty() ? "" : " " + String.join(", ", values.stream().map(String::valueOf).toList()));
    }

    void setEditing(boolean on) {
        editing = on;
        if (dashboard != null && selection != null) {
            render();
        } else {
            showEditControls();
        }
    }

    /** The edit controls as the user's role allows (checked at each render: a hidden button is not the guard). */
    private void showEditControls() {
        boolean allowed = service.canEdit();
        editing = editing && allowed;
        edit.setVisible(allowed);
        edit.setText(editing ? "Done" : "Edit");
        edit.setIcon(editing ? VaadinIcon.CHECK.create() : VaadinIcon.EDIT.create());
        if (editing) {
            edit.addThemeVariants(ButtonVariant.LUMO_SUCCESS);
        } else {
            edit.removeThemeVariants(ButtonVariant.LUMO_SUCCESS);
        }
        addTile.setVisible(editing);
        addFilter.setVisible(editing);
        delete.setVisible(editing);
        grid.getElement().setAttribute("editing", editing);
    }

    private void move(int index, int by) {
        change(tiles -> {
            List<TileInput> moved = new ArrayList<>(tiles);
            TileInput tile = moved.remove(index);
            moved.add(index + by, tile);
            return moved;
        }, null);
    }

    private void resize(int index, int wider, int taller) {
        change(tiles -> {
            List<TileInput> resized = new ArrayList<>(tiles);
            TileInput t = resized.get(index);
            resized.set(index, new TileInput(t.id(), t.explorationId(), t.width() + wider, t.height() + taller));
            return resized;
        }, null);
    }

    private void remove(int index) {
        change(tiles -> {
            List<TileInput> kept = new ArrayList<>(tiles);
            kept.remove(index);
            return kept;
        }, null);
    }

    private void removeFilter(int index) {
        change(null, filters -> {
            List<Condition> kept = new ArrayList<>(filters);
            kept.remove(index);
            return kept;
        });
    }

    /** Saves a change of the tiles and/or the filters against the version shown; false when refused. */
    boolean change(UnaryOperator<List<TileInput>> tilesChange, UnaryOperator<List<Condition>> filtersChange) {
        DashboardInput current = DashboardInput.of(dashboard.value());
        DashboardInput changed = new DashboardInput(current.name(), current.description(),
                filtersChange == null ? current.filters() : filtersChange.apply(current.filters()),
                tilesChange == null ? current.tiles() : tilesChange.apply(current.tiles()), null);
        try {
            dashboard = service.update(dashboard.value().id(), changed, dashboard.version());
            render();
            return true;
        } catch (ItemConflictException e) {
            FieldErrors.error("Someone else changed this dashboard meanwhile: showing their version. Make your "
                    + "change again if it is still needed.");
            dashboard = service.get(dashboard.value().id());
            render();
        } catch (InvalidInputException e) {
            FieldErrors.error(e.getMessage());
        }
        return false;
    }

    void openAddTile() {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Add a saved exploration");
        List<SavedExploration> saved = explorations.list(dashboard.value().appId()).stream().map(Versioned::value)
                .toList();
        if (saved.isEmpty()) {
            dialog.add(new Paragraph("App " + dashboard.value().appId() + " has no saved explorations yet. Build "
                    + "one in Explore and save it; it can then be added here."));
            dialog.getFooter().add(new Button("Close", click -> dialog.close()));
            dialog.open();
            return;
        }
        ListBox<SavedExploration> choices = new ListBox<>();
        choices.setId("tile-choices");
        choices.setItems(saved);
        choices.setRenderer(new com.vaadin.flow.data.renderer.ComponentRenderer<>(e -> {
            Span name = new Span(e.name());
            name.addClassName("cs-choice-name");
            Span kind = new Span(e.analysis().label() + (e.description().isEmpty() ? "" : " · " + e.description()));
            kind.addClassName("cs-subtitle");
            return new Div(name, kind);
        }));
        choices.getElement().setAttribute("aria-label", "Saved explorations");
        Button add = new Button("Add", click -> {
            if (choices.getValue() == null) {
                return;
            }
            String explorationId = choices.getValue().id();
            if (change(tiles -> {
                List<TileInput> more = new ArrayList<>(tiles);
                more.add(new TileInput(null, explorationId, Tile.DEFAULT_WIDTH, Tile.DEFAULT_HEIGHT));
                return more;
            }, null)) {
                dialog.close();
            }
        });
        add.setId("add-tile-confirm");
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add.setEnabled(false);
        choices.addValueChangeListener(event -> add.setEnabled(event.getValue() != null));
        dialog.add(choices);
        dialog.getFooter().add(new Button("Cancel", click -> dialog.close()), add);
        dialog.open();
    }

    void openAddFilter() {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Filter every tile");
        ComboBox<String> property = new ComboBox<>("Property");
        property.setId("filter-property");
        property.setAllowCustomValue(true);
        property.addCustomValueSetListener(event -> property.setValue(event.getDetail()));
        var metadata = explore.metadata(dashboard.value().appId());
        List<String> properties = new ArrayList<>(ExplorationSql.EVENT_COLUMNS);
        metadata.eventParameters().keySet().stream().sorted().forEach(p -> properties.add("event." + p));
        metadata.userAttributes().keySet().stream().sorted().forEach(a -> properties.add("user." + a));
        property.setItems(properties);
        Select<Operator> operator = new Select<>();
        operator.setLabel("Comparison");
        operator.setId("filter-operator");
        operator.setItems(Operator.values());
        operator.setItemLabelGenerator(Operator::symbol);
        operator.setValue(Operator.EQ);
        TextField value = new TextField("Value");
        value.setId("filter-value");
        value.setHelperText("Several values (in, notIn, between): separate them with commas");
        FieldErrors errors = new FieldErrors().bind("filters[" + dashboard.value().filters().size() + "].property",
                property).bind("filters[" + dashboard.value().filters().size() + "].values", value);
        Button save = new Button("Add filter", click -> {
            Condition filter = new Condition(property.getValue(), operator.getValue(), null,
                    values(value.getValue(), numeric(property.getValue(), metadata.eventParameters(),
                            metadata.userAttributes())));
            DashboardInput current = DashboardInput.of(dashboard.value());
            List<Condition> filters = new ArrayList<>(current.filters());
            filters.add(filter);
            try {
                dashboard = service.update(dashboard.value().id(), new DashboardInput(current.name(),
                        current.description(), filters, current.tiles(), null), dashboard.version());
                dialog.close();
                render();
            } catch (InvalidInputException e) {
                errors.show(e);
            } catch (ItemConflictException e) {
                dialog.close();
                FieldErrors.error("Someone else changed this dashboard meanwhile: showing their version.");
                dashboard = service.get(dashboard.value().id());
                render();
            }
        });
        save.setId("add-filter-confirm");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Div form = new Div(property, operator, value);
        form.addClassName("cs-filter-form");
        dialog.add(form);
        dialog.getFooter().add(new Button("Cancel", click -> dialog.close()), save);
        dialog.open();
        property.focus();
    }

    private void confirmDelete() {
        ConfirmDelete.open("Delete dashboard '" + dashboard.value().name() + "'?",
                "Its tiles go with it; the saved explorations stay.", () -> {
                    service.delete(dashboard.value().id(), dashboard.version());
                    FieldErrors.success("Dashboard deleted");
                    UI.getCurrent().navigate("dashboards", selection.query());
                });
    }

    private void showMessage(String title, String text) {
        grid.removeAll();
        emptyState.removeAll();
        emptyState.add(new H3(title), new Paragraph(text));
        emptyState.setVisible(true);
    }

    /** Whether a property compares as a number: a numeric column, or a parameter or attribute seen as numbers. */
    static boolean numeric(String property, Map<String, ValueType> parameters, Map<String, ValueType> attributes) {
        if (property == null) {
            return false;
        }
        if (property.startsWith("event.")) {
            return parameters.get(property.substring(6)) == ValueType.NUMBER;
        }
        if (property.startsWith("user.")) {
            return attributes.get(property.substring(5)) == ValueType.NUMBER;
        }
        return ModeledTables.EVENT.column(property).map(c -> c.type() == ModeledTables.ColumnType.LONG
                || c.type() == ModeledTables.ColumnType.DOUBLE || c.type() == ModeledTables.ColumnType.INT).orElse(false);
    }

    static List<Object> values(String text, boolean numeric) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split(",")).map(String::strip).filter(v -> !v.isEmpty()).map(v -> {
            if (numeric) {
                try {
                    return (Object) (v.contains(".") ? Double.valueOf(v) : Long.valueOf(v));
                } catch (NumberFormatException e) {
                    return (Object) v;
                }
            }
            return (Object) v;
        }).toList();
    }
}
