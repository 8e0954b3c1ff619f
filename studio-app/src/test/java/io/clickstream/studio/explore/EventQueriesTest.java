package io.clickstream.studio.explore;

import static io.clickstream.studio.fixture.FixtureLake.NUMERIC_APP;
import static io.clickstream.studio.fixture.FixtureLake.SHOP;
import static io.clickstream.studio.fixture.FixtureLake.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.model.LakeLayout;
import io.clickstream.studio.explore.exec.DuckDbExecutor;
import io.clickstream.studio.explore.lake.LakeDataVersions;
import io.clickstream.studio.explore.model.DateSpan;
import io.clickstream.studio.explore.sql.DuckDbSql;
import io.clickstream.studio.fixture.FixtureLake;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventQueriesTest {

    static final FixtureLake FIXTURE = FixtureLake.generate(7);
    static final DateSpan LAST_30_DAYS = DateSpan.lastDays(30, TODAY);

    @TempDir
    static Path dataDir;

    static DuckDbExecutor database;
    static EventQueries queries;

    @BeforeAll
    static void writeFixtureLake() throws IOException {
        Path lake = dataDir.resolve("lake");
        FIXTURE.writeTo(lake);
        // Spark's in-flight output: not a finished partition, and not even valid Parquet.
        Path inFlight = lake.resolve("modeled/event/_temporary/0/app_id=shop-web/event_date=" + TODAY);
        Files.createDirectories(inFlight);
        Files.writeString(inFlight.resolve("part-00000.parquet"), "half written");
        database = ExploreHarness.duckDb(lake);
        queries = queries(lake, database);
    }

    @AfterAll
    static void closeDatabase() throws Exception {
        database.close();
    }

    @Test
    void counts_events_per_day_exactly_as_generated() {
        for (String app : List.of(SHOP, NUMERIC_APP)) {
            List<DailyCount> perDay = queries.eventsPerDay(app, LAST_30_DAYS);
            assertThat(fillDays(perDay)).as(app).isEqualTo(FIXTURE.eventsPerDay(app));
            assertThat(perDay).allMatch(d -> d.count() > 0, "only days with events are returned");
        }
    }

    @Test
    void counts_distinct_users_per_day() {
        for (String app : List.of(SHOP, NUMERIC_APP)) {
            assertThat(fillDays(queries.activeUsersPerDay(app, LAST_30_DAYS))).as(app)
                    .isEqualTo(FIXTURE.activeUsersPerDay(app));
        }
    }

    @Test
    void totals_match_independent_counts() {
        assertThat(queries.totals(SHOP, LAST_30_DAYS))
                .isEqualTo(new EventTotals(FIXTURE.events(SHOP), FIXTURE.users(SHOP), FIXTURE.sessions(SHOP)));
        assertThat(FIXTURE.events(SHOP)).isGreaterThan(500);
    }

    @Test
    void ranks_top_events_by_count_then_name() {
        List<NamedCount> top = queries.topEvents(SHOP, LAST_30_DAYS, 5);
        List<Map.Entry<String, Long>> expected = FIXTURE.topEvents(SHOP, 5);
        assertThat(top).extracting(NamedCount::name).containsExactlyElementsOf(expected.stream().map(Map.Entry::getKey).toList());
        assertThat(top).extracting(NamedCount::count).containsExactlyElementsOf(expected.stream().map(Map.Entry::getValue).toList());
    }

    @Test
    void leaves_out_events_dated_before_the_range() {
        LocalDate fortyDaysAgo = TODAY.minusDays(40);
        long old = FIXTURE.rows().stream().filter(r -> r.appId().equals(SHOP) && r.eventDate().equals(fortyDaysAgo)).count();
        assertThat(old).isPositive();
        assertThat(queries.totals(SHOP, new DateSpan(fortyDaysAgo, fortyDaysAgo)).events()).isEqualTo(old);
        assertThat(queries.eventsPerDay(SHOP, LAST_30_DAYS)).noneMatch(d -> d.day().isBefore(LAST_30_DAYS.from()));
    }

    @Test
    void keeps_numeric_looking_app_ids_as_text() {
        assertThat(queries.totals(NUMERIC_APP, LAST_30_DAYS).events()).isEqualTo(FIXTURE.events(NUMERIC_APP));
        assertThat(queries.totals("01234", LAST_30_DAYS)).isEqualTo(EventTotals.NONE);
    }

    @Test
    void lists_the_apps_that_have_parquet_files() {
        assertThat(queries.apps()).containsExactly(NUMERIC_APP, SHOP);
    }

    @Test
    void treats_app_input_as_a_value_never_as_sql() {
        assertThat(queries.totals("shop-web' OR '1'='1", LAST_30_DAYS)).isEqualTo(EventTotals.NONE);
        assertThat(queries.topEvents("x') UNION SELECT 'y', 1 --", LAST_30_DAYS, 3)).isEmpty();
    }

    @Test
    void answers_empty_before_the_first_etl_run(@TempDir Path emptyDataDir) throws Exception {
        try (DuckDbExecutor emptyDatabase = ExploreHarness.duckDb(emptyDataDir.resolve("lake"))) {
            EventQueries empty = queries(emptyDataDir.resolve("lake"), emptyDatabase);
            assertThat(empty.apps()).isEmpty();
            assertThat(empty.totals(SHOP, LAST_30_DAYS)).isEqualTo(EventTotals.NONE);
            assertThat(empty.eventsPerDay(SHOP, LAST_30_DAYS)).isEmpty();
            assertThat(empty.activeUsersPerDay(SHOP, LAST_30_DAYS)).isEmpty();
            assertThat(empty.topEvents(SHOP, LAST_30_DAYS, 10)).isEmpty();
            // The event table directory exists but the ETL has not finished a partition yet.
            Files.createDirectories(emptyDataDir.resolve("lake/modeled/event/app_id=shop-web/event_date=" + TODAY));
            assertThat(empty.apps()).isEmpty();
            assertThat(empty.totals(SHOP, LAST_30_DAYS)).isEqualTo(EventTotals.NONE);
        }
    }

    static EventQueries queries(Path lake, DuckDbExecutor duckDb) {
        LakeLayout layout = new LakeLayout(lake.toString());
        return new EventQueries(new ExploreEngine(new DuckDbSql(layout), duckDb, new LakeDataVersions(layout)), layout);
    }

    private static List<Long> fillDays(List<DailyCount> counts) {
        Map<LocalDate, Long> byDay = counts.stream()
                .collect(java.util.stream.Collectors.toMap(DailyCount::day, DailyCount::count));
        return LAST_30_DAYS.days().stream().map(d -> byDay.getOrDefault(d, 0L)).toList();
    }
}
