package io.clickstream.studio.metadata.ui;

import static com.github.mvysny.kaributesting.v10.ButtonKt._click;
import static com.github.mvysny.kaributesting.v10.GridKt._get;
import static com.github.mvysny.kaributesting.v10.GridKt._size;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.data.provider.SortDirection;
import com.vaadin.flow.router.QueryParameters;
import io.clickstream.metadata.apps.AppRecord;
import io.clickstream.metadata.apps.AppRepository;
import io.clickstream.studio.fixture.StudioUi;
import io.clickstream.studio.metadata.EventMetadata;
import io.clickstream.studio.metadata.MetadataEdit;
import io.clickstream.studio.metadata.MetadataKind;
import io.clickstream.studio.metadata.MetadataService;
import io.clickstream.studio.metadata.MetadataStudioTest;
import io.clickstream.studio.metadata.ParameterMetadata;
import io.clickstream.studio.metadata.ScanReport;
import io.clickstream.studio.security.Roles;
import io.clickstream.studio.security.ui.NoAccessView;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** The metadata manager's view, browserless (Karibu) over the real Spring context and a scanned lake. */
class MetadataViewTest extends MetadataStudioTest {

    @Autowired
    ApplicationContext context;

    @Autowired
    MetadataService service;

    @Autowired
    AppRepository apps;

    @BeforeEach
    void startUi() {
        StudioUi.start(context);
    }

    @AfterEach
    void stopUi() {
        StudioUi.stop();
    }

    @Test
    void shows_the_apps_events_with_counts_and_preset_display_names() {
        MetadataView view = open("metadata", Roles.ANALYST);

        assertThat(view.emptyState.isVisible()).isFalse();
        assertThat(view.appPicker.getValue()).isEqualTo(APP);
        assertThat(view.eventsTab.getLabel()).isEqualTo("Events (4)");
        assertThat(view.parametersGrid.isVisible()).isFalse();
        List<EventMetadata> rows = rows(view.eventsGrid);
        assertThat(rows).extracting(EventMetadata::name)
                .containsExactly("_page_view", "_session_start", "add_to_cart", "purchase");
        assertThat(rows.get(0).displayName()).isEqualTo("Page view");
        assertThat(rows).allSatisfy(e -> assertThat(e.events()).isEqualTo(15));
        assertThat(view.scanStatus.getText()).startsWith("Last scan ");
    }

    @Test
    void the_url_selects_tab_and_search_and_the_grid_sorts_on_the_server() {
        MetadataView view = open("metadata?app=" + APP + "&tab=parameters&q=add_to_cart", Roles.ADMINISTRATOR);

        assertThat(view.tabs.getSelectedTab()).isSameAs(view.parametersTab);
        assertThat(view.search.getValue()).isEqualTo("add_to_cart");
        assertThat(rows(view.parametersGrid)).extracting(ParameterMetadata::name)
                .containsExactly("_session_number", "color", "qty");

        view.search.setValue("");
        view.parametersGrid.sort(List.of(new com.vaadin.flow.component.grid.GridSortOrder<>(
                view.parametersGrid.getColumnByKey("eventName"), SortDirection.DESCENDING)));
        List<ParameterMetadata> sorted = rows(view.parametersGrid);

        assertThat(sorted).hasSize(10);
        assertThat(sorted.get(0).eventName()).isEqualTo("purchase");
        assertThat(sorted.get(sorted.size() - 1).eventName()).isEqualTo("_page_view");
    }

    @Test
    void edits_a_display_name_in_the_dialog_and_the_grid_shows_it() {
        MetadataView view = open("metadata?tab=parameters&q=color", Roles.ANALYST);
        ParameterMetadata color = rows(view.parametersGrid).get(0);

        view.edit(MetadataKind.PARAMETERS, "parameter", color);
        MetadataEditDialog<?> dialog = view.editDialog;
        dialog.displayName.setValue("Colour");
        dialog.category.setValue("Product");
        _click(dialog.save);

        assertThat(dialog.isOpened()).isFalse();
        ParameterMetadata shown = rows(view.parametersGrid).get(0);
        assertThat(shown.displayName()).isEqualTo("Colour");
        assertThat(shown.category()).isEqualTo("Product");
    }

