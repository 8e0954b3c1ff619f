package io.clickstream.studio.dashboard.builtin;

import static io.clickstream.studio.dashboard.builtin.DashboardLake.APP;
import static io.clickstream.studio.dashboard.builtin.DashboardLake.ZONE;
import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.model.LakeLayout;
import io.clickstream.studio.dashboard.builtin.BuiltInDashboards.AcquisitionReport;
import io.clickstream.studio.dashboard.builtin.BuiltInDashboards.DevicesReport;
import io.clickstream.studio.dashboard.builtin.BuiltInDashboards.EngagementReport;
import io.clickstream.studio.dashboard.builtin.BuiltInDashboards.Overview;
import io.clickstream.studio.dashboard.builtin.BuiltInDashboards.RealtimeReport;
import io.clickstream.studio.dashboard.builtin.BuiltInDashboards.RetentionReport;
import io.clickstream.studio.dashboard.builtin.DashboardLake.Event;
import io.clickstream.studio.dashboard.builtin.DashboardLake.Session;
import io.clickstream.studio.explore.DashboardQueries;
import io.clickstream.studio.explore.DashboardQueries.EventRow;
import io.clickstream.studio.explore.DashboardQueries.Minute;
import io.clickstream.studio.explore.DashboardQueries.NewUsers;
import io.clickstream.studio.explore.DashboardQueries.ValueCount;
import io.clickstream.studio.explore.EventQueries;
import io.clickstream.studio.explore.ExploreEngine;
import io.clickstream.studio.explore.ExploreHarness;
import io.clickstream.studio.explore.NamedCount;
import io.clickstream.studio.explore.exec.DuckDbExecutor;
import io.clickstream.studio.explore.lake.LakeDataVersions;
import io.clickstream.studio.explore.model.Granularity;
import io.clickstream.studio.explore.model.LifecycleResult;
import io.clickstream.studio.explore.model.RetentionResult;
import io.clickstream.studio.explore.sql.DashboardSql.Dimension;
import io.clickstream.studio.explore.sql.DuckDbSql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every built-in dashboard's figures, computed by the engine (DuckDB over the modeled Parquet of a generated shop in
 * Europe/Paris), equal the same figures counted in Java from the generated rows ({@link DashboardReference}).
 * "Now" is 00:40 in Paris, so the UTC date is still the day before: days must be Paris days.
 */
class BuiltInDashboardsTest {

    static final Instant NOW = Instant.parse("2026-11-19T23:40:00Z");
    static final LocalDate TODAY = LocalDate.ofInstant(NOW, ZONE);
    static final LocalDate FROM = TODAY.minusDays(29);

    static DashboardLake lake;
    static Path dir;
    static DuckDbExecutor duckDb;
    static BuiltInDashboards dashboards;
    static DashboardReference reference;

    @BeforeAll
    static void writeLake() throws Exception {
        dir = Files.createTempDirectory("builtin-dashboards-");
        lake = DashboardLake.generate(7, NOW, 160, 45);
        lake.writeTo(dir);
        duckDb = ExploreHarness.duckDb(dir);
        LakeLayout layout = new LakeLayout(dir.toString());
        ExploreEngine engine = new ExploreEngine(new DuckDbSql(layout), duckDb, new LakeDataVersions(layout));
        dashboards = new BuiltInDashboards(new DashboardQueries(engine, 100, 4), new EventQueries(engine, layout),
                ExploreHarness.explorations(engine, Map.of(APP, ZONE), NOW, 0), Clock.fixed(NOW, ZoneOffset.UTC));
        reference = new DashboardReference(lake, FROM, TODAY);
    }

    @AfterAll
    static void close() throws Exception {
        duckDb.close();
    }

    @Test
    void today_is_the_paris_day_and_the_generated_shop_has_traffic_in_it() {
        assertThat(TODAY).isEqualTo(LocalDate.of(2026, 11, 20));
        assertThat(lake.events().stream().filter(e -> e.date().equals(TODAY))).isNotEmpty();
        assertThat(lake.users().stream().filter(u -> u.firstVisit().isBefore(FROM))).as("users older than the range")
                .isNotEmpty();
    }

