package io.clickstream.studio.explore;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.model.LakeLayout;
import io.clickstream.model.ModeledTables;
import io.clickstream.studio.explore.MirrorHarness.Mirrored;
import io.clickstream.studio.explore.RandomEvents.Scenario;
import io.clickstream.studio.explore.exec.DuckDbExecutor;
import io.clickstream.studio.explore.lake.LakeMirror;
import io.clickstream.studio.explore.model.ComputeMethod;
import io.clickstream.studio.explore.model.Condition;
import io.clickstream.studio.explore.model.EventQuery;
import io.clickstream.studio.explore.model.EventResult;
import io.clickstream.studio.explore.model.EventSpec;
import io.clickstream.studio.explore.model.FunnelQuery;
import io.clickstream.studio.explore.model.FunnelResult;
import io.clickstream.studio.explore.model.Granularity;
import io.clickstream.studio.explore.model.Join;
import io.clickstream.studio.explore.model.Operator;
import io.clickstream.studio.explore.model.TimeRange;
import io.clickstream.studio.explore.model.Window;
import io.clickstream.studio.explore.reference.ReferenceExplorer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The explore mirror kept in step with the lake by file: new files after a commit, files replaced (compaction) or
 * removed, old files without a newer column, a stale mirror (the Parquet is read), a deleted mirror file (rebuilt),
 * app ids that look like numbers. Each answer over the mirror must equal the answer over the Parquet and the plain-Java
 * reference.
 */
class ExploreMirrorTest {

    private static final long SEED = 20261205L;

    @TempDir
    Path dir;

    /** The first generated scenario from {@code seed} on with a few users and some dozens of events. */
    private static Scenario sizeable(long seed) {
        for (long k = seed; ; k++) {
            Scenario s = RandomEvents.generate(k);
            if (s.events().size() >= 30 && !s.late().isEmpty() && s.attributes().size() >= 2) {
                return s;
            }
        }
    }

    private Path lake() {
        return dir.resolve("lake");
    }

    private Path mirrorFile() {
        return dir.resolve("explore").resolve("mirror.duckdb");
    }

    private static EventQuery trend(Scenario s, List<Condition> conditions, ComputeMethod method, String value) {
        return new EventQuery(TimeRange.between(s.range().from(), s.range().to()), List.of(EventSpec.of("a"),
                EventSpec.of("d")), Granularity.DAY, method, value, "platform", conditions, Join.AND);
    }

    private static FunnelQuery funnel(Scenario s) {
        return new FunnelQuery(TimeRange.between(s.range().from(), s.range().to()), List.of(EventSpec.of("a"),
                EventSpec.of("b"), EventSpec.of("c")), Window.of(1, Window.Unit.DAY), false, null, List.of(), Join.AND,
                null, null);
    }

    private static ReferenceExplorer reference(Scenario s, List<ModeledEvent> events) {
        return new ReferenceExplorer(events, s.attributes(), s.zone(), ExploreHarness.PARAMETERS,
                ExploreHarness.ATTRIBUTES);
    }

    private static RecursiveComparisonConfiguration ignoringSql() {
        return RecursiveComparisonConfiguration.builder().withIgnoredFields("sql", "droppedUsersSql")
                .withComparatorForType(ExplorationPropertiesTest::closeEnough, Double.class).build();
    }

    /** The engine over the Parquet alone (no mirror), on a DuckDB of its own. */
    private <R> R overParquet(Scenario s, java.util.function.Function<ExploreService, R> analysis) throws Exception {
        try (DuckDbExecutor duckDb = ExploreHarness.duckDb(lake())) {
            R result = analysis.apply(ExploreHarness.service(lake(), Map.of(RandomEvents.APP, s.zone()), s.now(),
                    duckDb, 0));
            assertThat(MirrorHarness.sqlOf(result)).contains("read_parquet");
            return result;
        }
    }

