package io.clickstream.studio.base.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static io.clickstream.studio.fixture.DashboardUiTest.TODAY;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.Location;
import com.vaadin.flow.router.NavigationTrigger;
import com.vaadin.flow.router.QueryParameters;
import io.clickstream.studio.base.DateRangeChoice.Preset;
import io.clickstream.studio.dashboard.builtin.DashboardLake;
import io.clickstream.studio.fixture.DashboardUiTest;
import io.clickstream.studio.fixture.Notifications;
import io.clickstream.studio.fixture.StudioUi;
import io.clickstream.studio.security.Roles;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shell's header and URL conventions: the app and the range live in {@code ?app=&range=}, missing ones are filled
 * in (and remembered for the next view), choices in the header become new addresses, back and forward restore
 * earlier ones, and an unknown page is a not-found page inside the shell.
 */
class ShellTest extends DashboardUiTest {

    MainLayout layout() {
        return _get(MainLayout.class);
    }

    Map<String, List<String>> parameters() {
        return layout().location().getQueryParameters().getParameters();
    }

    @Test
    void an_address_without_app_and_range_gets_the_first_app_and_the_last_30_days() {
        StudioUi.signIn("reader", Roles.READER);
        UI.getCurrent().navigate("");

        assertThat(parameters()).containsEntry("app", List.of(DashboardLake.APP)).containsEntry("range", List.of("30d"));
        StudioHeader header = layout().header;
        assertThat(header.scoped.isVisible()).isTrue();
        assertThat(header.appPicker.getValue().appId()).isEqualTo(DashboardLake.APP);
        assertThat(header.appPicker.getValue().zone().getId()).isEqualTo("Europe/Paris");
        assertThat(header.rangePicker.getValue()).isEqualTo(Preset.LAST_30_DAYS);
        assertThat(header.fromDate.isVisible()).isFalse();
    }

    @Test
    void the_address_decides_the_app_and_range_and_a_choice_in_the_header_becomes_a_new_address() {
        StudioUi.signIn("reader", Roles.READER);
        UI.getCurrent().navigate("acquisition", QueryParameters.simple(Map.of("app", DashboardUiTest.QUIET_APP,
                "range", "7d")));
        StudioHeader header = layout().header;
        assertThat(header.appPicker.getValue().appId()).isEqualTo(DashboardUiTest.QUIET_APP);
        assertThat(header.rangePicker.getValue()).isEqualTo(Preset.LAST_7_DAYS);

        _setValue(header.rangePicker, Preset.YESTERDAY);
        assertThat(UI.getCurrent().getInternals().getActiveViewLocation().getPath()).isEqualTo("acquisition");
        assertThat(parameters()).containsEntry("range", List.of("yesterday"))
                .containsEntry("app", List.of(DashboardUiTest.QUIET_APP));

        _setValue(header.appPicker, header.appPicker.getListDataView().getItems()
                .filter(a -> a.appId().equals(DashboardLake.APP)).findFirst().orElseThrow());
        assertThat(parameters()).containsEntry("app", List.of(DashboardLake.APP))
                .containsEntry("range", List.of("yesterday"));

        // The menu carries the choice to the other dashboards.
        SideNavItem overview = LocatorJ._find(SideNavItem.class).stream()
                .filter(item -> item.getLabel().equals("Overview")).findFirst().orElseThrow();
        assertThat(overview.getElement().getAttribute("path")).contains("app=" + DashboardLake.APP)
                .contains("range=yesterday");

        // And a view opened without parameters gets the last choice.
        UI.getCurrent().navigate("devices");
        assertThat(parameters()).containsEntry("app", List.of(DashboardLake.APP))
                .containsEntry("range", List.of("yesterday"));
    }

    @Test
    void back_and_forward_show_the_earlier_choices_again() {
        StudioUi.signIn("reader", Roles.READER);
        UI.getCurrent().navigate("", QueryParameters.simple(Map.of("app", DashboardLake.APP, "range", "7d")));
        _setValue(layout().header.rangePicker, Preset.LAST_90_DAYS);
        assertThat(layout().header.rangePicker.getValue()).isEqualTo(Preset.LAST_90_DAYS);

        // The browser's back button: a navigation to the earlier address, triggered by the history.
        UI ui = UI.getCurrent();
        ui.getInternals().getRouter().navigate(ui, new Location("", QueryParameters.simple(
                Map.of("app", DashboardLake.APP, "range", "7d"))), NavigationTrigger.HISTORY);
        assertThat(layout().header.rangePicker.getValue()).isEqualTo(Preset.LAST_7_DAYS);
        assertThat(parameters()).containsEntry("range", List.of("7d"));
    }

    @Test
    void custom_dates_are_checked_next_to_the_field_and_kept_in_the_address() {
        StudioUi.signIn("reader", Roles.READER);
        UI.getCurrent().navigate("", QueryParameters.simple(Map.of("app", DashboardLake.APP)));
        StudioHeader header = layout().header;
        _setValue(header.rangePicker, Preset.CUSTOM);
        assertThat(header.fromDate.isVisible()).isTrue();
        assertThat(header.toDate.isVisible()).isTrue();

        // Custom starts from the 30 days shown; a new first day applies at once.
        assertThat(header.toDate.getValue()).isEqualTo(TODAY);
        _setValue(header.fromDate, LocalDate.of(2026, 11, 10));
        assertThat(parameters()).containsEntry("range", List.of("2026-11-10..2026-11-20"));

        header = layout().header;
        _setValue(header.toDate, LocalDate.of(2026, 11, 1));
        assertThat(header.toDate.isInvalid()).isTrue();
        assertThat(header.toDate.getErrorMessage()).isEqualTo("The last day is before the first");
        assertThat(parameters()).containsEntry("range", List.of("2026-11-10..2026-11-20"));

        _setValue(header.toDate, LocalDate.of(2026, 11, 15));
        assertThat(parameters()).containsEntry("range", List.of("2026-11-10..2026-11-15"));
        assertThat(layout().header.fromDate.getValue()).isEqualTo(LocalDate.of(2026, 11, 10));
        assertThat(layout().header.toDate.getValue()).isEqualTo(LocalDate.of(2026, 11, 15));
    }

    @Test
    void an_unknown_app_in_the_address_falls_back_and_says_so() {
        StudioUi.signIn("reader", Roles.READER);
        Notifications.clear();
        UI.getCurrent().navigate("", QueryParameters.simple(Map.of("app", "gone-app", "range", "nonsense")));

        assertThat(parameters()).containsEntry("app", List.of(DashboardLake.APP)).containsEntry("range", List.of("30d"));
        assertThat(Notifications.texts()).anyMatch(text -> text.contains("There is no app 'gone-app'"));
    }

    @Test
    void realtime_needs_no_date_range_and_other_pages_no_app() {
        StudioUi.signIn("reader", Roles.READER);
        UI.getCurrent().navigate("realtime");
        assertThat(layout().header.appPicker.isVisible()).isTrue();
        assertThat(layout().header.rangePicker.isVisible()).isFalse();
        UI.getCurrent().navigate("tokens");
        assertThat(layout().header.scoped.isVisible()).isFalse();
    }
}
