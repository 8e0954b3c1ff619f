package io.clickstream.studio.explore;

import io.clickstream.studio.explore.exec.QueryControl;
import io.clickstream.studio.explore.exec.ResultTable;
import io.clickstream.studio.explore.model.DateSpan;
import io.clickstream.studio.explore.model.Granularity;
import io.clickstream.studio.explore.model.RetentionResult;
import io.clickstream.studio.explore.sql.BoundQuery;
import io.clickstream.studio.explore.sql.DashboardSql;
import io.clickstream.studio.explore.sql.DashboardSql.Dimension;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The built-in dashboards' questions, typed: activity, sessions and new users per day or in total, breakdowns by a
 * dimension, page views, entry and exit pages, new and returning users, new-user cohorts, a time window's events
 * (Realtime) and raw events (Details). Statements come from {@link DashboardSql} in the engine's dialect and run on
 * its executor; answers are cached until the app's data version changes (an ETL commit), so many open dashboards
 * cost one query each. A dashboard's questions can run side by side ({@link #async}) on a pool no larger than the
 * queries the engine runs at once. An app without data answers with empty results.
 */
public class DashboardQueries implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** Activity of a day (or of the whole range, {@code day} null). */
    public record Activity(LocalDate day, long events, long users, long sessions, long engagementMillis, long views) {
    }

    /** Sessions of a day (or of the whole range, {@code day} null), from the session table. */
    public record Sessions(LocalDate day, long sessions, long engaged, long durationMillis) {
    }

    /** New users of a first-visit day (or of the whole range, {@code day} null). */
    public record NewUsers(LocalDate day, long users) {
    }

    /** A value of a dimension: users, new users, sessions and engaged sessions of it (acquisition). */
    public record Acquisition(String value, long users, long newUsers, long sessions, long engagedSessions) {
    }

    /** A value with its users and events (devices, realtime breakdowns, pages: views as events). */
    public record ValueCount(String value, long users, long events) {
    }

    /** Active users of a day, and of them those whose first visit was that day. */
    public record NewAndReturning(LocalDate day, long users, long newUsers) {
        public long returningUsers() {
            return users - newUsers;
        }
    }

    /** Events and users of one minute of a window (minute 0 is the window's first). */
    public record Minute(int minute, long events, long users) {
    }

    /** One raw event as the Details grid lists it. */
    public record EventRow(long timeMillis, String eventName, String userPseudoId, String userId, String sessionId,
                           String platform, String country, String pageTitle, String pageUrl, String screenName,
                           String eventId) {
    }

    private final ExploreEngine engine;
    private final DashboardSql sql;
    private final ResultCache cache;
    private final ExecutorService tiles;

    /**
     * @param cacheEntries answers kept (0 turns the cache off)
     * @param parallelism  questions run at once for {@link #async} (at most the engine's concurrent queries: more
     *                     would only wait for a connection)
     */
    public DashboardQueries(ExploreEngine engine, int cacheEntries, int parallelism) {
        this.engine = engine;
        this.sql = new DashboardSql(engine.sql());
        this.cache = new ResultCache(cacheEntries);
        AtomicInteger count = new AtomicInteger();
        this.tiles = Executors.newFixedThreadPool(Math.max(1, parallelism), r -> {
            Thread thread = new Thread(r, "dashboard-query-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts one of a dashboard's questions on the bounded pool, so that its questions run side by side rather than
     * one after the other. The question must not wait for another one of the pool.
     */
    public <T> CompletableFuture<T> async(Supplier<T> question) {
        return CompletableFuture.supplyAsync(question, tiles);
    }

    /** The answer of a question started with {@link #async}, or its failure as thrown (a {@code QueryFailure}). */
    public static <T> T join(CompletableFuture<T> answer) {
        try {
            return answer.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** A token that changes with the app's modeled data (each ETL commit that touches it). */
    public String dataVersion(String appId) {
        return engine.versions().versionOf(appId);
    }

    public List<Activity> activityPerDay(String appId, DateSpan range) {
        return run(appId, () -> sql.activity(appId, range, true)).rows().stream().map(DashboardQueries::activity).toList();
    }

    public Activity activity(String appId, DateSpan range) {
        return activity(run(appId, () -> sql.activity(appId, range, false)).rows().get(0));
    }

    public List<Sessions> sessionsPerDay(String appId, DateSpan range) {
        return run(appId, () -> sql.sessions(appId, range, true)).rows().stream().map(DashboardQueries::sessions).toList();
    }

    public Sessions sessions(String appId, DateSpan range) {
        return sessions(run(appId, () -> sql.sessions(appId, range, false)).rows().get(0));
    }

    public List<NewUsers> newUsersPerDay(String appId, DateSpan range) {
        return run(appId, () -> sql.newUsers(appId, range, true)).rows().stream()
                .map(r -> new NewUsers(ResultTable.asDate(r.get(0)), count(r.get(1)))).toList();
    }

    public long newUsers(String appId, DateSpan range) {
        return count(run(appId, () -> sql.newUsers(appId, range, false)).rows().get(0).get(1));
    }

    public List<Acquisition> acquisition(String appId, DateSpan range, Dimension dimension, int limit) {
        return run(appId, () -> sql.acquisition(appId, range, dimension, limit)).rows().stream()
                .map(r -> new Acquisition(ResultTable.asString(r.get(0)), count(r.get(1)), count(r.get(2)),
                        count(r.get(3)), count(r.get(4)))).toList();
    }

    public List<ValueCount> usersBy(String appId, DateSpan range, Dimension dimension, int limit) {
        return valueCounts(run(appId, () -> sql.usersBy(appId, range, dimension, limit)), 1, 2);
    }

    /** Page (by title) or screen (by name) views: {@code events} is the views. */
    public List<ValueCount> views(String appId, DateSpan range, boolean screens, int limit) {
        return valueCounts(run(appId, () -> sql.views(appId, range, screens, limit)), 2, 1);
    }

    /** Entry (or exit) pages and their sessions, as {@code events}; {@code users} is 0. */
    public List<ValueCount> landings(String appId, DateSpan range, boolean exits, int limit) {
        return run(appId, () -> sql.landings(appId, range, exits, limit)).rows().stream()
                .map(r -> new ValueCount(ResultTable.asString(r.get(0)), 0, count(r.get(1)))).toList();
    }

    public List<NewAndReturning> newAndReturning(String appId, DateSpan range) {
        return run(appId, () -> sql.newAndReturning(appId, range)).rows().stream()
                .map(r -> new NewAndReturning(ResultTable.asDate(r.get(0)), count(r.get(1)), count(r.get(2))))
                .toList();
    }

    /**
     * New-user cohorts per {@code period} as a retention result: {@code retained[n]} counts the cohort's users active
     * n periods after their first; periods that begin after the range are null.
     */
    public RetentionResult cohorts(String appId, DateSpan range, Granularity period, int periods) {
        Map<LocalDate, Long[]> cohorts = new LinkedHashMap<>();
        BoundQuery[] ran = new BoundQuery[1];
        for (List<Object> row : run(appId, () -> ran[0] = sql.cohorts(appId, range, period)).rows()) {
            LocalDate start = ResultTable.asDate(row.get(0));
            int n = ResultTable.asLong(row.get(1)).intValue();
            Long[] counts = cohorts.computeIfAbsent(start, s -> new Long[periods + 1]);
            if (n <= periods) {
                counts[n] = count(row.get(2));
            }
        }
        List<RetentionResult.Cohort> result = new ArrayList<>();
        cohorts.forEach((start, counts) -> {
            List<Long> retained = new ArrayList<>();
            for (int n = 0; n <= periods; n++) {
                LocalDate periodStart = switch (period) {
                    case DAY -> start.plusDays(n);
                    case WEEK -> start.plusWeeks(n);
                    case MONTH -> start.plusMonths(n);
                };
                retained.add(periodStart.isAfter(range.to()) ? null : counts[n] == null ? 0L : counts[n]);
            }
            result.add(new RetentionResult.Cohort(start, retained.get(0), retained));
        });
        return new RetentionResult(result, ran[0].describe());
    }

    /** Events and users per minute of {@code [startMillis, endMillis)}, over the dates the window touches. */
    public List<Minute> perMinute(String appId, DateSpan dates, long startMillis, long endMillis) {
        return run(appId, () -> sql.perMinute(appId, dates, startMillis, endMillis)).rows().stream()
                .map(r -> new Minute(ResultTable.asLong(r.get(0)).intValue(), count(r.get(1)), count(r.get(2))))
                .toList();
    }

    /** Events and users of the window, as a value count with value null. */
    public ValueCount windowTotals(String appId, DateSpan dates, long startMillis, long endMillis) {
        List<Object> row = run(appId, () -> sql.windowTotals(appId, dates, startMillis, endMillis)).rows().get(0);
        return new ValueCount(null, count(row.get(1)), count(row.get(0)));
    }

    /** A dimension's (or, for null, the event names') values in the window, most events first. */
    public List<ValueCount> windowBy(String appId, DateSpan dates, long startMillis, long endMillis,
                                     Dimension dimension, int limit) {
        return valueCounts(run(appId, () -> sql.windowBy(appId, dates, startMillis, endMillis, dimension, limit)), 2, 1);
    }

    /** Raw events, newest first (see {@link DashboardSql#events(String, DateSpan, String, String, int, int)}). */
    public List<EventRow> events(String appId, DateSpan range, String who, String eventName, int offset, int limit) {
        return run(appId, () -> sql.events(appId, range, who, eventName, offset, limit)).rows().stream()
                .map(r -> new EventRow(count(r.get(0)), s(r, 1), s(r, 2), s(r, 3), s(r, 4), s(r, 5), s(r, 6), s(r, 7),
                        s(r, 8), s(r, 9), s(r, 10)))
                .toList();
    }

    /** Every column of one event, in the table's order; empty when there is no such event in the range. */
    public Map<String, Object> event(String appId, DateSpan range, String eventId) {
        ResultTable table = run(appId, () -> sql.event(appId, range, eventId));
        Map<String, Object> columns = new LinkedHashMap<>();
        if (!table.rows().isEmpty()) {
            for (int c = 0; c < table.columns().size(); c++) {
                columns.put(table.columns().get(c), table.rows().get(0).get(c));
            }
        }
        return columns;
    }

    /** Keyed by the data version taken before the statement is built, as in {@link Explorations}. */
    private ResultTable run(String appId, java.util.function.Supplier<BoundQuery> statement) {
        String engineName = engine.sql().dialect().name();
        String version = engine.versions().versionOf(appId);
        BoundQuery query = statement.get();
        ResultTable cached = cache.get(engineName, query, version);
        if (cached != null) {
            return cached;
        }
        ResultTable table = engine.executor().execute(query, new QueryControl(TIMEOUT));
        cache.put(engineName, query, version, table);
        return table;
    }

    private static Activity activity(List<Object> r) {
        return new Activity(ResultTable.asDate(r.get(0)), count(r.get(1)), count(r.get(2)), count(r.get(3)),
                count(r.get(4)), count(r.get(5)));
    }

    private static Sessions sessions(List<Object> r) {
        return new Sessions(ResultTable.asDate(r.get(0)), count(r.get(1)), count(r.get(2)), count(r.get(3)));
    }

    private static List<ValueCount> valueCounts(ResultTable table, int usersColumn, int eventsColumn) {
        return table.rows().stream().map(r -> new ValueCount(ResultTable.asString(r.get(0)), count(r.get(usersColumn)),
                count(r.get(eventsColumn)))).toList();
    }

    private static long count(Object value) {
        Long number = ResultTable.asLong(value);
        return number == null ? 0 : number;
    }

    private static String s(List<Object> row, int column) {
        return ResultTable.asString(row.get(column));
    }

    @Override
    public void close() {
        tiles.shutdownNow();
    }
}