    private <R> void assertSameAnswers(Mirrored m, Scenario s, java.util.function.Function<ExploreService, R> analysis,
                                       R expected, boolean fromMirror) throws Exception {
        R actual = analysis.apply(m.service());
        assertThat(MirrorHarness.sqlOf(actual)).as("the statement's source")
                .contains(fromMirror ? DuckDbExecutor.MIRROR : "read_parquet")
                .doesNotContain(fromMirror ? "read_parquet" : DuckDbExecutor.MIRROR);
        assertThat(actual).usingRecursiveComparison(ignoringSql()).isEqualTo(expected);
        assertThat(actual).usingRecursiveComparison(ignoringSql()).isEqualTo(overParquet(s, analysis));
    }

    @Test
    void mirrors_new_files_of_a_commit_and_reads_the_parquet_while_it_is_behind() throws Exception {
        Scenario s = sizeable(SEED);
        ModeledLake.append(lake(), s.events(), Map.of(RandomEvents.APP, s.zone()));
        try (Mirrored m = MirrorHarness.open(lake(), mirrorFile(), Map.of(RandomEvents.APP, s.zone()), s.now())) {
            assertThat(m.duckDb().hasMirror()).isTrue();
            EventQuery trend = trend(s, List.of(), ComputeMethod.USERS, null);
            assertSameAnswers(m, s, x -> x.event(RandomEvents.APP, trend),
                    reference(s, s.events()).event(trend, s.range()), false);
            assertThat(m.mirror().synchronize()).isEqualTo(s.events().size());
            assertThat(m.service().event(RandomEvents.APP, trend).series()).isNotEmpty();
            assertSameAnswers(m, s, x -> x.event(RandomEvents.APP, trend),
                    reference(s, s.events()).event(trend, s.range()), true);

            // a later ETL commit adds files: until the mirror catches up, statements read the Parquet (exact)
            ModeledLake.append(lake(), s.late(), Map.of(RandomEvents.APP, s.zone()));
            ModeledLake.appendUsers(lake(), users(s));
            assertSameAnswers(m, s, x -> x.event(RandomEvents.APP, trend),
                    reference(s, s.all()).event(trend, s.range()), false);
            m.mirror().synchronize();
            EventQuery byTier = trend(s, List.of(Condition.of("user.tier", Operator.EQ, "gold")), ComputeMethod.EVENTS,
                    null);
            assertSameAnswers(m, s, x -> x.event(RandomEvents.APP, trend),
                    reference(s, s.all()).event(trend, s.range()), true);
            assertSameAnswers(m, s, x -> x.event(RandomEvents.APP, byTier),
                    reference(s, s.all()).event(byTier, s.range()), true);
            assertSameAnswers(m, s, x -> x.funnel(RandomEvents.APP, funnel(s)),
                    reference(s, s.all()).funnel(funnel(s), s.range()), true);
            assertThat(m.mirror().synchronize()).as("nothing left to do").isZero();
        }
    }

    @Test
    void a_commit_signal_brings_the_mirror_up_to_date_before_the_next_poll() throws Exception {
        Scenario s = sizeable(SEED + 7);
        ModeledLake.append(lake(), s.events(), Map.of(RandomEvents.APP, s.zone()));
        try (Mirrored m = MirrorHarness.open(lake(), mirrorFile(), Map.of(RandomEvents.APP, s.zone()), s.now())) {
            m.mirror().synchronizeSoon(); // before start: nothing runs
            assertThat(m.mirror().currentTables(RandomEvents.APP)).isNull();
            m.mirror().start(Duration.ofHours(1)); // the first pass runs at once, the next poll only in an hour
            awaitCurrent(m.mirror(), true);

            ModeledLake.append(lake(), s.late(), Map.of(RandomEvents.APP, s.zone()));
            Thread.sleep(1_000);
            assertThat(m.mirror().currentTables(RandomEvents.APP)).as("behind until a pass runs").isNull();
            m.mirror().synchronizeSoon();
            m.mirror().synchronizeSoon(); // coalesces with the queued pass
            awaitCurrent(m.mirror(), true);
            EventQuery trend = trend(s, List.of(), ComputeMethod.USERS, null);
            assertSameAnswers(m, s, x -> x.event(RandomEvents.APP, trend),
                    reference(s, s.all()).event(trend, s.range()), true);
        }
    }

