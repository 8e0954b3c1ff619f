package io.clickstream.studio.metadata.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.Tabs;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.QuerySortOrder;
import com.vaadin.flow.data.provider.SortDirection;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Location;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinRequest;
import io.clickstream.studio.base.ClickstreamProperties;
import io.clickstream.studio.base.ui.MainLayout;
import io.clickstream.studio.base.ui.SignedInAccess;
import io.clickstream.studio.metadata.EventMetadata;
import io.clickstream.studio.metadata.LastScan;
import io.clickstream.studio.metadata.MetadataEntry;
import io.clickstream.studio.metadata.MetadataKind;
import io.clickstream.studio.metadata.MetadataQuery;
import io.clickstream.studio.metadata.MetadataService;
import io.clickstream.studio.metadata.ParameterMetadata;
import io.clickstream.studio.metadata.ScanReport;
import io.clickstream.studio.metadata.UserAttributeMetadata;
import io.clickstream.studio.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToLongFunction;

/**
 * The metadata manager: an app's events, event parameters and user attributes as found by the scan, in grids that
 * search, sort and page on the server (a lazy data provider, so 10,000 parameters cost one page at a time), with
 * their display names, descriptions and categories editable. The app, the tab and the search are in the URL.
 */
@Route(value = "metadata", layout = MainLayout.class)
@PageTitle("Metadata")
@Menu(order = 5, icon = "vaadin:tags", title = "Metadata")
@RolesAllowed({Roles.ADMINISTRATOR, Roles.ANALYST})
class MetadataView extends Main implements BeforeEnterObserver {

    static final String EVENTS = "events";
    static final String PARAMETERS = "parameters";
    static final String USER_ATTRIBUTES = "user-attributes";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    final MetadataService service;
    private final ClickstreamProperties clickstream;

    final Select<String> appPicker = new Select<>();
    final Button scan = new Button("Scan now", VaadinIcon.REFRESH.create());
    final Button cancelScan = new Button("Cancel");
    final ProgressBar scanProgress = new ProgressBar();
    final Span scanStatus = new Span();
    final Tab eventsTab = new Tab("Events");
    final Tab parametersTab = new Tab("Parameters");
    final Tab userAttributesTab = new Tab("User attributes");
    final Tabs tabs = new Tabs(eventsTab, parametersTab, userAttributesTab);
    final TextField search = new TextField();
    final Grid<EventMetadata> eventsGrid = new Grid<>();
    final Grid<ParameterMetadata> parametersGrid = new Grid<>();
    final Grid<UserAttributeMetadata> userAttributesGrid = new Grid<>();
    final Div content = new Div();
    final Div emptyState = new Div();
    final H3 emptyTitle = new H3();
    final Paragraph emptyMessage = new Paragraph();
    final Pre snippet = new Pre();
    MetadataEditDialog<?> editDialog;
    CompletableFuture<ScanReport> runningScan;

    private final NumberFormat numbers = NumberFormat.getIntegerInstance(Locale.ENGLISH);
    private String appId;

