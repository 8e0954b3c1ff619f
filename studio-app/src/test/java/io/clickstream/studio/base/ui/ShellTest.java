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
import io.clickstream.studio.base.DateRangeChoice;
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
    void a_relative_range_in_the_address_is_a_choice_of_its_own_shown_in_the_header() {
        StudioUi.signIn("reader", Roles.READER);
        UI.getCurrent().navigate("acquisition", QueryParameters.simple(Map.of("app", DashboardLake.APP,
                "range", "14d")));

        StudioHeader header = layout().header;
        assertThat(parameters()).containsEntry("range", List.of("14d"));
        assertThat(header.rangePicker.getValue()).isEqualTo(Preset.RELATIVE);
        assertThat(header.rangePicker.getItemLabelGenerator().apply(Preset.RELATIVE)).isEqualTo("Last 14 days");
        assertThat(header.relativeCount.isVisible()).isTrue();
        assertThat(header.relativeCount.getValue()).isEqualTo(14);
        assertThat(header.relativeUnit.getValue()).isEqualTo(DateRangeChoice.Unit.DAY);
        assertThat(header.fromDate.isVisible()).isFalse();
        AppSelection selection = MainLayout.shownSelection().orElseThrow();
        assertThat(selection.from()).isEqualTo(TODAY.minusDays(13));
        assertThat(selection.to()).isEqualTo(TODAY);

        // Weeks, kept as written; the menu carries the range to the other dashboards.
        UI.getCurrent().navigate("devices", QueryParameters.simple(Map.of("app", DashboardLake.APP, "range", "12w")));
        assertThat(parameters()).containsEntry("range", List.of("12w"));
        assertThat(layout().header.rangePicker.getItemLabelGenerator().apply(Preset.RELATIVE))
                .isEqualTo("Last 12 weeks");
        assertThat(MainLayout.shownSelection().orElseThrow().from()).isEqualTo(TODAY.minusWeeks(12).plusDays(1));
        SideNavItem overview = LocatorJ._find(SideNavItem.class).stream()
                .filter(item -> item.getLabel().equals("Overview")).findFirst().orElseThrow();
        assertThat(overview.getElement().getAttribute("path")).contains("range=12w");

        // One that is a preset is the preset.
        UI.getCurrent().navigate("devices", QueryParameters.simple(Map.of("app", DashboardLake.APP, "range", "7D")));
        assertThat(layout().header.rangePicker.getValue()).isEqualTo(Preset.LAST_7_DAYS);
        assertThat(layout().header.relativeCount.isVisible()).isFalse();
    }

    @Test
    void a_relative_range_is_picked_in_the_header_and_checked_next_to_its_count() {
        StudioUi.signIn("reader", Roles.READER);
        UI.getCurrent().navigate("", QueryParameters.simple(Map.of("app", DashboardLake.APP, "range", "this-month")));
        StudioHeader header = layout().header;
        assertThat(header.rangePicker.getItemLabelGenerator().apply(Preset.RELATIVE))
                .isEqualTo("Last n days, weeks or months");

        // From a range that is not relative, the option applies 14 days at once.
        _setValue(header.rangePicker, Preset.RELATIVE);
        assertThat(parameters()).containsEntry("range", List.of("14d"));
        header = layout().header;
        assertThat(header.relativeCount.isVisible()).isTrue();

        _setValue(header.relativeCount, 45);
        assertThat(parameters()).containsEntry("range", List.of("45d"));
        header = layout().header;
        assertThat(header.rangePicker.getItemLabelGenerator().apply(Preset.RELATIVE)).isEqualTo("Last 45 days");

        _setValue(header.relativeUnit, DateRangeChoice.Unit.WEEK);
        assertThat(parameters()).containsEntry("range", List.of("45w"));

        header = layout().header;
        _setValue(header.relativeCount, 60);
        assertThat(header.relativeCount.isInvalid()).isTrue();
        assertThat(header.relativeCount.getErrorMessage()).isEqualTo("At most 57 weeks (400 days)");
        assertThat(parameters()).containsEntry("range", List.of("45w"));

        _setValue(header.relativeCount, null);
        assertThat(header.relativeCount.isInvalid()).isTrue();
        assertThat(header.relativeCount.getErrorMessage()).contains("How many weeks?");
        assertThat(parameters()).containsEntry("range", List.of("45w"));

        // Picked while a relative preset is shown, the option starts from that preset's count, unit and name.
        UI.getCurrent().navigate("", QueryParameters.simple(Map.of("app", DashboardLake.APP, "range", "90d")));
        header = layout().header;
        _setValue(header.rangePicker, Preset.RELATIVE);
        assertThat(parameters()).containsEntry("range", List.of("90d"));
        assertThat(header.relativeCount.getValue()).isEqualTo(90);
        assertThat(header.rangePicker.getItemLabelGenerator().apply(Preset.RELATIVE)).isEqualTo("Last 90 days");
        _setValue(header.relativeUnit, DateRangeChoice.Unit.WEEK);
        assertThat(header.relativeCount.getErrorMessage()).isEqualTo("At most 57 weeks (400 days)");
        _setValue(header.relativeCount, 45);
        assertThat(parameters()).containsEntry("range", List.of("45w"));

        // A count that makes a preset becomes that preset.
        _setValue(header.relativeUnit, DateRangeChoice.Unit.MONTH);
        _setValue(header.relativeCount, 6);
        assertThat(parameters()).containsEntry("range", List.of("6m"));
        assertThat(layout().header.rangePicker.getValue()).isEqualTo(Preset.LAST_6_MONTHS);
        assertThat(layout().header.relativeCount.isVisible()).isFalse();
    }

    @Test
    void a_range_beyond_400_days_in_the_address_falls_back_and_says_why() {
        StudioUi.signIn("reader", Roles.READER);
        Notifications.clear();
        UI.getCurrent().navigate("", QueryParameters.simple(Map.of("app", DashboardLake.APP, "range", "58w")));

        assertThat(parameters()).containsEntry("range", List.of("30d"));
        assertThat(Notifications.texts()).anyMatch(text -> text.contains("'58w' cannot be used (at most 57 weeks"));
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