    private static void awaitCurrent(LakeMirror mirror, boolean current) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while ((mirror.currentTables(RandomEvents.APP) != null) != current && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(mirror.currentTables(RandomEvents.APP) != null).as("mirror current").isEqualTo(current);
    }

    private static List<ModeledLake.UserRow> users(Scenario s) {
        List<ModeledLake.UserRow> users = new ArrayList<>();
        s.attributes().forEach((user, properties) -> users.add(new ModeledLake.UserRow(RandomEvents.APP, user,
                s.range().from(), properties)));
        return users;
    }

    @Test
    void follows_compaction_and_removed_files() throws Exception {
        Scenario s = sizeable(SEED + 1);
        s.writeTo(lake(), RandomEvents.Sessions.MIXED);
        try (Mirrored m = MirrorHarness.open(lake(), mirrorFile(), Map.of(RandomEvents.APP, s.zone()), s.now())) {
            m.mirror().synchronize();
            // compaction: every partition's files of the event and session tables rewritten as one new file
            for (ModeledTables.Table table : List.of(ModeledTables.EVENT, ModeledTables.SESSION)) {
                for (Path partition : partitions(table)) {
                    compact(partition);
                }
            }
            EventQuery trend = trend(s, List.of(), ComputeMethod.USERS, null);
            assertSameAnswers(m, s, x -> x.event(RandomEvents.APP, trend),
                    reference(s, s.all()).event(trend, s.range()), false);
            m.mirror().synchronize();
            assertSameAnswers(m, s, x -> x.event(RandomEvents.APP, trend),
                    reference(s, s.all()).event(trend, s.range()), true);
            assertSameAnswers(m, s, x -> x.funnel(RandomEvents.APP, funnel(s)),
                    reference(s, s.all()).funnel(funnel(s), s.range()), true);

            // a partition's file removed (its rows gone from the lake): gone from the mirror too
            Path removed = partitions(ModeledTables.EVENT).get(0);
            List<ModeledEvent> left = s.all().stream().filter(e -> !("event_date=" + e.eventDate(s.zone()))
                    .equals(removed.getFileName().toString())).toList();
            assertThat(left).hasSizeLessThan(s.all().size());
            try (Stream<Path> files = Files.list(removed)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            m.mirror().synchronize();
            assertSameAnswers(m, s, x -> x.event(RandomEvents.APP, trend), reference(s, left).event(trend, s.range()),
                    true);
        }
    }

    private List<Path> partitions(ModeledTables.Table table) throws IOException {
        Path appDir = Path.of(new LakeLayout(lake().toString()).modeledTable(table), "app_id=" + RandomEvents.APP);
        try (Stream<Path> list = Files.list(appDir)) {
            return list.sorted().toList();
        }
    }

    /** Rewrites a partition's files as one file of the same rows (what the ETL's compaction does). */
    private static void compact(Path partition) throws Exception {
        List<Path> old;
        try (Stream<Path> list = Files.list(partition)) {
            old = list.filter(p -> p.toString().endsWith(".parquet")).toList();
        }
        Path merged = partition.resolve("compacted-" + System.nanoTime() + ".parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("COPY (SELECT * FROM read_parquet('" + partition + "/*.parquet', union_by_name = true)) TO '"
                    + merged + "' (FORMAT parquet)");
        }
        for (Path p : old) {
            Files.delete(p);
        }
    }