    MetadataView(MetadataService service, ClickstreamProperties clickstream) {
        this.service = service;
        this.clickstream = clickstream;
        addClassName("cs-dashboard");

        appPicker.setLabel("App");
        appPicker.setAriaLabel("App");
        appPicker.addValueChangeListener(event -> {
            if (event.isFromClient() && event.getValue() != null) {
                appId = event.getValue();
                refresh();
                updateUrl();
            }
        });
        scan.setId("scan-now");
        scan.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        scan.setTooltipText("Look for events, parameters and user attributes modeled since the last scan");
        scan.addClickListener(click -> startScan());
        cancelScan.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        cancelScan.addClickListener(click -> service.cancelScan());
        scanProgress.setIndeterminate(true);
        scanProgress.setWidth("120px");
        setScanning(false);
        scanStatus.addClassName("cs-subtitle");

        Div tools = new Div(appPicker, scan, scanProgress, cancelScan);
        tools.getStyle().set("display", "flex").set("align-items", "flex-end").set("gap", "var(--lumo-space-s)")
                .set("flex-wrap", "wrap");
        Div header = new Div(new Div(new H3("Events, parameters and user attributes"), scanStatus), tools);
        header.addClassName("cs-dashboard-header");

        search.setPlaceholder("Search names, display names, categories");
        search.setAriaLabel("Search");
        search.setPrefixComponent(VaadinIcon.SEARCH.create());
        search.setClearButtonVisible(true);
        search.setValueChangeMode(ValueChangeMode.LAZY);
        search.setWidth("22em");
        search.addValueChangeListener(event -> {
            refreshGrids();
            updateUrl();
        });
        tabs.addSelectedChangeListener(event -> {
            showSelectedGrid();
            updateUrl();
        });

        configureEvents();
        configureParameters();
        configureUserAttributes();
        content.add(new Div(tabs, search), eventsGrid, parametersGrid, userAttributesGrid);
        content.getStyle().set("display", "flex").set("flex-direction", "column").set("gap", "var(--lumo-space-s)");

        emptyState.addClassNames("cs-card", "cs-empty");
        snippet.getStyle().set("text-align", "left").set("white-space", "pre-wrap").set("word-break", "break-all")
                .set("background", "var(--lumo-contrast-5pct)").set("padding", "var(--lumo-space-s)")
                .set("border-radius", "var(--lumo-border-radius-m)").set("font-size", "var(--lumo-font-size-s)");
        emptyState.add(emptyTitle, emptyMessage, snippet);

        add(header, emptyState, content);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Map<String, List<String>> parameters = event.getLocation().getQueryParameters().getParameters();
        List<String> apps = service.apps();
        String requested = first(parameters, "app");
        appId = requested != null && apps.contains(requested) ? requested : service.defaultApp();
        appPicker.setItems(apps);
        appPicker.setVisible(!apps.isEmpty());
        if (appId != null) {
            appPicker.setValue(appId);
        }
        String tab = first(parameters, "tab");
        tabs.setSelectedTab(PARAMETERS.equals(tab) ? parametersTab : USER_ATTRIBUTES.equals(tab) ? userAttributesTab
                : eventsTab);
        String query = first(parameters, "q");
        search.setValue(query == null ? "" : query);
        refresh();
    }

    /** Re-reads the app's lists and the last scan, and shows the empty state when there is nothing yet. */
    void refresh() {
        showSelectedGrid();
        if (appId == null) {
            scan.setEnabled(false);
            scanStatus.setText("");
            showEmpty("No apps yet", "An administrator creates apps under Projects. Once an app sends events and the "
                    + "ETL has modeled them, they appear here.", null);
            return;
        }
        scan.setEnabled(runningScan == null);
        scanStatus.setText(service.lastScan(appId).map(MetadataView::describe)
                .orElse("Not scanned yet: the scan runs after each ETL run that modeled new events."));
        int events = service.page(appId, MetadataKind.EVENTS, MetadataQuery.all(), 0, 0).total();
        if (events == 0) {
            showEmpty("No events yet", "Nothing of app " + appId + " has been modeled yet. Send an event, wait for "
                    + "the next ETL run (within a minute in local mode), then click Scan now (or wait: the scan "
                    + "follows each ETL run). For example:", curlSnippet());
            return;
        }
        emptyState.setVisible(false);
        content.setVisible(true);
        eventsTab.setLabel("Events (" + numbers.format(events) + ")");
        parametersTab.setLabel("Parameters (" + numbers.format(
                service.page(appId, MetadataKind.PARAMETERS, MetadataQuery.all(), 0, 0).total()) + ")");
        userAttributesTab.setLabel("User attributes (" + numbers.format(
                service.page(appId, MetadataKind.USER_ATTRIBUTES, MetadataQuery.all(), 0, 0).total()) + ")");
        refreshGrids();
    }

    private void showEmpty(String title, String message, String code) {
        emptyTitle.setText(title);
        emptyMessage.setText(message);
        snippet.setText(code == null ? "" : code);
        snippet.setVisible(code != null);
        emptyState.setVisible(true);
        content.setVisible(false);
    }

    private void refreshGrids() {
        eventsGrid.getDataProvider().refreshAll();
        parametersGrid.getDataProvider().refreshAll();
        userAttributesGrid.getDataProvider().refreshAll();
    }

    private void showSelectedGrid() {
        eventsGrid.setVisible(tabs.getSelectedTab() == eventsTab);
        parametersGrid.setVisible(tabs.getSelectedTab() == parametersTab);
        userAttributesGrid.setVisible(tabs.getSelectedTab() == userAttributesTab);
    }

    // Grids.

