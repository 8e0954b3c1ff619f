package io.clickstream.studio.explore;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.studio.explore.RandomEvents.Scenario;
import io.clickstream.studio.explore.exec.DuckDbExecutor;
import io.clickstream.studio.explore.model.AttributionQuery;
import io.clickstream.studio.explore.model.ComputeMethod;
import io.clickstream.studio.explore.model.Condition;
import io.clickstream.studio.explore.model.DateSpan;
import io.clickstream.studio.explore.model.EventQuery;
import io.clickstream.studio.explore.model.EventSpec;
import io.clickstream.studio.explore.model.FunnelQuery;
import io.clickstream.studio.explore.model.FunnelResult;
import io.clickstream.studio.explore.model.Granularity;
import io.clickstream.studio.explore.model.Join;
import io.clickstream.studio.explore.model.LifecycleQuery;
import io.clickstream.studio.explore.model.LifecycleResult;
import io.clickstream.studio.explore.model.Operator;
import io.clickstream.studio.explore.model.PathQuery;
import io.clickstream.studio.explore.model.PathResult;
import io.clickstream.studio.explore.model.RetentionQuery;
import io.clickstream.studio.explore.model.TimeRange;
import io.clickstream.studio.explore.model.Window;
import io.clickstream.studio.explore.reference.ReferenceExplorer;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration;

/**
 * Engine against brute-force reference on random event streams ({@link RandomEvents}): each analysis with random
 * options, written as modeled Parquet and queried through the whole service with DuckDB; the answers must be
 * equal (doubles to 1e-9).
 */
class ExplorationPropertiesTest {

    static final int TRIES = 25;
    /** Every {@value}-th check also runs the engine over the explore mirror (one DuckDB and mirror file for all). */
    static final int MIRROR_EVERY = 4;
    static final java.util.concurrent.atomic.AtomicInteger CHECKS = new java.util.concurrent.atomic.AtomicInteger();
    static DuckDbExecutor duckDb;
    static Path mirrorDir;
    static DuckDbExecutor mirrorDuckDb;

    @BeforeContainer
    static void startDuckDb() {
        duckDb = new DuckDbExecutor(System.getProperty("java.io.tmpdir"), 2, 2, "1GB");
        mirrorDir = RandomEvents.tempLake();
        mirrorDuckDb = new DuckDbExecutor(System.getProperty("java.io.tmpdir"), 2, 2, "1GB",
                mirrorDir.resolve("mirror.duckdb"));
    }