    @Test
    void a_stale_save_shows_who_changed_it_and_reload_brings_their_version() {
        MetadataView view = open("metadata?q=session", Roles.ANALYST);
        EventMetadata sessionStart = rows(view.eventsGrid).get(0);
        view.edit(MetadataKind.EVENTS, "event", sessionStart);
        MetadataEditDialog<?> dialog = view.editDialog;
        // Someone else saves first.
        StudioUi.signIn("bob", Roles.ADMINISTRATOR);
        service.edit(APP, MetadataKind.EVENTS, null, "_session_start", sessionStart.version(),
                new MetadataEdit("Visit start", null, null));
        StudioUi.signIn("ann", Roles.ANALYST);

        dialog.displayName.setValue("Session began");
        _click(dialog.save);

        assertThat(dialog.isOpened()).isTrue();
        assertThat(dialog.conflict.isVisible()).isTrue();
        assertThat(dialog.conflict.getText()).contains("changed by bob").contains("Reload");
        assertThat(dialog.save.isEnabled()).isFalse();
        _click(dialog.reload);
        assertThat(dialog.displayName.getValue()).isEqualTo("Visit start");
        dialog.displayName.setValue("Session began");
        _click(dialog.save);
        assertThat(dialog.isOpened()).isFalse();
        assertThat(service.get(APP, MetadataKind.EVENTS, null, "_session_start").displayName())
                .isEqualTo("Session began");
    }

    @Test
    void text_that_cannot_be_stored_is_reported_next_to_its_field() {
        MetadataView view = open("metadata?tab=user-attributes", Roles.ANALYST);
        view.edit(MetadataKind.USER_ATTRIBUTES, "user attribute", rows(view.userAttributesGrid).get(0));
        MetadataEditDialog<?> dialog = view.editDialog;

        dialog.displayName.setValue("x".repeat(150));
        _click(dialog.save);

        assertThat(dialog.isOpened()).isTrue();
        assertThat(dialog.displayName.isInvalid()).isTrue();
        assertThat(dialog.displayName.getErrorMessage()).contains("longer than 100 characters");
        assertThat(dialog.description.isInvalid()).isFalse();
    }

    @Test
    void an_app_without_events_says_how_to_send_one() {
        if (apps.find("new-site").isEmpty()) {
            apps.create(new AppRecord("new-site", "default", "New site", "", "UTC", true, List.of("*"), List.of("Web")));
        }

        MetadataView view = open("metadata?app=new-site", Roles.ANALYST);

        assertThat(view.emptyState.isVisible()).isTrue();
        assertThat(view.content.isVisible()).isFalse();
        assertThat(view.emptyTitle.getText()).isEqualTo("No events yet");
        assertThat(view.snippet.getText()).contains("curl ").contains("/collect?appId=new-site")
                .contains("\"app_id\": \"new-site\"");
    }

    @Test
    void scan_now_runs_in_the_background_and_reports_when_done() throws Exception {
        MetadataView view = open("metadata", Roles.ANALYST);

        _click(view.scan);
        assertThat(view.scanProgress.isVisible()).isTrue();
        assertThat(view.cancelScan.isVisible()).isTrue();
        ScanReport report = view.runningScan.get(30, TimeUnit.SECONDS);
        MockVaadin.clientRoundtrip();

        assertThat(report.outcome()).isEqualTo(ScanReport.Outcome.UNCHANGED);
        assertThat(view.scanProgress.isVisible()).isFalse();
        assertThat(view.scan.isEnabled()).isTrue();
    }

    @Test
    void operators_and_readers_cannot_open_it() {
        for (String role : List.of(Roles.OPERATOR, Roles.READER)) {
            StudioUi.signIn(role.toLowerCase(java.util.Locale.ROOT), role);
            UI.getCurrent().navigate("metadata");
            assertThat(StudioUi.currentView()).as(role).isInstanceOf(NoAccessView.class);
        }
    }

    private static MetadataView open(String location, String role) {
        StudioUi.signIn(role.toLowerCase(java.util.Locale.ROOT), role);
        String[] parts = location.split("\\?", 2);
        UI.getCurrent().navigate(parts[0], QueryParameters.fromString(parts.length > 1 ? parts[1] : ""));
        return (MetadataView) StudioUi.currentView();
    }

    private static <T> List<T> rows(Grid<T> grid) {
        List<T> rows = new ArrayList<>();
        for (int i = 0; i < _size(grid); i++) {
            rows.add(_get(grid, i));
        }
        return rows;
    }
}