    @Test
    void older_files_without_a_newer_column_read_as_nulls_in_both() throws Exception {
        Scenario s = sizeable(SEED + 2);
        ZoneId zone = s.zone();
        // an old file written before page_title and event_value existed: the table starts without them
        ModeledLake.append(lake(), s.events(), Map.of(RandomEvents.APP, zone));
        Path partition = partitions(ModeledTables.EVENT).get(0);
        Path full;
        try (Stream<Path> list = Files.list(partition)) {
            full = list.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("COPY (SELECT * EXCLUDE (page_title, event_value, app_id, event_date) FROM read_parquet('" + full
                    + "')) TO '" + partition.resolve("old.parquet") + "' (FORMAT parquet)");
        }
        Files.delete(full);
        // the reference sees those rows without the columns, as union_by_name reads them
        String oldDate = partition.getFileName().toString().substring("event_date=".length());
        List<ModeledEvent> events = s.events().stream().map(e -> e.eventDate(zone).toString().equals(oldDate)
                ? new ModeledEvent(e.appId(), e.eventId(), e.eventName(), e.timeMsec(), e.userPseudoId(), e.sessionId(),
                e.platform(), e.geoCountry(), null, e.pageUrl(), e.screenName(), e.trafficSource(), e.campaign(), null,
                e.parameters()) : e).toList();
        Scenario old = new Scenario(zone, s.range(), events, List.of(), s.attributes());
        try (Mirrored m = MirrorHarness.open(lake(), mirrorFile(), Map.of(RandomEvents.APP, zone), s.now())) {
            m.mirror().synchronize();
            EventQuery untitled = trend(s, List.of(Condition.of("page_title", Operator.IS_NULL)), ComputeMethod.SUM,
                    "event_value");
            assertSameAnswers(m, old, x -> x.event(RandomEvents.APP, untitled),
                    reference(old, events).event(untitled, s.range()), true);
            // newer files with every column: the mirror's tables gain the columns the old file lacked
            ModeledLake.append(lake(), s.late(), Map.of(RandomEvents.APP, zone));
            List<ModeledEvent> all = new ArrayList<>(events);
            all.addAll(s.late());
            m.mirror().synchronize();
            assertSameAnswers(m, old, x -> x.event(RandomEvents.APP, untitled),
                    reference(old, all).event(untitled, s.range()), true);
        }
    }

    @Test
    void a_deleted_mirror_file_is_built_again_and_a_current_one_serves_at_once() throws Exception {
        Built b = builtWithTrend(SEED + 3);
        Scenario s = b.scenario();
        Map<String, ZoneId> apps = b.apps();
        EventQuery trend = b.trend();
        EventResult expected = b.expected();
        // restarted on an unchanged lake: the mirror serves before any pass
        try (Mirrored m = MirrorHarness.open(lake(), mirrorFile(), apps, s.now())) {
            assertSameAnswers(m, s, x -> x.event(RandomEvents.APP, trend), expected, true);
        }
        Files.delete(mirrorFile());
        Files.deleteIfExists(mirrorFile().resolveSibling("mirror.duckdb.wal"));
        try (Mirrored m = MirrorHarness.open(lake(), mirrorFile(), apps, s.now())) {
            assertSameAnswers(m, s, x -> x.event(RandomEvents.APP, trend), expected, false);
            m.mirror().synchronize();
            assertSameAnswers(m, s, x -> x.event(RandomEvents.APP, trend), expected, true);
            FunnelResult funnel = m.service().funnel(RandomEvents.APP, funnel(s));
            assertThat(funnel.sql()).contains(DuckDbExecutor.MIRROR);
        }
        // a damaged file is only a cache: recreated
        Files.writeString(mirrorFile(), "not a database");
        Files.deleteIfExists(mirrorFile().resolveSibling("mirror.duckdb.wal"));
        try (Mirrored m = MirrorHarness.open(lake(), mirrorFile(), apps, s.now())) {
            assertThat(m.duckDb().hasMirror()).isTrue();
            m.mirror().synchronize();
            assertSameAnswers(m, s, x -> x.event(RandomEvents.APP, trend), expected, true);
        }
    }