    private void configureEvents() {
        Grid<EventMetadata> grid = eventsGrid;
        grid.addColumn(EventMetadata::name).setHeader("Name").setSortProperty("name").setKey("name")
                .setAutoWidth(true).setFlexGrow(1);
        addTextColumns(grid);
        number(grid, "Events", "events", EventMetadata::events);
        number(grid, "Users", "users", EventMetadata::users);
        addTimeColumns(grid);
        lazy(grid, MetadataKind.EVENTS, "event");
    }

    private void configureParameters() {
        Grid<ParameterMetadata> grid = parametersGrid;
        grid.addColumn(ParameterMetadata::eventName).setHeader("Event").setSortProperty("eventName")
                .setKey("eventName").setAutoWidth(true);
        grid.addColumn(ParameterMetadata::name).setHeader("Name").setSortProperty("name").setKey("name")
                .setAutoWidth(true).setFlexGrow(1);
        addTextColumns(grid);
        grid.addColumn(p -> p.type().label()).setHeader("Type").setSortProperty("type").setKey("type")
                .setAutoWidth(true);
        grid.addColumn(p -> String.join(", ", p.samples())).setHeader("Samples").setKey("samples")
                .setWidth("14em").setFlexGrow(1);
        number(grid, "Events", "events", ParameterMetadata::events);
        addTimeColumns(grid);
        lazy(grid, MetadataKind.PARAMETERS, "parameter");
    }

    private void configureUserAttributes() {
        Grid<UserAttributeMetadata> grid = userAttributesGrid;
        grid.addColumn(UserAttributeMetadata::name).setHeader("Name").setSortProperty("name").setKey("name")
                .setAutoWidth(true).setFlexGrow(1);
        addTextColumns(grid);
        grid.addColumn(a -> a.type().label()).setHeader("Type").setSortProperty("type").setKey("type")
                .setAutoWidth(true);
        grid.addColumn(a -> String.join(", ", a.samples())).setHeader("Samples").setKey("samples")
                .setWidth("14em").setFlexGrow(1);
        number(grid, "Users", "users", UserAttributeMetadata::users);
        addTimeColumns(grid);
        lazy(grid, MetadataKind.USER_ATTRIBUTES, "user attribute");
    }

    private static <T extends MetadataEntry> void addTextColumns(Grid<T> grid) {
        grid.addColumn(MetadataEntry::displayName).setHeader("Display name").setSortProperty("displayName")
                .setKey("displayName").setAutoWidth(true).setFlexGrow(1)
                .setTooltipGenerator(MetadataEntry::description);
        grid.addColumn(MetadataEntry::category).setHeader("Category").setSortProperty("category").setKey("category")
                .setAutoWidth(true);
    }

    private <T extends MetadataEntry> void number(Grid<T> grid, String header, String property,
                                                  ToLongFunction<T> value) {
        grid.addColumn(e -> numbers.format(value.applyAsLong(e))).setHeader(header).setSortProperty(property)
                .setKey(property).setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
    }

    private static <T extends MetadataEntry> void addTimeColumns(Grid<T> grid) {
        grid.addColumn(e -> time(e.firstSeen())).setHeader("First seen (UTC)").setSortProperty("firstSeen")
                .setKey("firstSeen").setAutoWidth(true);
        grid.addColumn(e -> time(e.lastSeen())).setHeader("Last seen (UTC)").setSortProperty("lastSeen")
                .setKey("lastSeen").setAutoWidth(true);
    }