    @AfterContainer
    static void stopDuckDb() throws Exception {
        duckDb.close();
        mirrorDuckDb.close();
        RandomEvents.delete(mirrorDir);
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Provide
    Arbitrary<List<Condition>> conditions() {
        return Arbitraries.of(
                List.of(),
                List.of(Condition.of("platform", Operator.EQ, "Web")),
                List.of(Condition.of("platform", Operator.NE, "Web"), Condition.of("event.item", Operator.IN, "x", "y")),
                List.of(Condition.of("event.amount", Operator.GT, 10)),
                List.of(Condition.of("event.amount", Operator.BETWEEN, 2, 30.5)),
                List.of(Condition.of("page_title", Operator.IS_NULL)),
                List.of(Condition.of("page_url", Operator.CONTAINS, "car")),
                List.of(Condition.of("geo_country", Operator.NOT_IN, "FR")),
                List.of(Condition.of("user.tier", Operator.EQ, "gold")),
                List.of(Condition.of("user.age", Operator.LT, 40), Condition.of("event_value", Operator.GE, 10)));
    }

    private static <Q, R> void check(long seed, Q query, BiFunction<ExploreService, Q, R> engine,
                                     BiFunction<ReferenceExplorer, Scenario, R> reference) {
        check(seed, RandomEvents.Sessions.NONE, query, engine, reference);
    }

    private static <Q, R> void check(long seed, RandomEvents.Sessions sessions, Q query,
                                     BiFunction<ExploreService, Q, R> engine,
                                     BiFunction<ReferenceExplorer, Scenario, R> reference) {
        check(RandomEvents.generate(seed), seed, sessions, query, engine, reference);
    }

    private static <Q, R> void check(Scenario scenario, long seed, RandomEvents.Sessions sessions, Q query,
                                     BiFunction<ExploreService, Q, R> engine,
                                     BiFunction<ReferenceExplorer, Scenario, R> reference) {
        Path lake = RandomEvents.tempLake();
        try {
            scenario.writeTo(lake, sessions);
            ExploreService service = ExploreHarness.service(lake, Map.of(RandomEvents.APP, scenario.zone()),
                    scenario.now(), duckDb, 0);
            R actual = engine.apply(service, query);
            R expected = reference.apply(new ReferenceExplorer(scenario.all(), scenario.attributes(), scenario.zone(),
                    ExploreHarness.PARAMETERS, ExploreHarness.ATTRIBUTES), scenario);
            assertThat(actual).as("seed %d, %s", seed, query)
                    .usingRecursiveComparison(RecursiveComparisonConfiguration.builder()
                            .withIgnoredFields("sql", "droppedUsersSql")
                            .withComparatorForType(ExplorationPropertiesTest::closeEnough, Double.class)
                            .build())
                    .isEqualTo(expected);
            if (CHECKS.incrementAndGet() % MIRROR_EVERY == 0) {
                R mirrored = MirrorHarness.overMirror(mirrorDuckDb, lake, scenario,
                        over -> engine.apply(over, query));
                assertThat(mirrored).as("over the mirror: seed %d, %s", seed, query)
                        .usingRecursiveComparison(RecursiveComparisonConfiguration.builder()
                                .withIgnoredFields("sql", "droppedUsersSql")
                                .withComparatorForType(ExplorationPropertiesTest::closeEnough, Double.class)
                                .build())
                        .isEqualTo(expected);
            }
        } finally {
            RandomEvents.delete(lake);
        }
    }

    static int closeEnough(Double a, Double b) {
        if (a == null || b == null) {
            return a == b ? 0 : a == null ? -1 : 1;
        }
        return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)) ? 0 : Double.compare(a, b);
    }

    private static TimeRange range(Scenario s) {
        return TimeRange.between(s.range().from(), s.range().to());
    }

    @Property(tries = TRIES)
    void event_trends_equal_the_reference(@ForAll("seeds") long seed, @ForAll Granularity granularity,
                                          @ForAll ComputeMethod method, @ForAll boolean grouped,
                                          @ForAll("conditions") List<Condition> conditions) {
        Scenario s = RandomEvents.generate(seed);
        EventQuery query = new EventQuery(range(s), List.of(EventSpec.of("a"), new EventSpec("b",
                List.of(Condition.of("event.item", Operator.NE, "z")), Join.AND)), granularity, method,
                method.needsValue() ? "event.amount" : null, grouped ? "platform" : null, conditions, Join.AND);
        check(seed, query, (service, q) -> service.event(RandomEvents.APP, q),
                (reference, sc) -> reference.event(query, sc.range()));
    }

    @Property(tries = TRIES)
    void funnels_equal_the_reference(@ForAll("seeds") long seed, @ForAll boolean strict, @ForAll boolean grouped,
                                     @ForAll("windows") Window window, @ForAll("funnelSteps") List<String> steps,
                                     @ForAll("conditions") List<Condition> conditions) {
        Scenario s = RandomEvents.generate(seed);
        List<EventSpec> specs = new ArrayList<>();
        for (String step : steps) {
            specs.add(EventSpec.of(step));
        }
        FunnelQuery query = new FunnelQuery(range(s), specs, window, strict, grouped ? "traffic_source_source" : null,
                conditions, Join.OR, 2, 50);
        check(seed, query, (service, q) -> service.funnel(RandomEvents.APP, q),
                (reference, sc) -> reference.funnel(query, sc.range()));
    }

    /** Distinct steps, not strict, a time window: the shape DuckDB answers from per-user step lists. */
    @Property(tries = TRIES)
    void funnels_of_distinct_steps_equal_the_reference(@ForAll("seeds") long seed, @ForAll boolean grouped,
                                                        @ForAll("timeWindows") Window window,
                                                        @ForAll("distinctSteps") List<String> steps,
                                                        @ForAll("conditions") List<Condition> conditions) {
        Scenario s = RandomEvents.generate(seed);
        FunnelQuery query = new FunnelQuery(range(s), steps.stream().map(EventSpec::of).toList(), window, false,
                grouped ? "traffic_source_source" : null, conditions, Join.OR, 2, 50);
        check(seed, query, (service, q) -> service.funnel(RandomEvents.APP, q),
                (reference, sc) -> reference.funnel(query, sc.range()));
    }

    /**
     * Funnels of event names alone from the session table's event times (most sessions), the events of sessions
     * written without them (or with names and dates only), and of events without a session.
     */
    @Property(tries = TRIES)
    void funnels_from_session_event_times_equal_the_reference(@ForAll("seeds") long seed,
                                                               @ForAll("timeWindows") Window window,
                                                               @ForAll("distinctSteps") List<String> steps,
                                                               @ForAll("withSequences") RandomEvents.Sessions sessions) {
        Scenario s = RandomEvents.generate(seed);
        FunnelQuery query = new FunnelQuery(range(s), steps.stream().map(EventSpec::of).toList(), window, false,
                null, List.of(), Join.AND, 2, 50);
        boolean anySession = s.all().stream().anyMatch(e -> e.sessionId() != null);
        check(seed, sessions, query, (service, q) -> {
            FunnelResult result = service.funnel(RandomEvents.APP, q);
            if (anySession) {
                assertThat(result.sql()).as("read from the session table").contains("event_times");
            }
            return result;
        }, (reference, sc) -> reference.funnel(query, sc.range()));
    }

    @Provide
    Arbitrary<Window> timeWindows() {
        return Arbitraries.of(Window.of(1, Window.Unit.DAY), Window.of(1, Window.Unit.HOUR), Window.of(90, Window.Unit.SECOND),
                Window.of(3, Window.Unit.DAY));
    }

    @Provide
    Arbitrary<List<String>> distinctSteps() {
        return Arbitraries.of("a", "b", "c", "d").list().uniqueElements().ofMinSize(2).ofMaxSize(4);
    }

    @Provide
    Arbitrary<Window> windows() {
        return Arbitraries.of(Window.of(1, Window.Unit.DAY), Window.of(1, Window.Unit.HOUR), Window.of(90, Window.Unit.SECOND),
                new Window(null, Window.Unit.SESSION), Window.of(3, Window.Unit.DAY));
    }

    @Provide
    Arbitrary<List<String>> funnelSteps() {
        return Arbitraries.of("a", "b", "c", "d").list().ofMinSize(2).ofMaxSize(5);
    }

    /**
     * Paths from events, and (session journeys of event names) from the session table's event sequences, from the
     * events of sessions written without them, or from both.
     */
    @Property(tries = TRIES)
    void paths_equal_the_reference(@ForAll("seeds") long seed, @ForAll PathQuery.NodeType nodeType,
                                   @ForAll PathQuery.JourneyBy journeyBy, @ForAll("anchors") String anchor,
                                   @ForAll boolean backwards, @ForAll("depths") int depth, @ForAll("tops") int top,
                                   @ForAll RandomEvents.Sessions sessions) {
        Scenario s = RandomEvents.generate(seed);
        String node = anchor == null ? null : nodeType == PathQuery.NodeType.EVENT ? anchor
                : nodeType == PathQuery.NodeType.PAGE_TITLE ? "Home" : nodeType == PathQuery.NodeType.PAGE_URL ? "/" : "Main";
        PathQuery query = new PathQuery(range(s), nodeType, journeyBy, journeyBy == PathQuery.JourneyBy.GAP ? 45 : null,
                backwards ? null : node, backwards ? node : null, depth, top, List.of(), Join.AND);
        check(seed, sessions, query, (service, q) -> service.path(RandomEvents.APP, q),
                (reference, sc) -> reference.path(query, sc.range()));
    }

    /** The path of session journeys of event names, read from the session table's sequences (most of them). */
    @Property(tries = TRIES)
    void session_paths_from_event_sequences_equal_the_reference(@ForAll("seeds") long seed,
                                                                 @ForAll("anchors") String anchor,
                                                                 @ForAll boolean backwards, @ForAll("depths") int depth,
                                                                 @ForAll("tops") int top,
                                                                 @ForAll("withSequences") RandomEvents.Sessions sessions) {
        Scenario s = RandomEvents.generate(seed);
        PathQuery query = new PathQuery(range(s), PathQuery.NodeType.EVENT, PathQuery.JourneyBy.SESSION, null,
                backwards ? null : anchor, backwards ? anchor : null, depth, top, List.of(), Join.AND);
        // a scenario may have no session at all, and then no session table to read
        boolean anySession = s.all().stream().anyMatch(e -> e.sessionId() != null);
        check(seed, sessions, query, (service, q) -> {
            PathResult result = service.path(RandomEvents.APP, q);
            if (anySession) {
                assertThat(result.sql()).as("read from the sequences").contains("event_names");
            }
            return result;
        }, (reference, sc) -> reference.path(query, sc.range()));
    }

    /**
     * The same with long runs of one name (each event named by the minute of its time: "a" five minutes in seven, else
     * "b"), so that journeys have more repeats than the engine's first look at a journey covers.
     */
    @Property(tries = TRIES)
    void session_paths_with_long_repeats_equal_the_reference(@ForAll("seeds") long seed,
                                                              @ForAll("anchors") String anchor,
                                                              @ForAll boolean backwards, @ForAll("depths") int depth,
                                                              @ForAll("withSequences") RandomEvents.Sessions sessions) {
        Scenario s = RandomEvents.generate(seed);
        Scenario runs = new Scenario(s.zone(), s.range(), inRuns(s.events()), inRuns(s.late()), s.attributes());
        PathQuery query = new PathQuery(range(s), PathQuery.NodeType.EVENT, PathQuery.JourneyBy.SESSION, null,
                backwards ? null : anchor, backwards ? anchor : null, depth, 3, List.of(), Join.AND);
        check(runs, seed, sessions, query, (service, q) -> service.path(RandomEvents.APP, q),
                (reference, sc) -> reference.path(query, sc.range()));
    }

    /**
     * Journeys at the edge of the engine's first look at a journey (its first {@code 2 * depth} nodes): one name
     * repeated up to that many times and one past it, then another name or two, from and back to each name.
     */
    @Example
    void session_paths_at_the_edge_of_the_first_look_equal_the_reference() {
        List<String> journeys = new ArrayList<>(List.of("ab", "ba", "abab", "abba", "cab"));
        for (int edge = 4; edge <= 12; edge += 2) {
            for (int repeats = edge - 1; repeats <= edge + 1; repeats++) {
                journeys.add("a".repeat(repeats) + "b");
                journeys.add("a".repeat(repeats) + "bc");
                journeys.add("c" + "a".repeat(repeats) + "b");
                journeys.add("b" + "a".repeat(repeats));
            }
        }
        long start = LocalDate.of(2026, 11, 2).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        List<ModeledEvent> events = new ArrayList<>();
        for (int j = 0; j < journeys.size(); j++) {
            String journey = journeys.get(j);
            for (int i = 0; i < journey.length(); i++) {
                events.add(new ModeledEvent(RandomEvents.APP, "e" + j + "-" + i, journey.substring(i, i + 1),
                        start + j * 3_600_000L + i * 1_000L, "u" + j % 3, "s" + j, "Web", "US", null, null, null, null,
                        null, null, Map.of()));
            }
        }
        Scenario s = new Scenario(ZoneOffset.UTC, new DateSpan(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 5)),
                events, List.of(), Map.of());
        for (int depth = 2; depth <= 6; depth++) {
            for (String anchor : new String[] {null, "a", "b", "c"}) {
                for (boolean backwards : new boolean[] {false, true}) {
                    PathQuery query = new PathQuery(range(s), PathQuery.NodeType.EVENT, PathQuery.JourneyBy.SESSION,
                            null, backwards ? null : anchor, backwards ? anchor : null, depth, 3, List.of(), Join.AND);
                    check(s, depth, RandomEvents.Sessions.SEQUENCES, query,
                            (service, q) -> service.path(RandomEvents.APP, q),
                            (reference, sc) -> reference.path(query, sc.range()));
                }
            }
        }
    }

    private static List<ModeledEvent> inRuns(List<ModeledEvent> events) {
        return events.stream().map(e -> new ModeledEvent(e.appId(), e.eventId(),
                Math.floorMod(e.timeMsec() / 60_000, 7) < 5 ? "a" : "b", e.timeMsec(), e.userPseudoId(), e.sessionId(),
                e.platform(), e.geoCountry(), e.pageTitle(), e.pageUrl(), e.screenName(), e.trafficSource(),
                e.campaign(), e.eventValue(), e.parameters())).toList();
    }

    @Provide
    Arbitrary<RandomEvents.Sessions> withSequences() {
        return Arbitraries.of(RandomEvents.Sessions.SEQUENCES, RandomEvents.Sessions.MIXED);
    }

    @Provide
    Arbitrary<String> anchors() {
        return Arbitraries.of("a", "b").injectNull(0.3);
    }

    @Provide
    Arbitrary<Integer> depths() {
        return Arbitraries.integers().between(2, 6);
    }

    @Provide
    Arbitrary<Integer> tops() {
        return Arbitraries.integers().between(1, 3);
    }

    @Property(tries = TRIES)
    void retention_equals_the_reference(@ForAll("seeds") long seed, @ForAll Granularity period,
                                        @ForAll("periodCounts") int periods, @ForAll boolean sameItem,
                                        @ForAll("conditions") List<Condition> conditions) {
        Scenario s = RandomEvents.generate(seed);
        RetentionQuery query = new RetentionQuery(range(s), EventSpec.of("a"), EventSpec.of("b"), period, periods,
                sameItem ? "event.item" : null, conditions, Join.AND);
        check(seed, query, (service, q) -> service.retention(RandomEvents.APP, q),
                (reference, sc) -> reference.retention(query, sc.range()));
    }

    @Provide
    Arbitrary<Integer> periodCounts() {
        return Arbitraries.integers().between(1, 12);
    }

    /**
     * Goals that are no touch (first and last touch then come from an as-of join on DuckDB), and goals whose event is
     * also a touch event (a touch must not be the goal itself).
     */
    @Property(tries = TRIES)
    void attribution_equals_the_reference(@ForAll("seeds") long seed, @ForAll AttributionQuery.Model model,
                                          @ForAll AttributionQuery.TouchPoints.Label label,
                                          @ForAll("attributionWindows") Window window, @ForAll boolean valued,
                                          @ForAll boolean goalIsTouch,
                                          @ForAll("conditions") List<Condition> conditions) {
        Scenario s = RandomEvents.generate(seed);
        AttributionQuery query = new AttributionQuery(range(s), model, EventSpec.of("d"),
                valued ? "event.amount" : null, window, new AttributionQuery.TouchPoints(label,
                List.of(EventSpec.of("a"), EventSpec.of(goalIsTouch ? "d" : "b"))), 2.0, conditions, Join.AND);
        check(seed, query, (service, q) -> service.attribution(RandomEvents.APP, q),
                (reference, sc) -> reference.attribution(query, sc.range()));
    }

    /**
     * First and last touch where touches often share a millisecond (every time rounded down to a multiple of 20
     * minutes): the as-of join's touches are one per millisecond, the one with the greatest (least) event id standing
     * for the others, and must give the reference's (time, id) order.
     */
    @Property(tries = TRIES)
    void nearest_touches_sharing_milliseconds_equal_the_reference(@ForAll("seeds") long seed, @ForAll boolean last,
                                                                  @ForAll AttributionQuery.TouchPoints.Label label,
                                                                  @ForAll("attributionWindows") Window window) {
        Scenario random = RandomEvents.generate(seed);
        java.util.function.Function<List<ModeledEvent>, List<ModeledEvent>> coarse = events -> events.stream()
                .map(e -> new ModeledEvent(e.appId(), e.eventId(), e.eventName(), Math.floorDiv(e.timeMsec(), 1_200_000L)
                        * 1_200_000L, e.userPseudoId(), e.sessionId(), e.platform(), e.geoCountry(), e.pageTitle(),
                        e.pageUrl(), e.screenName(), e.trafficSource(), e.campaign(), e.eventValue(), e.parameters()))
                .toList();
        Scenario s = new Scenario(random.zone(), random.range(), coarse.apply(random.events()),
                coarse.apply(random.late()), random.attributes());
        AttributionQuery query = new AttributionQuery(range(s), last ? AttributionQuery.Model.LAST_TOUCH
                : AttributionQuery.Model.FIRST_TOUCH, EventSpec.of("d"), null, window, new AttributionQuery.TouchPoints(
                label, List.of(EventSpec.of("a"), EventSpec.of("b"))), 2.0, List.of(), Join.AND);
        check(s, seed, RandomEvents.Sessions.NONE, query, (service, q) -> service.attribution(RandomEvents.APP, q),
                (reference, sc) -> reference.attribution(query, sc.range()));
    }

    @Provide
    Arbitrary<Window> attributionWindows() {
        return Arbitraries.of(new Window(null, Window.Unit.SAME_DAY), new Window(null, Window.Unit.SESSION),
                Window.of(1, Window.Unit.DAY), Window.of(3, Window.Unit.DAY), Window.of(2, Window.Unit.HOUR));
    }

    /** Lifecycles without conditions: active days from the session table's event dates, where it has them. */
    @Property(tries = TRIES)
    void lifecycles_from_session_dates_equal_the_reference(@ForAll("seeds") long seed,
                                                           @ForAll RandomEvents.Sessions sessions) {
        Scenario s = RandomEvents.generate(seed);
        LifecycleQuery query = new LifecycleQuery(range(s), List.of(), Join.AND);
        boolean anySession = sessions != RandomEvents.Sessions.NONE
                && s.all().stream().anyMatch(e -> e.sessionId() != null);
        check(seed, sessions, query, (service, q) -> {
            LifecycleResult result = service.lifecycle(RandomEvents.APP, q);
            assertThat(result.sql()).as("read from the session table").contains(anySession ? "event_dates" : "");
            return result;
        }, (reference, sc) -> reference.lifecycle(query, sc.range()));
    }

    /**
     * Lifecycles whose users come back after gaps around the week and 30-day limits (13-15, 29-31 and 6-8 days, from
     * every weekday): each user's events moved by whole days onto three active days that far apart, the first some
     * days before the range.
     */
    @Property(tries = TRIES)
    void lifecycles_with_gaps_at_the_limits_equal_the_reference(@ForAll("seeds") long seed,
                                                                @ForAll RandomEvents.Sessions sessions) {
        Scenario random = RandomEvents.generate(seed);
        long day = 86_400_000L;
        long first = random.range().from().toEpochDay() - 20;
        int[] gaps = {13, 14, 15, 29, 30, 31, 6, 7, 8};
        Map<String, Integer> seen = new java.util.HashMap<>();
        java.util.function.Function<List<ModeledEvent>, List<ModeledEvent>> spaced = events -> events.stream()
                .map(e -> {
                    int h = Math.floorMod(java.util.Objects.hashCode(e.userPseudoId()) + (int) seed, 63);
                    int n = seen.merge(String.valueOf(e.userPseudoId()), 1, Integer::sum);
                    long target = first + h % 7 + (long) gaps[h / 7] * (n % 3);
                    long t = e.timeMsec() + (target - Math.floorDiv(e.timeMsec(), day)) * day;
                    return new ModeledEvent(e.appId(), e.eventId(), e.eventName(), t, e.userPseudoId(), e.sessionId(),
                            e.platform(), e.geoCountry(), e.pageTitle(), e.pageUrl(), e.screenName(), e.trafficSource(),
                            e.campaign(), e.eventValue(), e.parameters());
                })
                .toList();
        Scenario s = new Scenario(random.zone(), random.range(), spaced.apply(random.events()),
                spaced.apply(random.late()), random.attributes());
        LifecycleQuery query = new LifecycleQuery(range(s), List.of(), Join.AND);
        check(s, seed, sessions, query, (service, q) -> service.lifecycle(RandomEvents.APP, q),
                (reference, sc) -> reference.lifecycle(query, sc.range()));
    }

    @Property(tries = TRIES)
    void lifecycle_equals_the_reference(@ForAll("seeds") long seed, @ForAll("conditions") List<Condition> conditions) {
        Scenario s = RandomEvents.generate(seed);
        LifecycleQuery query = new LifecycleQuery(range(s), conditions, Join.AND);
        check(seed, query, (service, q) -> service.lifecycle(RandomEvents.APP, q),
                (reference, sc) -> reference.lifecycle(query, sc.range()));
    }
}