    @Test
    void overview_counts_events_users_sessions_and_days_as_java_does() {
        Overview overview = dashboards.overview(APP, FROM, TODAY);

        assertThat(overview.totals()).isEqualTo(reference.totals());
        assertThat(overview.newUsers()).isEqualTo(reference.newUsers().size());
        assertThat(overview.perDay()).isEqualTo(reference.perDay());
        assertThat(overview.newUsersPerDay().stream().map(NewUsers::users).toList())
                .isEqualTo(reference.newUsersPerDay());
        assertThat(overview.platforms()).isEqualTo(reference.usersBy(Event::platform));
        assertThat(overview.countries()).isEqualTo(reference.usersBy(Event::country));
        Map<String, Long> byName = reference.events().stream()
                .collect(Collectors.groupingBy(Event::name, Collectors.counting()));
        List<NamedCount> top = byName.entrySet().stream().map(e -> new NamedCount(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingLong(NamedCount::count).reversed().thenComparing(NamedCount::name))
                .limit(10).toList();
        assertThat(overview.topEvents()).isEqualTo(top);
        assertThat(overview.totals().events()).isGreaterThan(300);
    }

    @Test
    void keeps_a_dashboard_for_its_app_and_dates_until_the_apps_data_changes() throws Exception {
        LocalDate from = TODAY.minusDays(6); // a range no other test of the class asks for
        assertThat(dashboards.cached(Overview.class, APP, from, TODAY)).isEmpty();

        Overview computed = dashboards.overview(APP, from, TODAY);

        assertThat(dashboards.cached(Overview.class, APP, from, TODAY)).containsSame(computed);
        assertThat(dashboards.overview(APP, from, TODAY)).isSameAs(computed);
        assertThat(dashboards.cached(Overview.class, APP, from.minusDays(1), TODAY)).as("other dates").isEmpty();
        assertThat(dashboards.cached(DevicesReport.class, APP, from, TODAY)).as("another dashboard").isEmpty();
        // An ETL commit writes the app's files anew: here the same rows with a new modification time.
        Path file;
        try (var files = Files.walk(dir.resolve("modeled/event/app_id=" + APP))) {
            file = files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        Files.setLastModifiedTime(file, FileTime.from(Files.getLastModifiedTime(file).toInstant().plusSeconds(60)));
        assertThat(dashboards.cached(Overview.class, APP, from, TODAY)).as("after a commit").isEmpty();
        Overview again = dashboards.overview(APP, from, TODAY);
        assertThat(again).isNotSameAs(computed).isEqualTo(computed);
        assertThat(dashboards.cached(Overview.class, APP, from, TODAY)).containsSame(again);
    }

    @Test
    void acquisition_counts_users_new_users_and_sessions_by_each_source_dimension() {
        AcquisitionReport report = dashboards.acquisition(APP, FROM, TODAY);

        assertThat(report.sessions()).isEqualTo(reference.sessionTotals());
        assertThat(report.sessionsPerDay()).isEqualTo(reference.sessionsPerDay());
        assertThat(report.newUsers()).isEqualTo(reference.newUsers().size());
        Map<Dimension, Function<Session, String>> dimensions = Map.of(
                Dimension.SOURCE, Session::source, Dimension.MEDIUM, Session::medium,
                Dimension.CAMPAIGN, Session::campaign, Dimension.CHANNEL_GROUP, Session::channel,
                Dimension.COUNTRY, Session::country);
        dimensions.forEach((dimension, value) -> assertThat(report.breakdowns().get(dimension)).as(dimension.name())
                .isEqualTo(reference.acquisition(value)));
        assertThat(report.breakdowns().get(Dimension.SOURCE)).as("direct sessions have no source")
                .anyMatch(row -> row.value().equals(DashboardReference.NOT_SET));
        assertThat(report.engagementRate()).isBetween(0.0, 1.0);
    }

    @Test
    void engagement_counts_views_pages_screens_and_landings_as_java_does() {
        EngagementReport report = dashboards.engagement(APP, FROM, TODAY);

        assertThat(report.totals()).isEqualTo(reference.totals());
        assertThat(report.sessions()).isEqualTo(reference.sessionTotals());
        assertThat(report.pages()).isEqualTo(reference.views(false));
        assertThat(report.screens()).isEqualTo(reference.views(true));
        assertThat(report.entryPages()).isEqualTo(reference.landings(false));
        assertThat(report.exitPages()).isEqualTo(reference.landings(true));
        assertThat(report.entryPages()).as("query strings are cut off")
                .noneMatch(page -> page.value().contains("?"));
        assertThat(report.engagementSecondsPerUser()).isEqualTo(
                reference.totals().engagementMillis() / 1000.0 / reference.totals().users());
    }

    @Test
    void retention_counts_new_and_returning_users_cohorts_and_daily_actives() {
        RetentionReport report = dashboards.retention(APP, FROM, TODAY);

        assertThat(report.perDay()).isEqualTo(reference.newAndReturning());
        assertThat(report.cohortPeriod()).isEqualTo(Granularity.WEEK);
        Map<LocalDate, List<Long>> expected = reference.weeklyCohorts(BuiltInDashboards.COHORT_PERIODS);
        assertThat(report.cohorts().cohorts().stream().map(RetentionResult.Cohort::start).toList())
                .containsExactlyElementsOf(expected.keySet());
        for (RetentionResult.Cohort cohort : report.cohorts().cohorts()) {
            assertThat(cohort.retained()).as("cohort of " + cohort.start()).isEqualTo(expected.get(cohort.start()));
        }
        Map<LocalDate, Long> dau = report.lifecycle().stickiness().stream()
                .collect(Collectors.toMap(LifecycleResult.Day::date, LifecycleResult.Day::dau));
        reference.newAndReturning().forEach(day -> assertThat(dau.getOrDefault(day.day(), 0L)).as("DAU " + day.day())
                .isEqualTo(day.users()));
    }

    @Test
    void devices_count_users_by_category_platform_os_browser_screen_version_and_model() {
        DevicesReport report = dashboards.devices(APP, FROM, TODAY);

        Map<Dimension, Function<Event, String>> dimensions = Map.of(
                Dimension.DEVICE_CATEGORY, Event::deviceCategory, Dimension.PLATFORM, Event::platform,
                Dimension.OS, Event::os, Dimension.BROWSER, Event::browser,
                Dimension.SCREEN_RESOLUTION, e -> e.screenWidth() + " × " + e.screenHeight(),
                Dimension.APP_VERSION, Event::appVersion, Dimension.DEVICE_MODEL, Event::deviceModel);
        dimensions.forEach((dimension, value) -> assertThat(report.breakdowns().get(dimension)).as(dimension.name())
                .isEqualTo(reference.usersBy(value)));
    }

    @Test
    void realtime_counts_the_minutes_of_the_last_hour() {
        RealtimeReport report = dashboards.realtime(APP, ZONE);

        Instant end = NOW.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        Instant start = end.minus(60, ChronoUnit.MINUTES);
        assertThat(report.start()).isEqualTo(start);
        List<Event> hour = lake.events().stream()
                .filter(e -> e.time() >= start.toEpochMilli() && e.time() < end.toEpochMilli()).toList();
        assertThat(hour).as("the generator puts users into the last hour").hasSizeGreaterThan(5);
        Map<Integer, List<Event>> byMinute = hour.stream()
                .collect(Collectors.groupingBy(e -> (int) ((e.time() - start.toEpochMilli()) / 60_000)));
        assertThat(report.minutes()).hasSize(60);
        for (Minute minute : report.minutes()) {
            List<Event> expected = byMinute.getOrDefault(minute.minute(), List.of());
            assertThat(minute.events()).as("minute " + minute.minute()).isEqualTo(expected.size());
            assertThat(minute.users()).isEqualTo(expected.stream().map(Event::user).distinct().count());
        }
        assertThat(report.lastHour().events()).isEqualTo(hour.size());
        assertThat(report.lastHour().users()).isEqualTo(hour.stream().map(Event::user).distinct().count());
        assertThat(report.usersLast30Minutes()).isEqualTo(hour.stream()
                .filter(e -> e.time() >= end.toEpochMilli() - 30 * 60_000L).map(Event::user).distinct().count());
        Map<String, List<Event>> byName = hour.stream().collect(Collectors.groupingBy(Event::name));
        assertThat(report.topEvents()).isEqualTo(byName.entrySet().stream()
                .map(e -> new ValueCount(e.getKey(), e.getValue().stream().map(Event::user).distinct().count(),
                        e.getValue().size()))
                .sorted(Comparator.comparingLong(ValueCount::events).reversed().thenComparing(ValueCount::value))
                .limit(10).toList());
        Event newest = lake.events().get(lake.events().size() - 1);
        assertThat(report.latest().get(0).eventId()).isEqualTo(newest.eventId());
    }

    @Test
    void details_pages_through_one_users_events_newest_first_and_shows_every_column_of_one() {
        String user = lake.events().stream().filter(e -> e.date().isAfter(FROM))
                .collect(Collectors.groupingBy(Event::user, Collectors.counting())).entrySet().stream()
                .max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        List<Event> expected = reference.events().stream().filter(e -> e.user().equals(user))
                .sorted(Comparator.comparingLong(Event::time).thenComparing(Event::eventId).reversed()).toList();
        assertThat(expected).hasSizeGreaterThan(3);

        List<EventRow> firstPage = dashboards.events(APP, FROM, TODAY, user, null, 0, 2);
        List<EventRow> rest = dashboards.events(APP, FROM, TODAY, " " + user + " ", null, 2, 1000);
        assertThat(firstPage.stream().map(EventRow::eventId).toList())
                .isEqualTo(expected.subList(0, 2).stream().map(Event::eventId).toList());
        assertThat(rest.stream().map(EventRow::eventId).toList())
                .isEqualTo(expected.subList(2, expected.size()).stream().map(Event::eventId).toList());

        Event one = expected.get(0);
        assertThat(dashboards.events(APP, FROM, TODAY, one.session(), one.name(), 0, 1000))
                .allMatch(row -> row.sessionId().equals(one.session()) && row.eventName().equals(one.name()))
                .hasSize((int) expected.stream().filter(e -> e.session().equals(one.session())
                        && e.name().equals(one.name())).count());
        Map<String, Object> columns = dashboards.event(APP, FROM, TODAY, one.eventId());
        assertThat(columns).containsEntry("event_id", one.eventId()).containsEntry("user_pseudo_id", user)
                .containsEntry("platform", one.platform()).containsKey("device_ua_browser");
        assertThat(dashboards.event(APP, FROM, TODAY, "no-such-event")).isEmpty();
        assertThat(dashboards.events(APP, FROM, TODAY, "nobody", null, 0, 50)).isEmpty();
        // The names come from the engine's catalog (the test harness's fixed one here), sorted for the picker.
        assertThat(dashboards.eventNames(APP)).isSorted().containsExactlyInAnyOrderElementsOf(ExploreHarness.EVENTS);
        assertThat(expected).allMatch(e -> Objects.equals(e.user(), user));
    }

    @Test
    void an_app_without_data_answers_with_zeros_not_errors() {
        BuiltInDashboards.Overview overview = dashboards.overview("no-data-yet", FROM, TODAY);
        assertThat(overview.isEmpty()).isTrue();
        assertThat(overview.perDay()).hasSize(30).allMatch(day -> day.events() == 0);
    }
}
