import io.clickstream.model.LakeLayout;
import io.clickstream.model.ModeledTables;
import io.clickstream.studio.explore.AppDirectory;
import io.clickstream.studio.explore.EventCatalog;
import io.clickstream.studio.explore.ExploreEngine;
import io.clickstream.studio.explore.ExploreService;
import io.clickstream.studio.explore.exec.DuckDbExecutor;
import io.clickstream.studio.explore.exec.QueryControl;
import io.clickstream.studio.explore.exec.ResultTable;
import io.clickstream.studio.explore.lake.LakeDataVersions;
import io.clickstream.studio.explore.lake.LakeEventCatalog;
import io.clickstream.studio.explore.model.*;
import io.clickstream.studio.explore.sql.BoundQuery;
import io.clickstream.studio.explore.sql.DuckDbSql;
import io.clickstream.studio.explore.sql.MirrorTables;
import io.clickstream.studio.explore.lake.LakeMirror;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Exploration engine benchmark: six analyses through the studio's ExploreService (validation, SQL building, DuckDB,
 * result mapping; result cache off) against hand-written DuckDB SQL of the same answers, on a generated lake of
 * modeled events. Prints cold and warm medians, the ratio, the answers' agreement and the peak Java heap.
 * Usage: ExploreBenchmark <lake dir> <sessions> <users> [warm runs] [cold runs] [analysis name contains]
 */
public class ExploreBenchmark {

    static final String APP = "bench";
    static final LocalDate FROM = LocalDate.of(2026, 11, 1);
    static final LocalDate TO = LocalDate.of(2026, 11, 30);
    static final AtomicLong peakHeap = new AtomicLong();