    @Test
    void numeric_app_ids_stay_text_and_unsafe_ones_are_never_mirrored() throws Exception {
        Scenario s = sizeable(SEED + 4);
        String app = "1234";
        List<ModeledEvent> events = s.all().stream().map(e -> new ModeledEvent(app, e.eventId(), e.eventName(),
                e.timeMsec(), e.userPseudoId(), e.sessionId(), e.platform(), e.geoCountry(), e.pageTitle(), e.pageUrl(),
                e.screenName(), e.trafficSource(), e.campaign(), e.eventValue(), e.parameters())).toList();
        ModeledLake.append(lake(), events, Map.of(app, s.zone()));
        // a folder whose app id is not a safe path segment: neither listed nor read
        Path unsafe = Path.of(new LakeLayout(lake().toString()).modeledTable(ModeledTables.EVENT), "app_id=x'y",
                "event_date=2026-01-01");
        Files.createDirectories(unsafe);
        Files.writeString(unsafe.resolve("bad.parquet"), "not parquet");
        EventQuery trend = trend(s, List.of(), ComputeMethod.EVENTS, null);
        try (Mirrored m = MirrorHarness.open(lake(), mirrorFile(), Map.of(app, s.zone()), s.now())) {
            assertThat(m.mirror().synchronize()).isEqualTo(events.size());
            EventResult result = m.service().event(app, trend);
            assertThat(result.sql()).contains(DuckDbExecutor.MIRROR);
            assertThat(result).usingRecursiveComparison(ignoringSql())
                    .isEqualTo(reference(s, events).event(trend, s.range()));
            assertThat(result.series()).as(result.sql()).isNotEmpty();
        }
    }

    /** An event of user {@code user} at hour {@code hour} of 2026-03-02 (UTC). */
    private static ModeledEvent at(String user, String name, int hour) {
        long time = java.time.LocalDate.of(2026, 3, 2).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli()
                + hour * 3_600_000L;
        return new ModeledEvent(RandomEvents.APP, user + "-" + name + "-" + hour, name, time, user, user + "-s",
                "web", "FR", null, null, null, null, null, null, Map.of());
    }

    private static FunnelQuery droppedAtB(Integer limit) {
        return new FunnelQuery(TimeRange.between(java.time.LocalDate.of(2026, 3, 1), java.time.LocalDate.of(2026, 3, 7)),
                List.of(EventSpec.of("a"), EventSpec.of("b")), Window.of(1, Window.Unit.DAY), false, null, List.of(),
                Join.AND, 2, limit);
    }

