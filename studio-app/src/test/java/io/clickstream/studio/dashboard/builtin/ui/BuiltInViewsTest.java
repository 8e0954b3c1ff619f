package io.clickstream.studio.dashboard.builtin.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.router.QueryParameters;
import io.clickstream.studio.base.ui.chart.ChartOptions;
import io.clickstream.studio.base.ui.chart.EChart;
import io.clickstream.studio.dashboard.builtin.DashboardLake;
import io.clickstream.studio.dashboard.builtin.DashboardLake.Event;
import io.clickstream.studio.explore.DashboardQueries.EventRow;
import io.clickstream.studio.fixture.DashboardUiTest;
import io.clickstream.studio.fixture.DashboardUiTest.ManualLakeCommits;
import io.clickstream.studio.fixture.StudioUi;
import io.clickstream.studio.security.Roles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The built-in dashboards on screen (Karibu): each draws its charts for the shop's app and range, days are the
 * app's (Europe/Paris, never "UTC"), today is marked as partial, and an app without events says how to send one.
 */
class BuiltInViewsTest extends DashboardUiTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static void open(String route, String app, String range) {
        UI.getCurrent().navigate(route, QueryParameters.simple(Map.of("app", app, "range", range)));
        roundtrip();
    }

    @Test
    void overview_shows_the_shops_numbers_in_its_time_zone_and_marks_today_as_partial() throws Exception {
        StudioUi.signIn("reader", Roles.READER);
        open("", DashboardLake.APP, "30d");
        OverviewView view = _get(OverviewView.class);

        assertThat(view.content.isVisible()).isTrue();
        assertThat(view.emptyState.isVisible()).isFalse();
        assertThat(view.header.getSubtitle()).isEqualTo("Oct 22 – Nov 20, 2026 · Europe/Paris")
                .doesNotContain("UTC");
        List<Event> inRange = LAKE.events().stream()
                .filter(e -> !e.date().isBefore(TODAY.minusDays(29)) && !e.date().isAfter(TODAY)).toList();
        assertThat(view.events.getValue()).isEqualTo(String.format(java.util.Locale.ENGLISH, "%,d", inRange.size()));
        assertThat(view.activeUsers.getValue())
                .isEqualTo(Long.toString(inRange.stream().map(Event::user).distinct().count()));

        JsonNode events = JSON.readTree(view.eventsPerDay.getOptionJson());
        JsonNode solid = events.at("/series/0/data");
        JsonNode dashed = events.at("/series/1/data");
        assertThat(solid).hasSize(30);
        assertThat(solid.get(29).isNull()).as("today is not on the solid line").isTrue();
        assertThat(dashed.get(28).isNumber() && dashed.get(29).isNumber()).as("yesterday to today, dashed").isTrue();
        assertThat(events.at("/series/1/lineStyle/type").asText()).isEqualTo("dashed");
        assertThat(events.at("/series/0/markArea/data/0/0/name").asText()).isEqualTo(ChartOptions.PARTIAL_LABEL);
        long today = inRange.stream().filter(e -> e.date().equals(TODAY)).count();
        assertThat(dashed.get(29).asLong()).isEqualTo(today);

        // A range that ended before today has nothing partial.
        open("", DashboardLake.APP, "last-month");
        JsonNode lastMonth = JSON.readTree(view.eventsPerDay.getOptionJson());
        assertThat(lastMonth.at("/series")).hasSize(1);
        assertThat(lastMonth.at("/series/0/markArea").isMissingNode()).isTrue();
        assertThat(view.header.getSubtitle()).isEqualTo("Oct 1 – Oct 31, 2026 · Europe/Paris");
    }

    @Test
    void every_built_in_dashboard_draws_its_charts_for_the_shop() {
        StudioUi.signIn("analyst", Roles.ANALYST);
        for (String route : List.of("", "acquisition", "engagement", "retention", "devices", "realtime")) {
            open(route, DashboardLake.APP, "30d");
            BuiltInView<?> view = (BuiltInView<?>) StudioUi.currentView();
            assertThat(view.content.isVisible()).as(route).isTrue();
            assertThat(view.failure.isVisible()).as(route).isFalse();
            assertThat(view.loading.isVisible()).as(route).isFalse();
            List<EChart> charts = _find(view, EChart.class);
            assertThat(charts).as(route).isNotEmpty();
            assertThat(charts).as(route + ": every chart has data").allMatch(c -> c.getOptionJson().contains("\"data\""));
        }
    }

    @Test
    void entry_and_exit_pages_read_as_their_paths_not_as_the_host_they_share() throws Exception {
        StudioUi.signIn("analyst", Roles.ANALYST);
        open("engagement", DashboardLake.APP, "30d");
        EngagementView view = _get(EngagementView.class);

        for (EChart chart : List.of(view.entryPages, view.exitPages)) {
            List<String> names = new java.util.ArrayList<>();
            JSON.readTree(chart.getOptionJson()).at("/yAxis/data").forEach(n -> names.add(n.asText()));
            // DashboardLake's pages are https://shop.example.com/...; its apps' screens are named as they are.
            assertThat(names).isNotEmpty().noneMatch(n -> n.contains("://")).anyMatch(n -> n.startsWith("/"));
        }
    }

    @Test
    void acquisition_tabs_switch_the_breakdown_without_a_new_query() {
        StudioUi.signIn("reader", Roles.READER);
        open("acquisition", DashboardLake.APP, "90d");
        AcquisitionView view = _get(AcquisitionView.class);
        assertThat(GridKt._size(view.breakdown)).isPositive();
        assertThat(GridKt._get(view.breakdown, 0).value()).isNotBlank();
        assertThat(view.valueColumn.getHeaderText()).isEqualTo("Channel group");

        view.dimensions.setSelectedIndex(4);
        List<String> countries = GridKt._findAll(view.breakdown).stream().map(a -> a.value()).toList();
        assertThat(countries).contains("FR").allMatch(c -> c.length() == 2);
        // The first column is headed by what the tab breaks down by, not a generic "Value".
        assertThat(view.valueColumn.getHeaderText()).isEqualTo("Country");
    }

    @Test
    void realtime_counts_the_last_hour_and_says_when_it_was_updated() throws Exception {
        StudioUi.signIn("reader", Roles.READER);
        open("realtime", DashboardLake.APP, "30d");
        RealtimeView view = _get(RealtimeView.class);

        long end = NOW.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES).toEpochMilli();
        List<Event> hour = LAKE.events().stream().filter(e -> e.time() >= end - 3_600_000L && e.time() < end).toList();
        assertThat(hour).isNotEmpty();
        assertThat(view.eventsHour.getValue()).isEqualTo(Long.toString(hour.size()));
        assertThat(view.usersHour.getValue()).isEqualTo(Long.toString(hour.stream().map(Event::user).distinct().count()));
        assertThat(view.updated.getText()).isEqualTo("Updated 12:00:00 · after each ETL run");
        assertThat(view.header.getSubtitle()).isEqualTo("The last hour · Europe/Paris");
        // The status sits with the actions on the right; the minute still running is marked as such, not as a day.
        assertThat(view.updated.getParent().orElseThrow().getClassNames()).contains("cs-header-actions");
        assertThat(JSON.readTree(view.perMinute.getOptionJson()).at("/series/0/markArea/data/0/0/name").asText())
                .isEqualTo("This minute so far");
    }

    @Test
    void realtime_moves_by_itself_after_an_etl_commit_and_stops_listening_when_closed() throws Exception {
        StudioUi.signIn("reader", Roles.READER);
        ManualLakeCommits commits = context.getBean(ManualLakeCommits.class);
        int others = commits.listenerCount(); // the explore mirror's, where it runs
        open("realtime", DashboardLake.APP, "30d");
        RealtimeView view = _get(RealtimeView.class);
        assertThat(commits.listenerCount()).isEqualTo(others + 1);
        long before = Long.parseLong(view.eventsHour.getValue().replace(",", ""));
        JsonNode perMinute = JSON.readTree(view.perMinute.getOptionJson());
        double barsBefore = sumOfBars(perMinute);

        // An ETL micro-batch lands three events sent in the current minute, then the signal fires: no reload.
        Event newest = LAKE.events().get(LAKE.events().size() - 1);
        List<Event> sent = java.util.stream.IntStream.range(0, 3)
                .mapToObj(i -> newest.sentAgain("live-" + i, NOW.toEpochMilli() - 1_000L * (i + 1))).toList();
        Set<Path> existing = files(lakeDir());
        try {
            DashboardLake.of(sent).writeTo(lakeDir());
            commits.commit();
            roundtrip();
            roundtrip();
            assertThat(view.eventsHour.getValue()).isEqualTo(Long.toString(before + 3));
            assertThat(sumOfBars(JSON.readTree(view.perMinute.getOptionJson()))).isEqualTo(barsBefore + 3);
            assertThat(GridKt._fetch(view.latest, 0, 3).stream().map(EventRow::eventId).toList())
                    .containsExactly("live-0", "live-1", "live-2");
        } finally {
            for (Path added : files(lakeDir())) {
                if (!existing.contains(added)) {
                    Files.delete(added);
                }
            }
        }
        commits.commit();
        roundtrip();
        roundtrip();
        assertThat(view.eventsHour.getValue()).isEqualTo(Long.toString(before));

        UI.getCurrent().navigate("devices", QueryParameters.simple(Map.of("app", DashboardLake.APP)));
        roundtrip();
        assertThat(commits.listenerCount()).as("Devices is not live and shows data").isEqualTo(others + 1);
    }

    /** The events of all the per-minute chart's bars (plain numbers, and objects for the partial minute). */
    private static double sumOfBars(JsonNode option) {
        double sum = 0;
        for (JsonNode series : option.path("series")) {
            for (JsonNode bar : series.path("data")) {
                sum += bar.isObject() ? bar.path("value").asDouble() : bar.asDouble();
            }
        }
        return sum;
    }

    private static Set<Path> files(Path dir) throws java.io.IOException {
        try (var walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).collect(java.util.stream.Collectors.toSet());
        }
    }

    @Test
    void details_lists_a_users_events_from_the_address_and_shows_one_event_in_full() {
        StudioUi.signIn("reader", Roles.READER);
        Event newest = LAKE.events().get(LAKE.events().size() - 1);
        UI.getCurrent().navigate("details", QueryParameters.simple(Map.of("app", DashboardLake.APP, "range", "7d",
                "who", newest.user())));
        DetailsView view = _get(DetailsView.class);

        assertThat(view.who.getValue()).isEqualTo(newest.user());
        List<String> expected = LAKE.events().stream().filter(e -> e.user().equals(newest.user()))
                .filter(e -> !e.date().isBefore(TODAY.minusDays(6)))
                .sorted(Comparator.comparingLong(Event::time).thenComparing(Event::eventId).reversed())
                .map(Event::eventId).toList();
        List<EventRow> rows = GridKt._fetch(view.grid, 0, 500);
        assertThat(rows.stream().map(EventRow::eventId).toList()).isEqualTo(expected);

        view.grid.select(rows.get(0));
        assertThat(view.detail.isVisible()).isTrue();
        assertThat(view.detail.getElement().getTextRecursively()).contains(newest.eventId()).contains("event_time_msec");
    }

    @Test
    void an_app_that_never_sent_events_explains_how_to_send_one() {
        StudioUi.signIn("ada", Roles.ADMINISTRATOR);
        open("engagement", QUIET_APP, "30d");
        EngagementView view = _get(EngagementView.class);

        assertThat(view.content.isVisible()).isFalse();
        assertThat(view.emptyState.isVisible()).isTrue();
        String text = view.emptyState.getElement().getTextRecursively();
        assertThat(text).contains("No events yet").contains("Quiet app (quiet-app) has not sent any events yet");
        Pre curl = _get(view.emptyState, Pre.class);
        assertThat(curl.getText()).contains("appId=quiet-app").contains("/collect");
        assertThat(_find(view.emptyState, Anchor.class)).anyMatch(a -> a.getHref().equals("apps/" + QUIET_APP));

        StudioUi.signIn("reader", Roles.READER);
        open("engagement", QUIET_APP, "30d");
        assertThat(_find(_get(EngagementView.class).emptyState, Anchor.class)).as("the app page is for admins")
                .isEmpty();

        // The shop has events, just none in a far-away range.
        open("", DashboardLake.APP, "2025-01-01..2025-01-31");
        assertThat(_get(OverviewView.class).emptyState.getElement().getTextRecursively())
                .contains("No events in this range").contains("Pick a longer range");
    }
}