    public static void main(String[] args) throws Exception {
        Path lake = Path.of(args[0]);
        long sessions = Long.parseLong(args[1]);
        long users = Long.parseLong(args[2]);
        int warmRuns = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        int coldRuns = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        String only = args.length > 5 ? args[5] : "";
        useMirror = !(args.length > 6 && args[6].equals("parquet"));
        Thread sampler = new Thread(() -> {
            var memory = ManagementFactory.getMemoryMXBean();
            while (true) {
                peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try { Thread.sleep(20); } catch (InterruptedException e) { return; }
            }
        });
        sampler.setDaemon(true);
        sampler.start();

        if (!Files.exists(lake.resolve("modeled/event/app_id=" + APP))) {
            long start = System.nanoTime();
            generate(lake, sessions, users);
            System.out.printf("generated %s in %.0f s%n", lake, (System.nanoTime() - start) / 1e9);
        }
        if (!Files.exists(lake.resolve("modeled/session/app_id=" + APP)) || !sessionsHaveTimes(lake)) {
            long start = System.nanoTime();
            if (Files.exists(lake.resolve("modeled/session"))) {
                try (var walk = Files.walk(lake.resolve("modeled/session"))) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            generateSessions(lake);
            System.out.printf("wrote the session table of %s in %.0f s%n", lake, (System.nanoTime() - start) / 1e9);
        }
        String glob = lake + "/modeled/event/app_id=" + APP + "/event_date=*/*.parquet";
        LakeLayout layout = new LakeLayout(lake.toString());
        long events;
        long files;
        try (DuckDbExecutor duck = duckDb(lake)) {
            events = (Long) duck.execute(new BoundQuery("SELECT count(*) FROM read_parquet(?)", List.of(glob)),
                    control()).rows().get(0).get(0);
            try (var walk = Files.walk(lake.resolve("modeled/event"))) {
                files = walk.filter(p -> p.toString().endsWith(".parquet")).count();
            }
            long t = System.nanoTime();
            LakeEventCatalog catalog = new LakeEventCatalog(layout, duck, new LakeDataVersions(layout));
            catalog.metadataOf(APP);
            System.out.printf(Locale.ROOT, "lake: %,d events in %d Parquet files; metadata scan (event names, parameters) %.0f ms%n",
                    events, files, (System.nanoTime() - t) / 1e6);
            // an ETL commit of 1,000 events (a new file, removed again): the catalog reads that file only
            Path commit = lake.resolve("modeled/event/app_id=" + APP + "/event_date=2026-11-30/bench-commit.parquet");
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
                st.execute("COPY (SELECT * EXCLUDE (app_id, event_date) FROM read_parquet('" + glob
                        + "', hive_partitioning = true) LIMIT 1000) TO '" + commit + "' (FORMAT PARQUET)");
            }
            try {
                long read = catalog.filesRead();
                t = System.nanoTime();
                catalog.metadataOf(APP);
                System.out.printf(Locale.ROOT, "metadata after a commit of 1,000 events: %.0f ms (%d file read)%n",
                        (System.nanoTime() - t) / 1e6, catalog.filesRead() - read);
            } finally {
                Files.delete(commit);
            }
        }

        // The explore mirror (native DuckDB tables of the modeled files), built from scratch, as the studio does at its
        // first start; the engine then reads it (unless "parquet" is given), the hand-written SQL reads the Parquet as
        // before and, in the last columns, the mirror's tables.
        mirrorFile = useMirror ? lake.resolveSibling(lake.getFileName() + "-mirror.duckdb") : null;
        if (useMirror) {
            Files.deleteIfExists(mirrorFile);
            Files.deleteIfExists(mirrorFile.resolveSibling(mirrorFile.getFileName() + ".wal"));
            try (Engine built = open(lake, layout)) {
                long cpu = cpuNanos();
                long t = System.nanoTime();
                long rows = built.mirror().synchronize();
                double seconds = (System.nanoTime() - t) / 1e9;
                System.out.printf(Locale.ROOT, "explore mirror: built in %.1f s (CPU %.1f s), %,d rows of event, session "
                        + "and user files, %,.0f rows/s; %s (%.0f MB)%n", seconds, (cpuNanos() - cpu) / 1e9, rows,
                        rows / seconds, mirrorFile, Files.size(mirrorFile) / 1e6);
            }
        }
        System.out.println("engine reads: " + (useMirror ? "the explore mirror" : "the Parquet"));

        List<Case> cases = cases(glob);
        System.out.printf("%-28s %8s %8s %9s %9s %7s %7s %9s %9s  %-40s %9s %9s %7s%n", "analysis", "cold ms", "warm ms",
                "hand cold", "hand warm", "ratio c", "ratio w", "warm cpu", "hand cpu", "same answer", "hand-m w",
                "hand-m cpu", "ratio m");
        for (Case c : cases) {
            if (java.util.Arrays.stream(only.split("\\|")).noneMatch(c.name()::contains)) {
                continue;
            }
            List<Double> cold = new ArrayList<>();
            List<Double> handCold = new ArrayList<>();
            for (int i = 0; i < coldRuns; i++) {
                try (Engine fresh = open(lake, layout)) {
                    cold.add(time(() -> c.engine().apply(fresh.service())));
                }
                try (DuckDbExecutor fresh = duckDb(lake)) {
                    handCold.add(time(() -> fresh.execute(c.hand(), control())));
                }
            }
            List<Double> warm = new ArrayList<>();
            List<Double> handWarm = new ArrayList<>();
            List<Double> warmCpu = new ArrayList<>();
            List<Double> handCpu = new ArrayList<>();
            List<Double> handMirrorWarm = new ArrayList<>();
            List<Double> handMirrorCpu = new ArrayList<>();
            Object engineAnswer;
            ResultTable handAnswer;
            String sameOverMirror = "";
            try (Engine engine = open(lake, layout)) {
                DuckDbExecutor duck = engine.duckDb();
                ExploreService service = engine.service();
                engineAnswer = c.engine().apply(service);
                String sql = String.valueOf(sqlOf(engineAnswer));
                if (useMirror && (sql.contains("read_parquet") || !sql.contains(DuckDbExecutor.MIRROR))) {
                    throw new IllegalStateException("the engine did not read the mirror: " + sql);
                }
                long handStart = System.nanoTime();
                handAnswer = duck.execute(c.hand(), control());
                // the hand SQL over the mirror's tables too, unless it is one of the slow baselines (keeps a run short)
                BoundQuery handOverMirror = useMirror && System.nanoTime() - handStart < 5_000_000_000L
                        ? overMirror(c.hand()) : null;
                if (handOverMirror != null) {
                    sameOverMirror = c.check().apply(new Object[] {engineAnswer, duck.execute(handOverMirror, control())});
                }
                for (int i = 0; i < warmRuns; i++) {
                    // alternate, so that neither side gets the quieter moments of a shared machine
                    long cpu = cpuNanos();
                    warm.add(time(() -> c.engine().apply(service)));
                    warmCpu.add((cpuNanos() - cpu) / 1e6);
                    cpu = cpuNanos();
                    handWarm.add(time(() -> duck.execute(c.hand(), control())));
                    handCpu.add((cpuNanos() - cpu) / 1e6);
                    if (handOverMirror != null) {
                        cpu = cpuNanos();
                        handMirrorWarm.add(time(() -> duck.execute(handOverMirror, control())));
                        handMirrorCpu.add((cpuNanos() - cpu) / 1e6);
                    }
                }
            }
            String same = c.check().apply(new Object[] {engineAnswer, handAnswer});
            double mc = median(cold), mw = median(warm), hc = median(handCold), hw = median(handWarm);
            double hmw = handMirrorWarm.isEmpty() ? Double.NaN : median(handMirrorWarm);
            String mirrorSame = !useMirror || sameOverMirror.startsWith("yes") ? ""
                    : sameOverMirror.isEmpty() ? " (hand over mirror not run: the hand SQL takes over 5 s)"
                    : " (hand over mirror: " + sameOverMirror + ")";
            System.out.printf(Locale.ROOT, "%-28s %8.0f %8.0f %9.0f %9.0f %7.2f %7.2f %9.0f %9.0f  %-40s %9.0f %9.0f %7.2f%s%n",
                    c.name(), mc, mw, hc, hw, mc / hc, mw / hw, median(warmCpu), median(handCpu), same, hmw,
                    handMirrorCpu.isEmpty() ? Double.NaN : median(handMirrorCpu), mw / hmw, mirrorSame);
        }
        System.out.printf(Locale.ROOT, "peak Java heap while running: %.0f MiB (max heap %d MiB); process peak RSS (Java + DuckDB native): %s%n",
                peakHeap.get() / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576, peakRss());
    }