    /** Server-side search, sort and paging: the grid asks for one page at a time. */
    private <T extends MetadataEntry> void lazy(Grid<T> grid, MetadataKind<T> kind, String what) {
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        grid.setMultiSort(false);
        grid.setHeight("65vh");
        grid.setPageSize(100);
        grid.addComponentColumn(entry -> {
            Button edit = new Button(VaadinIcon.EDIT.create(), click -> edit(kind, what, entry));
            edit.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE);
            edit.setAriaLabel("Edit " + entry.name());
            edit.setTooltipText("Edit display name, description, category");
            return edit;
        }).setHeader("").setKey("edit").setWidth("4em").setFlexGrow(0);
        grid.addItemDoubleClickListener(event -> edit(kind, what, event.getItem()));
        grid.setItems(
                query -> appId == null ? java.util.stream.Stream.empty()
                        : service.page(appId, kind, query(query.getSortOrders()), query.getOffset(), query.getLimit())
                                .items().stream(),
                query -> appId == null ? 0
                        : service.page(appId, kind, query(query.getSortOrders()), 0, 0).total());
    }

    private MetadataQuery query(List<QuerySortOrder> sortOrders) {
        QuerySortOrder order = sortOrders.isEmpty() ? null : sortOrders.get(0);
        return new MetadataQuery(search.getValue(), order == null ? "name" : order.getSorted(),
                order != null && order.getDirection() == SortDirection.DESCENDING, null);
    }

    <T extends MetadataEntry> void edit(MetadataKind<T> kind, String what, T entry) {
        String eventName = entry instanceof ParameterMetadata p ? p.eventName() : null;
        String label = what + " " + (eventName == null ? entry.name() : eventName + " · " + entry.name());
        editDialog = new MetadataEditDialog<>(label, entry, service.categories(appId),
                (version, edit) -> service.edit(appId, kind, eventName, entry.name(), version, edit),
                () -> service.get(appId, kind, eventName, entry.name()),
                () -> {
                    refreshGrids();
                    Notification.show("Saved", 3000, Notification.Position.BOTTOM_END)
                            .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
                });
        editDialog.open();
    }

    // Scans.

    /** Runs a scan off the UI thread; the page polls while it runs and shows the result when it ends. */
    void startScan() {
        UI ui = UI.getCurrent();
        SignedInAccess.Updater asUser = SignedInAccess.of(ui);
        String scanned = appId;
        setScanning(true);
        ui.setPollInterval(500);
        runningScan = service.scanInBackground(scanned).whenComplete((report, error) -> asUser.access(() -> {
            runningScan = null;
            ui.setPollInterval(-1);
            setScanning(false);
            if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                Notification.show("The scan failed: " + cause.getMessage(), 8000, Notification.Position.BOTTOM_END)
                        .addThemeVariants(NotificationVariant.LUMO_ERROR);
            } else {
                Notification.show(describe(report), 4000, Notification.Position.BOTTOM_END);
            }
            if (scanned.equals(appId)) {
                refresh();
            }
        }));
    }

    private void setScanning(boolean scanning) {
        scan.setEnabled(!scanning);
        scanProgress.setVisible(scanning);
        cancelScan.setVisible(scanning);
    }

    static String describe(ScanReport report) {
        return switch (report.outcome()) {
            case SCANNED -> "Scanned " + report.filesRead() + (report.filesRead() == 1 ? " new file" : " new files")
                    + " in " + report.millis() + " ms: " + report.itemsWritten() + " entries updated.";
            case UNCHANGED -> "Nothing new since the last scan.";
            case BUSY -> "Another scan of this app is running; try again in a moment.";
            case CANCELLED -> "Scan cancelled; the next scan picks up from where the last one finished.";
        };
    }

    private static String describe(LastScan last) {
        return "Last scan " + TIME.format(last.at()) + " UTC (" + last.millis() + " ms)";
    }

    // URL state.

    private void updateUrl() {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (appId != null) {
            parameters.put("app", appId);
        }
        Tab tab = tabs.getSelectedTab();
        if (tab != eventsTab) {
            parameters.put("tab", tab == parametersTab ? PARAMETERS : USER_ATTRIBUTES);
        }
        if (!search.getValue().isBlank()) {
            parameters.put("q", search.getValue());
        }
        getUI().ifPresent(ui -> ui.getPage().getHistory().replaceState(null,
                new Location("metadata", QueryParameters.simple(parameters))));
    }

    private static String first(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private String curlSnippet() {
        String host = "localhost";
        VaadinRequest request = VaadinRequest.getCurrent();
        String header = request == null ? null : request.getHeader("Host");
        if (header != null && header.matches("[A-Za-z0-9.\\-]+(:[0-9]+)?")) {
            host = header.replaceAll(":[0-9]+$", "");
        }
        String endpoint = clickstream.runtime() == ClickstreamProperties.Runtime.LOCAL
                ? "http://" + host + ":" + clickstream.ingestion().port() + "/collect"
                : "https://<your ingestion endpoint>/collect";
        return "curl -A 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0' -H 'Content-Type: application/json' \\\n"
                + "  '" + endpoint + "?appId=" + appId + "' \\\n"
                + "  -d '{\"event_type\": \"signup\", \"event_id\": \"e-'\"$(date +%s%N)\"'\", "
                + "\"timestamp\": '\"$(date +%s%3N)\"', \"app_id\": \"" + appId + "\", \"unique_id\": \"u-1\", "
                + "\"attributes\": {\"plan\": \"pro\"}}'";
    }

    private static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }
}