    @Test
    void user_keys_stand_for_ids_and_listed_users_are_the_ids_in_their_order() throws Exception {
        ZoneId zone = ZoneId.of("UTC");
        Scenario s = new Scenario(zone, new io.clickstream.studio.explore.model.DateSpan(
                java.time.LocalDate.of(2026, 3, 1), java.time.LocalDate.of(2026, 3, 7)), List.of(), List.of(), Map.of());
        Map<String, ZoneId> apps = Map.of(RandomEvents.APP, zone);
        // the first commit's users get keys 1 (u5) and 2 (u9); the second's later ones, though "u1" and "u10" sort
        // before "u9" as text: a list ordered or cut by key would differ from one by id
        List<ModeledEvent> first = List.of(at("u5", "a", 1), at("u5", "b", 2), at("u9", "a", 3));
        List<ModeledEvent> second = List.of(at("u10", "a", 4), at("u1", "a", 5), at("u50", "a", 6), at("u50", "b", 7),
                at("u5", "a", 8));
        ModeledLake.append(lake(), first, apps);
        try (Mirrored m = MirrorHarness.open(lake(), mirrorFile(), apps, s.now())) {
            m.mirror().synchronize();
            FunnelResult before = m.service().funnel(RandomEvents.APP, droppedAtB(null));
            assertThat(before.droppedUsersSql()).contains(LakeMirror.USERS);
            assertThat(before.droppedUsers()).containsExactly("u9");

            ModeledLake.append(lake(), second, apps);
            m.mirror().synchronize();
            List<ModeledEvent> all = new ArrayList<>(first);
            all.addAll(second);
            for (Integer limit : java.util.Arrays.asList(null, 2)) {
                FunnelQuery query = droppedAtB(limit);
                assertSameAnswers(m, s, x -> x.funnel(RandomEvents.APP, query), reference(s, all).funnel(query,
                        s.range()), true);
            }
            assertThat(m.service().funnel(RandomEvents.APP, droppedAtB(null)).droppedUsers())
                    .containsExactly("u1", "u10", "u9");
            assertThat(m.service().funnel(RandomEvents.APP, droppedAtB(2)).droppedUsers()).containsExactly("u1", "u10");
            EventQuery users = trend(s, List.of(), ComputeMethod.USERS, null);
            assertSameAnswers(m, s, x -> x.event(RandomEvents.APP, users), reference(s, all).event(users, s.range()),
                    true);
            try (Connection c = m.duckDb().mirrorConnection(); Statement st = c.createStatement();
                 java.sql.ResultSet r = st.executeQuery("SELECT string_agg(user_pseudo_id || '=' || user_key, ',' "
                         + "ORDER BY user_key), count(*) = count(DISTINCT user_key) FROM " + LakeMirror.USERS)) {
                assertThat(r.next()).isTrue();
                assertThat(r.getString(1)).isEqualTo("u5=1,u9=2,u1=3,u10=4,u50=5");
                assertThat(r.getBoolean(2)).isTrue();
            }
        }
    }

    @Test
    void a_mirror_of_an_older_format_is_built_again() throws Exception {
        Built b = builtWithTrend(SEED + 5);
        Scenario s = b.scenario();
        Map<String, ZoneId> apps = b.apps();
        EventQuery trend = b.trend();
        EventResult expected = b.expected();
        // the first format: the same rows without user keys, no dictionary
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + mirrorFile()); Statement st = c.createStatement()) {
            for (String table : List.of("event", "session", "\"user\"")) {
                st.execute("ALTER TABLE " + table + " DROP COLUMN user_key");
            }
            st.execute("DROP TABLE mirror_users");
            st.execute("UPDATE mirror_format SET format = 1");
        }
        try (Mirrored m = MirrorHarness.open(lake(), mirrorFile(), apps, s.now())) {
            assertSameAnswers(m, s, x -> x.event(RandomEvents.APP, trend), expected, false);
            assertThat(m.mirror().synchronize()).isPositive();
            assertSameAnswers(m, s, x -> x.event(RandomEvents.APP, trend), expected, true);
            assertSameAnswers(m, s, x -> x.funnel(RandomEvents.APP, funnel(s)),
                    reference(s, s.all()).funnel(funnel(s), s.range()), true);
        }
    }

    /** A lake of one sizeable scenario, its mirror built once and checked on a users trend. */
    private record Built(Scenario scenario, Map<String, ZoneId> apps, EventQuery trend, EventResult expected) {
    }

    private Built builtWithTrend(long seed) throws Exception {
        Scenario s = sizeable(seed);
        s.writeTo(lake(), RandomEvents.Sessions.SEQUENCES);
        Map<String, ZoneId> apps = Map.of(RandomEvents.APP, s.zone());
        EventQuery trend = trend(s, List.of(), ComputeMethod.USERS, null);
        EventResult expected = reference(s, s.all()).event(trend, s.range());
        try (Mirrored m = MirrorHarness.open(lake(), mirrorFile(), apps, s.now())) {
            m.mirror().synchronize();
            assertSameAnswers(m, s, x -> x.event(RandomEvents.APP, trend), expected, true);
        }
        return new Built(s, apps, trend, expected);
    }
}