    record Case(String name, Function<ExploreService, Object> engine, BoundQuery hand,
                Function<Object[], String> check) {
    }

    static boolean useMirror = true;
    static Path mirrorFile;

    /** A DuckDB as the studio configures it, with the explore mirror attached (when used), and the service over it. */
    record Engine(DuckDbExecutor duckDb, LakeMirror mirror, ExploreService service) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            if (mirror != null) {
                mirror.close();
            }
            duckDb.close();
        }
    }

    static Engine open(Path lake, LakeLayout layout) {
        DuckDbExecutor duck = new DuckDbExecutor(lake.toString(), 2, 2, "2GB", mirrorFile);
        LakeMirror mirror = mirrorFile == null ? null : new LakeMirror(layout, duck);
        return new Engine(duck, mirror, service(duck, layout, mirror == null ? MirrorTables.NONE : mirror));
    }

    /** The hand-written statement with each Parquet source replaced by the mirror's table of the same files. */
    static BoundQuery overMirror(BoundQuery hand) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("read_parquet\\(\\?[^}]*\\}\\)").matcher(hand.sql());
        StringBuilder sql = new StringBuilder();
        List<Object> parameters = new ArrayList<>(hand.parameters());
        List<Integer> dropped = new ArrayList<>();
        int last = 0;
        while (m.find()) {
            int index = (int) hand.sql().substring(0, m.start()).chars().filter(ch -> ch == '?').count();
            String glob = (String) hand.parameters().get(index);
            String table = glob.contains("/modeled/session/") ? "session" : glob.contains("/modeled/user/") ? "user"
                    : "event";
            sql.append(hand.sql(), last, m.start()).append(DuckDbExecutor.MIRROR).append(".main.\"").append(table)
                    .append("\"");
            dropped.add(index);
            last = m.end();
        }
        sql.append(hand.sql().substring(last));
        for (int i = dropped.size() - 1; i >= 0; i--) {
            parameters.remove((int) dropped.get(i));
        }
        return new BoundQuery(sql.toString(), parameters);
    }

    static Object sqlOf(Object result) {
        try {
            return result.getClass().getMethod("sql").invoke(result);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    static DuckDbExecutor duckDb(Path lake) {
        // as the studio runs it: 2 threads on this 2-core machine, its default memory limit
        return new DuckDbExecutor(lake.toString(), 2, 2, "2GB");
    }

    static QueryControl control() {
        return new QueryControl(Duration.ofMinutes(5));
    }

    static ExploreService service(DuckDbExecutor duck, LakeLayout layout, MirrorTables mirror) {
        AppDirectory apps = appId -> appId.equals(APP) ? Optional.of(new AppDirectory.ExploredApp(APP, ZoneOffset.UTC))
                : Optional.empty();
        // the metadata of the lake, as the metadata manager will serve it (scanned once above; not timed here)
        EventCatalog catalog = appId -> new EventCatalog.AppMetadata(java.util.Set.of("session_start", "page_view",
                "view_item", "add_to_cart", "begin_checkout", "purchase", "user_engagement", "scroll"),
                java.util.Map.of("item_id", ValueType.STRING), java.util.Map.of());
        return new ExploreService(new ExploreEngine(new DuckDbSql(layout, mirror), duck, new LakeDataVersions(layout)), apps,
                catalog, Clock.fixed(Instant.parse("2026-11-30T20:00:00Z"), ZoneOffset.UTC),
                new ExploreService.Settings(Duration.ofMinutes(5), 0));
    }

    static double time(Supplier<?> work) {
        long start = System.nanoTime();
        work.get();
        return (System.nanoTime() - start) / 1e6;
    }

    /** CPU time of the whole process (Java and DuckDB's native threads), less sensitive than wall time to a busy machine. */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static String peakRss() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM"))
                    .map(l -> l.replaceAll("\\s+", " ").substring(6)).findFirst().orElse("?");
        } catch (Exception e) {
            return "?";
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    static List<Case> cases(String glob) {
        TimeRange november = TimeRange.between(FROM, TO);
        String src = "read_parquet(?, hive_partitioning = true, hive_types = {'app_id': VARCHAR, 'event_date': DATE})";
        List<Case> cases = new ArrayList<>();

        EventQuery trend = new EventQuery(november, List.of(EventSpec.of("page_view")), Granularity.DAY,
                ComputeMethod.USERS, null, "platform", List.of(), Join.AND);
        cases.add(new Case("event trend by platform", s -> s.event(APP, trend),
                new BoundQuery("SELECT event_date, platform, count(DISTINCT user_pseudo_id) AS users FROM " + src
                        + " WHERE event_name = 'page_view' AND event_date BETWEEN DATE '2026-11-01' AND DATE '2026-11-30'"
                        + " GROUP BY ALL", List.of(glob)),
                a -> {
                    long engine = ((EventResult) a[0]).series().stream().flatMap(x -> x.points().stream())
                            .mapToLong(p -> p.value().longValue()).sum();
                    long hand = ((ResultTable) a[1]).rows().stream().mapToLong(r -> (Long) r.get(2)).sum();
                    return engine == hand ? "yes (" + engine + " user-days)" : "NO: " + engine + " vs " + hand;
                }));

        List<String> steps = List.of("page_view", "view_item", "add_to_cart", "begin_checkout", "purchase");
        FunnelQuery funnel = new FunnelQuery(november, steps.stream().map(EventSpec::of).toList(),
                Window.of(1, Window.Unit.DAY), false, null, List.of(), Join.AND, null, null);
        StringBuilder f = new StringBuilder("WITH e AS (SELECT user_pseudo_id AS u, event_time_msec AS t, event_name AS n FROM "
                + src + " WHERE event_date BETWEEN DATE '2026-11-01' AND DATE '2026-12-02' AND event_name IN "
                + "('page_view', 'view_item', 'add_to_cart', 'begin_checkout', 'purchase')),\n"
                + "s1 AS (SELECT u, min(t) AS t0, min(t) AS t FROM e WHERE n = 'page_view' AND t < epoch_ms(DATE '2026-12-01') GROUP BY u)");
        for (int k = 2; k <= 5; k++) {
            f.append(",\ns").append(k).append(" AS (SELECT p.u, p.t0, min(e.t) AS t FROM s").append(k - 1)
                    .append(" p JOIN e ON e.u = p.u AND e.n = '").append(steps.get(k - 1))
                    .append("' AND e.t >= p.t AND e.t - p.t0 <= 86400000 GROUP BY p.u, p.t0)");
        }
        f.append("\nSELECT 1, count(*), NULL FROM s1");
        for (int k = 2; k <= 5; k++) {
            f.append(" UNION ALL SELECT ").append(k).append(", count(*), median(t - t0) FROM s").append(k);
        }
        cases.add(new Case("5-step funnel, 1-day window", s -> s.funnel(APP, funnel), new BoundQuery(f.toString(), List.of(glob)),
                a -> {
                    List<Long> engine = ((FunnelResult) a[0]).steps().stream().map(FunnelResult.Step::users).toList();
                    List<Long> hand = ((ResultTable) a[1]).rows().stream().sorted((x, y) -> Long.compare((Long) x.get(0), (Long) y.get(0)))
                            .map(r -> (Long) r.get(1)).toList();
                    return engine.equals(hand) ? "yes " + engine : "NO: " + engine + " vs " + hand;
                }));
        // The same funnel by hand from the session table's event names and times (the engine's source since they
        // exist): a user's first page_view, then each later step the least time after the previous one within a day
        // of it, from the sessions overlapping that day. The bench's sessions all start within November.
        StringBuilder fs = new StringBuilder("WITH s AS (SELECT user_pseudo_id AS u, event_names AS n, event_times AS tm FROM "
                + src + "),\ns1 AS (SELECT u, min(tm[list_position(n, 'page_view')]) AS t0 FROM s "
                + "WHERE tm[list_position(n, 'page_view')] < epoch_ms(DATE '2026-12-01') GROUP BY u),\n"
                + "l AS (SELECT s.u, s1.t0");
        for (int k = 2; k <= 5; k++) {
            fs.append(", flatten(list(list_filter(s.tm, lambda x, i: s.n[i] = '").append(steps.get(k - 1))
                    .append("' AND x >= s1.t0 AND x - s1.t0 <= 86400000))) AS l").append(k);
        }
        fs.append(" FROM s JOIN s1 ON s1.u = s.u WHERE s.tm[-1] >= s1.t0 AND s.tm[1] - s1.t0 <= 86400000 GROUP BY s.u, s1.t0),\n")
                .append("f1 AS (SELECT u, t0, t0 AS t, l2, l3, l4, l5 FROM l)");
        for (int k = 2; k <= 5; k++) {
            fs.append(",\nf").append(k).append(" AS (SELECT * FROM (SELECT u, t0, list_min(list_filter(l").append(k)
                    .append(", lambda x: x >= t)) AS t");
            for (int j = k + 1; j <= 5; j++) {
                fs.append(", l").append(j);
            }
            fs.append(" FROM f").append(k - 1).append(") WHERE t IS NOT NULL)");
        }
        fs.append("\nSELECT 1, count(*), NULL FROM f1");
        for (int k = 2; k <= 5; k++) {
            fs.append(" UNION ALL SELECT ").append(k).append(", count(*), median(t - t0) FROM f").append(k);
        }
        cases.add(new Case("5-step funnel, hand over session lists", s -> s.funnel(APP, funnel),
                new BoundQuery(fs.toString(), List.of(glob.replace("/modeled/event/", "/modeled/session/"))),
                a -> {
                    List<Long> engine = ((FunnelResult) a[0]).steps().stream().map(FunnelResult.Step::users).toList();
                    List<Long> hand = ((ResultTable) a[1]).rows().stream().sorted((x, y) -> Long.compare((Long) x.get(0), (Long) y.get(0)))
                            .map(r -> (Long) r.get(1)).toList();
                    return engine.equals(hand) ? "yes " + engine : "NO: " + engine + " vs " + hand;
                }));

        RetentionQuery retention = new RetentionQuery(november, EventSpec.of("session_start"), EventSpec.of("session_start"),
                Granularity.WEEK, 8, null, List.of(), Join.AND);
        cases.add(new Case("8-week retention", s -> s.retention(APP, retention), new BoundQuery(
                "WITH e AS (SELECT user_pseudo_id AS u, event_date AS d FROM " + src + " WHERE event_name = 'session_start' "
                        + "AND event_date BETWEEN DATE '2026-11-01' AND DATE '2026-11-30'),\n"
                        + "c AS (SELECT u, date_trunc('week', min(d))::DATE AS cs FROM e GROUP BY u),\n"
                        + "r AS (SELECT DISTINCT c.u, c.cs, (date_trunc('week', e.d)::DATE - c.cs) // 7 AS k FROM c JOIN e ON e.u = c.u)\n"
                        + "SELECT cs, 0 AS k, count(*) FROM c GROUP BY cs UNION ALL SELECT cs, k, count(*) FROM r "
                        + "WHERE k BETWEEN 1 AND 8 GROUP BY cs, k", List.of(glob)),
                a -> {
                    long engine = ((RetentionResult) a[0]).cohorts().stream().flatMap(x -> x.retained().stream())
                            .filter(v -> v != null).mapToLong(Long::longValue).sum();
                    long hand = ((ResultTable) a[1]).rows().stream().mapToLong(r -> (Long) r.get(2)).sum();
                    return engine == hand ? "yes (" + engine + " cohort cells summed)" : "NO: " + engine + " vs " + hand;
                }));

        PathQuery path = new PathQuery(november, PathQuery.NodeType.EVENT, PathQuery.JourneyBy.SESSION, null,
                "session_start", null, 5, 10, List.of(), Join.AND);
        cases.add(new Case("depth-5 path", s -> s.path(APP, path), new BoundQuery(
                "WITH e AS (SELECT user_pseudo_id AS u, session_id AS s, event_time_msec AS t, event_id AS id, event_name AS nd FROM "
                        + src + " WHERE event_date BETWEEN DATE '2026-11-01' AND DATE '2026-11-30' AND session_id IS NOT NULL),\n"
                        + "m AS (SELECT u, s, t, id, nd FROM (SELECT *, lag(nd) OVER (PARTITION BY u, s ORDER BY t, id) AS pn FROM e) "
                        + "WHERE pn IS NULL OR pn <> nd),\n"
                        + "p AS (SELECT u, s, nd, row_number() OVER (PARTITION BY u, s ORDER BY t, id) AS pos FROM m),\n"
                        + "a AS (SELECT u, s, min(pos) AS ap FROM p WHERE nd = 'session_start' GROUP BY u, s),\n"
                        + "q AS (SELECT p.u, p.s, p.nd, p.pos - a.ap + 1 AS dp FROM p JOIN a ON a.u = p.u AND a.s = p.s "
                        + "WHERE p.pos >= a.ap AND p.pos < a.ap + 5),\n"
                        + "r AS (SELECT dp, nd, row_number() OVER (PARTITION BY dp ORDER BY count(*) DESC, nd) AS r FROM q GROUP BY dp, nd),\n"
                        + "qm AS (SELECT q.u, q.s, q.dp, CASE WHEN r.r <= 10 THEN q.nd END AS nm FROM q JOIN r USING (dp, nd))\n"
                        + "SELECT x.dp, x.nm, y.nm, count(*) FROM qm x JOIN qm y ON y.u = x.u AND y.s = x.s AND y.dp = x.dp + 1 "
                        + "GROUP BY ALL", List.of(glob)),
                a -> {
                    long engine = ((PathResult) a[0]).links().stream().mapToLong(PathResult.Link::journeys).sum();
                    long hand = ((ResultTable) a[1]).rows().stream().mapToLong(r -> (Long) r.get(3)).sum();
                    return engine == hand ? "yes (" + engine + " link journeys)" : "NO: " + engine + " vs " + hand;
                }));

        // The same path by hand from the session table's event sequences (the engine's source since they exist); the
        // bench's sessions all start and end within November.
        cases.add(new Case("depth-5 path, hand over session lists", s -> s.path(APP, path), new BoundQuery(
                "WITH m AS (SELECT list_filter(event_names, lambda x, i: i = 1 OR x <> event_names[i - 1]) AS l FROM "
                        + src + " WHERE event_date BETWEEN DATE '2026-11-01' AND DATE '2026-11-30'),\n"
                        + "a AS (SELECT l[p:p + 4] AS l FROM (SELECT l, list_position(l, 'session_start') AS p FROM m) WHERE p > 0),\n"
                        + "q AS (SELECT dp, l[dp] AS nd, l[dp + 1] AS nx FROM (SELECT l, unnest(range(1, len(l) + 1)) AS dp FROM a)),\n"
                        + "r AS (SELECT dp, nd, row_number() OVER (PARTITION BY dp ORDER BY count(*) DESC, nd) AS r FROM q GROUP BY dp, nd)\n"
                        + "SELECT q.dp, CASE WHEN r1.r <= 10 THEN q.nd END, CASE WHEN r2.r <= 10 THEN q.nx END, count(*) FROM q "
                        + "JOIN r r1 ON r1.dp = q.dp AND r1.nd = q.nd JOIN r r2 ON r2.dp = q.dp + 1 AND r2.nd = q.nx GROUP BY ALL",
                List.of(glob.replace("/modeled/event/", "/modeled/session/"))),
                a -> {
                    long engine = ((PathResult) a[0]).links().stream().mapToLong(PathResult.Link::journeys).sum();
                    long hand = ((ResultTable) a[1]).rows().stream().mapToLong(r -> (Long) r.get(3)).sum();
                    return engine == hand ? "yes (" + engine + " link journeys)" : "NO: " + engine + " vs " + hand;
                }));

        AttributionQuery attribution = new AttributionQuery(november, AttributionQuery.Model.LAST_TOUCH,
                EventSpec.of("purchase"), null, Window.of(7, Window.Unit.DAY), new AttributionQuery.TouchPoints(
                AttributionQuery.TouchPoints.Label.TRAFFIC_SOURCE, List.of(EventSpec.of("session_start"))), null,
                List.of(), Join.AND);
        cases.add(new Case("last-touch attribution", s -> s.attribution(APP, attribution), new BoundQuery(
                "WITH e AS (SELECT user_pseudo_id AS u, event_time_msec AS t, event_id AS id, event_name AS n, "
                        + "traffic_source_source AS lb FROM " + src + " WHERE event_date BETWEEN DATE '2026-10-24' "
                        + "AND DATE '2026-11-30' AND event_name IN ('purchase', 'session_start')),\n"
                        + "g AS (SELECT u, t, id FROM e WHERE n = 'purchase' AND t >= epoch_ms(DATE '2026-11-01')),\n"
                        + "tp AS (SELECT u, t, id, lb FROM e WHERE n = 'session_start' AND lb IS NOT NULL),\n"
                        + "l AS (SELECT g.u, g.id, g.t, arg_max(tp.lb, (tp.t, tp.id)) AS lb FROM g JOIN tp ON tp.u = g.u "
                        + "AND tp.t <= g.t AND g.t - tp.t <= 7 * 86400000 GROUP BY g.u, g.id, g.t)\n"
                        + "SELECT lb, count(*) FROM l GROUP BY lb UNION ALL SELECT '(all goals)', count(*) FROM g",
                List.of(glob)),
                a -> {
                    AttributionResult engine = (AttributionResult) a[0];
                    double credited = engine.touchPoints().stream().mapToDouble(AttributionResult.Credit::conversions).sum();
                    long hand = ((ResultTable) a[1]).rows().stream().filter(r -> !"(all goals)".equals(r.get(0)))
                            .mapToLong(r -> (Long) r.get(1)).sum();
                    return Math.round(credited) == hand ? "yes (" + hand + " of " + engine.totalConversions() + " goals credited)"
                            : "NO: " + credited + " vs " + hand;
                }));

        LifecycleQuery lifecycle = new LifecycleQuery(TimeRange.between(LocalDate.of(2026, 9, 7), TO), List.of(), Join.AND);
        cases.add(new Case("12-week lifecycle", s -> s.lifecycle(APP, lifecycle), new BoundQuery(
                "WITH uw AS (SELECT DISTINCT user_pseudo_id AS u, date_trunc('week', event_date)::DATE AS w FROM " + src
                        + " WHERE event_date <= DATE '2026-12-06'),\n"
                        + "st AS (SELECT u, w, lag(w) OVER (PARTITION BY u ORDER BY w) AS pw, lead(w) OVER (PARTITION BY u ORDER BY w) AS nw FROM uw),\n"
                        + "lc AS (SELECT w, CASE WHEN pw IS NULL THEN 'new' WHEN w - pw = 7 THEN 'retained' ELSE 'resurrected' END AS state FROM st "
                        + "UNION ALL SELECT w + 7, 'dormant' FROM st WHERE nw IS NULL OR nw - w > 7)\n"
                        + "SELECT w, state, count(*) FROM lc WHERE w BETWEEN DATE '2026-09-07' AND DATE '2026-11-30' GROUP BY ALL\n"
                        // stickiness as one would write it: each day joined with the 30 days before it
                        + "UNION ALL SELECT day, 'dau/wau/mau', count(DISTINCT u) FILTER (WHERE d = day) * 1000000000000 "
                        + "+ count(DISTINCT u) FILTER (WHERE d > day - 7) * 1000000 + count(DISTINCT u) FROM "
                        + "(SELECT unnest(range(DATE '2026-09-07', DATE '2026-12-01', INTERVAL 1 DAY))::DATE AS day) days "
                        + "JOIN (SELECT DISTINCT user_pseudo_id AS u, event_date AS d FROM " + src + " WHERE event_date "
                        + "BETWEEN DATE '2026-08-09' AND DATE '2026-11-30') ud ON ud.d BETWEEN day - 29 AND day GROUP BY day",
                        List.of(glob, glob)),
                a -> {
                    LifecycleResult result = (LifecycleResult) a[0];
                    long engine = result.weeks().stream().mapToLong(w -> w.active() + w.dormant()).sum();
                    long engineDays = result.stickiness().stream().mapToLong(d -> d.dau() * 1_000_000_000_000L
                            + d.wau() * 1_000_000L + d.mau()).sum();
                    List<List<Object>> rows = ((ResultTable) a[1]).rows();
                    long hand = rows.stream().filter(r -> !"dau/wau/mau".equals(r.get(1))).mapToLong(r -> (Long) r.get(2)).sum();
                    long handDays = rows.stream().filter(r -> "dau/wau/mau".equals(r.get(1))).mapToLong(r -> (Long) r.get(2)).sum();
                    return engine == hand && engineDays == handDays ? "yes (" + engine + " user-weeks, " + result.stickiness().size()
                            + " days of DAU/WAU/MAU)" : "NO: " + engine + " vs " + hand + ", " + engineDays + " vs " + handDays;
                }));
        return cases;
    }

    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Writes {@code sessions} sessions of {@code users} users over November 2026 (about 10 events each) as the
     * modeled event and user tables, every column of ModeledTables in its type, partitioned as the ETL does.
     */
    static void generate(Path lake, long sessions, long users) throws Exception {
        Files.createDirectories(lake.resolve("modeled"));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET threads = 2");
            s.execute("SET preserve_insertion_order = false");
            s.execute("CREATE TABLE sess AS SELECT sid, uid, d, epoch_ms(DATE '2026-11-01') + d::BIGINT * 86400000 + (hash(sid * 7) % 82800000)::BIGINT AS t0, "
                    + "5 + (hash(sid * 13) % 11)::INT AS n, "
                    + "(['google', 'direct', 'facebook', 'newsletter', NULL])[1 + (hash(sid * 17) % 5)::INT] AS src, "
                    + "(['Web', 'Android', 'iOS'])[1 + (hash(uid * 3) % 3)::INT] AS platform "
                    + "FROM (SELECT range AS sid, (hash(range) % " + users + ")::BIGINT AS uid, (hash(range * 5) % 30)::INT AS d "
                    + "FROM range(" + sessions + "))");
            String columns = ModeledTables.EVENT.allColumns().stream().map(col -> {
                String name = col.name();
                return switch (name) {
                    case "event_id" -> "'e' || sid || '-' || i AS event_id";
                    case "event_name" -> "CASE WHEN i = 0 THEN 'session_start' ELSE (['page_view', 'page_view', 'page_view', "
                            + "'page_view', 'view_item', 'view_item', 'view_item', 'user_engagement', 'scroll', 'add_to_cart', "
                            + "'add_to_cart', 'begin_checkout', 'purchase', 'page_view'])[1 + (hash(sid * 31 + i) % 14)::INT] END AS event_name";
                    case "event_timestamp" -> "epoch_ms(t0 + i * 20000 + (hash(sid + i) % 10000)::BIGINT) AS event_timestamp";
                    case "event_time_msec" -> "t0 + i * 20000 + (hash(sid + i) % 10000)::BIGINT AS event_time_msec";
                    case "platform" -> "platform";
                    case "user_pseudo_id" -> "'u' || uid AS user_pseudo_id";
                    case "session_id" -> "'s' || sid AS session_id";
                    case "session_number" -> "1::BIGINT AS session_number";
                    case "geo_country" -> "(['US', 'DE', 'FR', 'IN', 'JP'])[1 + (hash(uid * 11) % 5)::INT] AS geo_country";
                    case "traffic_source_source" -> "src AS traffic_source_source";
                    case "traffic_source_campaign" -> "CASE WHEN src IN ('facebook', 'newsletter') THEN 'winter_sale' END AS traffic_source_campaign";
                    case "page_title" -> "(['Home', 'Products', 'Product', 'Cart', 'Checkout'])[1 + (hash(sid * 3 + i) % 5)::INT] AS page_title";
                    case "page_url" -> "(['/', '/products', '/products/1', '/cart', '/checkout'])[1 + (hash(sid * 3 + i) % 5)::INT] AS page_url";
                    case "event_value" -> "CASE WHEN hash(sid * 31 + i) % 14 = 12 AND i > 0 THEN 20 + (hash(sid) % 200)::DOUBLE END AS event_value";
                    case "custom_parameters" -> "MAP {'item_id': 'sku-' || (hash(sid * 37 + i) % 50)} AS custom_parameters";
                    case "app_id" -> "'" + APP + "' AS app_id";
                    case "event_date" -> "CAST(epoch_ms(t0 + i * 20000) AS DATE) AS event_date";
                    case "ingest_time" -> "epoch_ms(t0 + i * 20000 + 5000) AS ingest_time";
                    default -> "CAST(NULL AS " + type(col.type()) + ") AS " + name;
                };
            }).collect(Collectors.joining(", "));
            s.execute("COPY (SELECT " + columns + " FROM (SELECT *, unnest(range(n)) AS i FROM sess)) TO '" + lake
                    + "/modeled/event' (FORMAT parquet, PARTITION_BY (app_id, event_date), ROW_GROUP_SIZE 122880)");
            String userColumns = ModeledTables.USER.allColumns().stream().map(col -> switch (col.name()) {
                case "user_pseudo_id" -> "'u' || uid AS user_pseudo_id";
                case "first_visit_date" -> "min(DATE '2026-11-01' + d) AS first_visit_date";
                case "first_platform" -> "any_value(platform) AS first_platform";
                case "user_properties" -> "MAP {'tier': CASE WHEN uid % 10 = 0 THEN 'gold' ELSE 'standard' END} AS user_properties";
                case "app_id" -> "'" + APP + "' AS app_id";
                case "event_date" -> "min(DATE '2026-11-01' + d) AS event_date";
                default -> "CAST(NULL AS " + type(col.type()) + ") AS " + col.name();
            }).collect(Collectors.joining(", "));
            s.execute("COPY (SELECT " + userColumns + " FROM sess GROUP BY uid) TO '" + lake
                    + "/modeled/user' (FORMAT parquet, PARTITION_BY (app_id, event_date))");
        }
    }

    /**
     * Writes the session table of the lake's events as the ETL computes it (SessionTable/SessionAggregate): one row
     * per (app, user, session) in the partition of its first event's date, first values by (time, id), the traffic
     * source of its first event with one (values taken even when null: arg_min_null), and its event names and dates in
     * (time, id) order.
     */
    static void generateSessions(Path lake) throws Exception {
        String first = "(event_time_msec, event_id)";
        String view = "event_name IN ('_page_view', '_screen_view')";
        String src = "read_parquet('" + lake + "/modeled/event/app_id=" + APP + "/event_date=*/*.parquet', "
                + "hive_partitioning = true, hive_types = {'app_id': VARCHAR, 'event_date': DATE})";
        String columns = ModeledTables.SESSION.allColumns().stream().map(col -> switch (col.name()) {
            case "session_id", "user_pseudo_id", "app_id" -> col.name();
            case "user_id" -> "arg_max(user_id, " + first + ") FILTER (WHERE user_id IS NOT NULL) AS user_id";
            case "session_number" -> "min(session_number) AS session_number";
            case "session_start" -> "min(event_timestamp) AS session_start";
            case "session_end" -> "max(event_timestamp) AS session_end";
            case "duration_msec" -> "max(event_time_msec) - min(event_time_msec) AS duration_msec";
            case "page_views" -> "count(*) FILTER (WHERE " + view + ") AS page_views";
            case "event_count" -> "count(*) AS event_count";
            case "engaged" -> "max(event_time_msec) - min(event_time_msec) >= 10000 OR count(*) FILTER (WHERE " + view
                    + ") >= 2 AS engaged";
            case "entry_page" -> "arg_min_null(coalesce(page_url, screen_name), " + first + ") FILTER (WHERE " + view
                    + ") AS entry_page";
            case "exit_page" -> "arg_max_null(coalesce(page_url, screen_name), " + first + ") FILTER (WHERE " + view
                    + ") AS exit_page";
            case "platform", "geo_country", "device_ua_device_category" -> "arg_min_null(" + col.name() + ", " + first
                    + ") AS " + col.name();
            case "traffic_source_source" -> "coalesce(arg_min(traffic_source_source, " + first + ") FILTER (WHERE "
                    + "traffic_source_source IS NOT NULL), '(direct)') AS traffic_source_source";
            case "traffic_source_medium", "traffic_source_campaign", "traffic_source_channel_group",
                 "traffic_source_category" -> {
                String value = "arg_min_null(" + col.name() + ", " + first + ") FILTER (WHERE traffic_source_source IS NOT NULL)";
                String none = col.name().endsWith("medium") ? "'(none)'" : col.name().endsWith("group") ? "'Direct'" : null;
                yield (none == null ? value : "CASE WHEN count(traffic_source_source) = 0 THEN " + none + " ELSE "
                        + value + " END") + " AS " + col.name();
            }
            case "event_names" -> "list(event_name ORDER BY event_time_msec, event_id) FILTER (WHERE event_name IS NOT NULL) "
                    + "AS event_names";
            case "event_dates" -> "list(event_date ORDER BY event_time_msec, event_id) FILTER (WHERE event_name IS NOT NULL) "
                    + "AS event_dates";
            case "event_times" -> "list(event_time_msec ORDER BY event_time_msec, event_id) FILTER (WHERE event_name IS NOT "
                    + "NULL) AS event_times";
            case "event_date" -> "min(event_date) AS event_date";
            default -> throw new IllegalStateException("no definition of session column " + col.name());
        }).collect(Collectors.joining(", "));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET threads = 2");
            s.execute("SET preserve_insertion_order = false");
            s.execute("COPY (SELECT " + columns + " FROM " + src + " WHERE session_id IS NOT NULL "
                    + "GROUP BY app_id, user_pseudo_id, session_id) TO '" + lake
                    + "/modeled/session' (FORMAT parquet, PARTITION_BY (app_id, event_date), ROW_GROUP_SIZE 122880)");
        }
    }

    /** Whether the lake's session table has the event times (a lake written before they existed is written again). */
    static boolean sessionsHaveTimes(Path lake) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM (DESCRIBE SELECT * FROM read_parquet('" + lake
                     + "/modeled/session/app_id=" + APP + "/event_date=*/*.parquet', union_by_name = true)) "
                     + "WHERE column_name = 'event_times'")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    static String type(ModeledTables.ColumnType type) {
        return switch (type) {
            case STRING -> "VARCHAR";
            case INT -> "INTEGER";
            case LONG -> "BIGINT";
            case DOUBLE -> "DOUBLE";
            case BOOLEAN -> "BOOLEAN";
            case DATE -> "DATE";
            case TIMESTAMP -> "TIMESTAMP";
            case STRING_MAP -> "MAP(VARCHAR, VARCHAR)";
            case STRING_LIST -> "VARCHAR[]";
            case DATE_LIST -> "DATE[]";
            case LONG_LIST -> "BIGINT[]";
        };
    }
}
