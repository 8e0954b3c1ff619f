package io.clickstream.studio.dashboard.builtin.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.clickstream.studio.base.ui.AppScopedView;
import io.clickstream.studio.base.ui.AppSelection;
import io.clickstream.studio.base.ui.MainLayout;
import io.clickstream.studio.base.ui.ViewHeader;
import io.clickstream.studio.dashboard.builtin.BuiltInDashboards;
import io.clickstream.studio.dashboard.ui.EmptyStates;
import io.clickstream.studio.explore.DashboardQueries.EventRow;
import io.clickstream.studio.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Details: the raw events of the range, newest first, in a lazily paged grid; a search narrows them to one user
 * (pseudo id or user id), session or event, and an event name. The search lives in the URL ({@code ?who=&event=})
 * so a link shows the same events. Selecting an event shows all its columns.
 */
@Route(value = "details", layout = MainLayout.class)
@PageTitle("Details")
@Menu(order = 6, icon = "vaadin:lines-list", title = "Details")
@RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR, Roles.ANALYST, Roles.READER})
class DetailsView extends Main implements AppScopedView, BeforeEnterObserver {

    static final String WHO = "who";
    static final String EVENT = "event";
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ENGLISH);

    final BuiltInDashboards dashboards;
    final EmptyStates emptyStates;
    final ViewHeader header = new ViewHeader("Details", "");
    final TextField who = new TextField("User, session or event id");
    final ComboBox<String> eventName = new ComboBox<>("Event");
    final Button search = new Button("Search", VaadinIcon.SEARCH.create());
    final Grid<EventRow> grid = new Grid<>();
    final Div detail = new Div();
    final Div emptyState = new Div();
    final Div body;
    AppSelection selection;
    String whoParameter;
    String eventParameter;

    DetailsView(BuiltInDashboards dashboards, EmptyStates emptyStates) {
        this.dashboards = dashboards;
        this.emptyStates = emptyStates;
        addClassNames("cs-dashboard", "cs-details");
        who.setId("details-who");
        who.setClearButtonVisible(true);
        who.setPlaceholder("e.g. a user_pseudo_id");
        who.setPrefixComponent(VaadinIcon.SEARCH.create());
        who.addKeyPressListener(Key.ENTER, press -> submit());
        eventName.setId("details-event");
        eventName.setClearButtonVisible(true);
        eventName.setPlaceholder("Any event");
        search.setId("details-search");
        search.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        search.addClickListener(click -> submit());
        Div form = new Div(who, eventName, search);
        form.addClassName("cs-search-bar");

        grid.setId("details-grid");
        grid.addColumn(row -> time(row.timeMillis())).setHeader("Time").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(EventRow::eventName).setHeader("Event").setAutoWidth(true);
        grid.addColumn(EventRow::userPseudoId).setHeader("User").setFlexGrow(2);
        grid.addColumn(EventRow::sessionId).setHeader("Session").setFlexGrow(2);
        grid.addColumn(EventRow::platform).setHeader("Platform").setAutoWidth(true);
        grid.addColumn(EventRow::country).setHeader("Country").setAutoWidth(true);
        grid.addColumn(row -> row.pageTitle() != null ? row.pageTitle() : row.screenName()).setHeader("Page or screen")
                .setFlexGrow(2);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        grid.setPageSize(50);
        grid.setHeight("560px");
        grid.asSingleSelect().addValueChangeListener(event -> showDetail(event.getValue()));
        grid.setAriaLabel("Events, newest first");

        detail.addClassNames("cs-card", "cs-event-detail");
        detail.setVisible(false);
        Div gridCard = new Div(grid);
        gridCard.addClassNames("cs-card", "cs-grid-card");
        Div columns = new Div(gridCard, detail);
        columns.addClassName("cs-details-columns");
        body = new Div(form, columns);
        body.addClassName("cs-dashboard-content");
        emptyState.setVisible(false);
        add(header, emptyState, body);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Map<String, List<String>> parameters = event.getLocation().getQueryParameters().getParameters();
        whoParameter = first(parameters.get(WHO));
        eventParameter = first(parameters.get(EVENT));
    }

    @Override
    public void showSelection(AppSelection selection) {
        this.selection = selection;
        detail.setVisible(false);
        if (!selection.hasApp()) {
            header.setSubtitle("");
            showEmpty(emptyStates.noApps());
            return;
        }
        header.setSubtitle(selection.describe() + " · newest first");
        who.setValue(whoParameter == null ? "" : whoParameter);
        eventName.setItems(dashboards.eventNames(selection.appId()));
        eventName.setValue(eventParameter);
        String appId = selection.appId();
        AppSelection asked = selection;
        String wanted = whoParameter;
        String name = eventParameter;
        grid.setItems(query -> dashboards.events(appId, asked.from(), asked.to(), wanted, name, query.getOffset(),
                query.getLimit()).stream());
        boolean none = wanted == null && name == null
                && dashboards.events(appId, asked.from(), asked.to(), null, null, 0, 1).isEmpty();
        if (none) {
            showEmpty(emptyStates.noEvents(selection));
        } else {
            emptyState.setVisible(false);
            body.setVisible(true);
        }
    }

    /** Puts the search into the URL, which shows its events (and makes it a link). */
    void submit() {
        if (selection == null) {
            return;
        }
        Map<String, String> search = new LinkedHashMap<>();
        if (!who.getValue().isBlank()) {
            search.put(WHO, who.getValue().strip());
        }
        if (eventName.getValue() != null) {
            search.put(EVENT, eventName.getValue());
        }
        UI.getCurrent().navigate("details", selection.query(search));
    }

    private void showDetail(EventRow row) {
        detail.removeAll();
        if (row == null || selection == null) {
            detail.setVisible(false);
            return;
        }
        detail.add(new H3(row.eventName()));
        Map<String, Object> columns = dashboards.event(selection.appId(), selection.from(), selection.to(), row.eventId());
        Div list = new Div();
        list.addClassName("cs-properties");
        columns.forEach((name, value) -> {
            if (value == null || value.toString().isEmpty() || value.toString().equals("{}")) {
                return;
            }
            Span key = new Span(name);
            key.addClassName("cs-property-name");
            Span text = new Span(value.toString());
            text.addClassName("cs-property-value");
            list.add(key, text);
        });
        if (columns.isEmpty()) {
            detail.add(new Paragraph("This event is no longer in the lake."));
        }
        detail.add(list);
        detail.setVisible(true);
    }

    private void showEmpty(Div card) {
        emptyState.removeAll();
        emptyState.add(card);
        emptyState.setVisible(true);
        body.setVisible(false);
    }

    private String time(long millis) {
        return selection == null ? "" : TIME.format(Instant.ofEpochMilli(millis).atZone(selection.app().zone()));
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() || values.get(0).isBlank() ? null : values.get(0);
    }
}
