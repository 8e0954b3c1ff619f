package io.clickstream.studio.explore.sql;

import io.clickstream.model.ModeledTables;
import io.clickstream.studio.explore.model.AttributionQuery;
import io.clickstream.studio.explore.model.ComputeMethod;
import io.clickstream.studio.explore.model.Condition;
import io.clickstream.studio.explore.model.DateSpan;
import io.clickstream.studio.explore.model.EventQuery;
import io.clickstream.studio.explore.model.EventSpec;
import io.clickstream.studio.explore.model.FunnelQuery;
import io.clickstream.studio.explore.model.Granularity;
import io.clickstream.studio.explore.model.Join;
import io.clickstream.studio.explore.model.LifecycleQuery;
import io.clickstream.studio.explore.model.PathQuery;
import io.clickstream.studio.explore.model.RetentionQuery;
import io.clickstream.studio.explore.model.Window;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the statement of each analysis in SQL that DuckDB, Trino (Athena) and Redshift (PostgreSQL) share; a
 * subclass per dialect supplies table sources, placeholders and the few functions that differ. Times are the
 * events' epoch milliseconds ({@code event_time_msec}, exact, zone-free); calendar questions use {@code event_date},
 * which the ETL computes in the app's time zone, so days, weeks and months are the app's. Within a user, events
 * are ordered by time, then event id: ties in a millisecond are broken the same way everywhere.
 *
 * <p>Each method documents the columns its statement returns; {@code ExplorationResults} reads them.
 */
public abstract class ExplorationSql {

    /** Columns a query may name directly: the event table's descriptive columns (ids and internals left out). */
    public static final List<String> EVENT_COLUMNS = ModeledTables.EVENT.columns().stream()
            .filter(c -> c.type() != ModeledTables.ColumnType.STRING_MAP && c.type() != ModeledTables.ColumnType.TIMESTAMP)
            .map(ModeledTables.Column::name)
            .filter(name -> !List.of("event_id", "event_time_msec", "user_pseudo_id", "user_id", "session_id",
                    "device_id", "bundle_seq").contains(name))
            .toList();

    private static final long DAY_MILLIS = 86_400_000L;

    public abstract Dialect dialect();

    /** The text standing for the {@code index}-th (1-based) bound value. */
    protected abstract String placeholder(int index, Object value);

    /** A FROM item reading the modeled table for the app (without alias). */
    protected abstract String source(ModeledTables.Table table, String appId, Binder binder);

    /**
     * The table as the analyses read it: {@link #source}, where the dialect may give {@code user_pseudo_id} as a key of
     * another type standing for the id (one per user, NULL for NULL). The analyses use it only to join, group and count
     * users, and give ids out through {@link #userIds}.
     */
    protected String keyedSource(ModeledTables.Table table, String appId, Binder binder) {
        return source(table, appId, binder);
    }

    /**
     * A FROM item (without alias) with column {@code u}: the ids of the users of {@code keys}, a query whose column
     * {@code u} holds users as {@link #keyedSource} gives them.
     */
    protected String userIds(String keys, String appId, Binder binder) {
        return "(" + keys + ")";
    }

    /** The value for a bound key of a string map column, or NULL. */
    protected abstract String mapValue(String mapColumn, String keyPlaceholder);

    /** Text to a double, NULL where the text is not a plain decimal number. */
    protected abstract String toNumber(String textExpression);

    protected abstract String doubleType();

    protected String varcharType() {
        return "VARCHAR";
    }

    /** Whole days from {@code from} to {@code to} (dates). */
    protected String dayDiff(String from, String to) {
        return "(" + to + " - " + from + ")";
    }

    /** A date plus a constant number of days. */
    protected String plusDays(String date, int days) {
        return "(" + date + " + " + days + ")";
    }

    /** A date parameter. */
    protected String dateParam(String placeholder) {
        return "CAST(" + placeholder + " AS DATE)";
    }

    /** The first day of the bucket a date falls in. */
    protected String truncate(Granularity granularity, String date) {
        return switch (granularity) {
            case DAY -> date;
            case WEEK -> "CAST(date_trunc('week', " + date + ") AS DATE)";
            case MONTH -> "CAST(date_trunc('month', " + date + ") AS DATE)";
        };
    }

    /** Whole periods from bucket start {@code from} to bucket start {@code to}. */
    protected String periodDiff(Granularity granularity, String from, String to) {
        return switch (granularity) {
            case DAY -> dayDiff(from, to);
            case WEEK -> "CAST(" + dayDiff(from, to) + " / 7 AS INTEGER)";
            case MONTH -> "((EXTRACT(YEAR FROM " + to + ") - EXTRACT(YEAR FROM " + from + ")) * 12 + EXTRACT(MONTH FROM "
                    + to + ") - EXTRACT(MONTH FROM " + from + "))";
        };
    }

    /** Rows {@code offset} to {@code offset + limit} of an ordered statement (both checked non-negative numbers). */
    protected String page(int limit, int offset) {
        return "LIMIT " + limit + " OFFSET " + offset;
    }

    /**
     * An aggregate giving {@code value} of the row with the greatest (or least) {@code keys}, compared in order, or
     * null when the dialect has none (then a window function numbers the rows instead).
     */
    protected String valueOfExtreme(boolean greatest, String value, String... keys) {
        return null;
    }

    /** A double constant (DECIMAL literals would lose digits in Trino's division). */
    protected String dbl(String literal) {
        return "CAST(" + literal + " AS " + doubleType() + ")";
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Overview (the built-in dashboard's headline numbers)

    /** Columns: events, distinct users, distinct sessions (BIGINT) of the app in the range. */
    public BoundQuery totals(String appId, DateSpan range) {
        Binder b = new Binder();
        String from = overviewSource(appId, range, b);
        return b.query("SELECT COUNT(*), COUNT(DISTINCT user_pseudo_id), COUNT(DISTINCT session_id) FROM " + from);
    }

    /** Columns: event date, events, distinct users (BIGINT), for each date with events, in date order. */
    public BoundQuery daily(String appId, DateSpan range) {
        Binder b = new Binder();
        String from = overviewSource(appId, range, b);
        return b.query("SELECT event_date, COUNT(*), COUNT(DISTINCT user_pseudo_id) FROM " + from
                + " GROUP BY event_date ORDER BY event_date");
    }

    /** Columns: event name, events; the {@code limit} most frequent, ties by name. */
    public BoundQuery topEvents(String appId, DateSpan range, int limit) {
        Binder b = new Binder();
        String from = overviewSource(appId, range, b);
        return b.query("SELECT event_name, COUNT(*) AS events FROM " + from
                + " GROUP BY event_name ORDER BY events DESC, event_name LIMIT " + limit);
    }

    /** Columns: the distinct event names of the app (for engines whose metadata comes from the data itself). */
    public BoundQuery eventNames(String appId) {
        Binder b = new Binder();
        return b.query("SELECT DISTINCT event_name FROM " + keyedSource(ModeledTables.EVENT, appId, b) + " e WHERE app_id = "
                + b.bind(appId) + " AND event_name IS NOT NULL");
    }

    private String overviewSource(String appId, DateSpan range, Binder b) {
        return keyedSource(ModeledTables.EVENT, appId, b) + " e WHERE app_id = " + b.bind(appId)
                + " AND event_date BETWEEN " + dateParam(b.bind(range.from().toString())) + " AND "
                + dateParam(b.bind(range.to().toString()));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Event

    /**
     * Columns: series index (0-based, INTEGER), bucket start (DATE), group (VARCHAR, null without group-by), value
     * (BIGINT for users/events/sessions, DOUBLE otherwise). Only buckets with events appear.
     */
    public BoundQuery event(EventQuery query, SqlContext context) {
        Binder b = new Binder();
        List<String> specs = new ArrayList<>();
        StringBuilder columns = new StringBuilder();
        // Only the columns the compute method reads: every column more is one more Parquet column scanned.
        ComputeMethod method = query.computeMethod();
        columns.append(method == ComputeMethod.USERS ? "e.user_pseudo_id" : "CAST(NULL AS " + varcharType() + ")")
                .append(" AS u, ")
                .append(method == ComputeMethod.SESSIONS ? "e.session_id" : "CAST(NULL AS " + varcharType() + ")")
                .append(" AS s, ")
                .append(truncate(query.granularity(), "e.event_date")).append(" AS b, ")
                .append(groupExpression(query.groupBy(), context, b)).append(" AS g, ")
                .append(method.needsValue()
                        ? numberExpression(query.valueProperty(), context, b) : "CAST(NULL AS " + doubleType() + ")")
                .append(" AS v");
        boolean single = query.events().size() == 1;
        for (int i = 0; i < query.events().size(); i++) {
            String spec = specCondition(query.events().get(i), context, b);
            specs.add(spec);
            if (!single) {
                columns.append(", CASE WHEN ").append(spec).append(" THEN 1 ELSE 0 END AS m").append(i);
            }
        }
        String ev = eventsCte(columns.toString(), context, context.range().from(), context.range().to(),
                query.conditions(), query.join(), "(" + String.join(" OR ", specs) + ")", b,
                mentionsUserAttribute(context));
        StringBuilder sql = new StringBuilder("WITH ").append(ev).append(",\nx AS (");
        for (int i = 0; i < specs.size(); i++) {
            // One series needs no flags: every event of ev is its.
            sql.append(i == 0 ? "" : " UNION ALL ").append("SELECT ").append(i).append(" AS k, u, s, b, g, v FROM ev")
                    .append(single ? "" : " WHERE m" + i + " = 1");
        }
        sql.append(")\n");
        // A bucket with events but no values still has its row (an aggregate of nothing: NULL, a sum 0).
        if (method == ComputeMethod.MEDIAN) {
            sql.append("SELECT k, b, g, AVG(CASE WHEN v IS NOT NULL AND 2 * rn BETWEEN c AND c + 2 THEN v END) AS val ")
                    .append("FROM (SELECT k, b, g, v, ROW_NUMBER() OVER (PARTITION BY k, b, g ORDER BY v NULLS LAST) AS rn, ")
                    .append("COUNT(v) OVER (PARTITION BY k, b, g) AS c FROM x) y GROUP BY k, b, g");
        } else {
            String aggregate = switch (method) {
                case USERS -> "COUNT(DISTINCT u)";
                case EVENTS -> "COUNT(*)";
                case SESSIONS -> "COUNT(DISTINCT s)";
                case SUM -> "COALESCE(SUM(v), 0)";
                case AVG -> "AVG(v)";
                case MIN -> "MIN(v)";
                case MAX -> "MAX(v)";
                case MEDIAN -> throw new AssertionError();
            };
            sql.append("SELECT k, b, g, ").append(aggregate).append(" AS val FROM x GROUP BY k, b, g");
        }
        sql.append("\nORDER BY k, b, g");
        return b.query(sql.toString());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Funnel

    /**
     * Columns: grouped (0 overall, 1 per group), group (VARCHAR), step (1-based INTEGER), users (BIGINT), median
     * milliseconds from step 1 (DOUBLE; null for step 1 and when nobody reached it). Steps nobody reached are absent.
     */
    public BoundQuery funnel(FunnelQuery query, SqlContext context) {
        Binder b = new Binder();
        StringBuilder sql = new StringBuilder("WITH ");
        funnelSteps(query, context, b, sql);
        int n = query.steps().size();
        sql.append(",\nr AS (");
        for (int k = 1; k <= n; k++) {
            sql.append(k == 1 ? "" : " UNION ALL ").append("SELECT u, g, ").append(k).append(" AS k, ")
                    .append(k == 1 ? "CAST(NULL AS BIGINT)" : "t - t0").append(" AS ms FROM f").append(k);
        }
        sql.append(")");
        String median = medianAggregate("ms");
        if (median != null) {
            // One aggregate per group: no window ordering of every user's step row.
            sql.append("\nSELECT 0 AS grouped, CAST(NULL AS ").append(varcharType()).append(") AS g, k, COUNT(*) AS users, ")
                    .append(median).append(" AS med FROM r GROUP BY k");
            if (query.groupBy() != null) {
                sql.append("\nUNION ALL SELECT 1, g, k, COUNT(*), ").append(median).append(" FROM r GROUP BY g, k");
            }
            sql.append("\nORDER BY grouped, g, k");
            return b.query(sql.toString());
        }
        sql.append(",\nm AS (SELECT g, k, ms, ROW_NUMBER() OVER (PARTITION BY k ORDER BY ms) AS rn, ")
                .append("COUNT(ms) OVER (PARTITION BY k) AS c, ROW_NUMBER() OVER (PARTITION BY g, k ORDER BY ms) AS grn, ")
                .append("COUNT(ms) OVER (PARTITION BY g, k) AS gc FROM r)\n")
                .append("SELECT 0 AS grouped, CAST(NULL AS ").append(varcharType()).append(") AS g, k, COUNT(*) AS users, ")
                .append("AVG(CASE WHEN 2 * rn BETWEEN c AND c + 2 THEN CAST(ms AS ").append(doubleType())
                .append(") END) AS med FROM m GROUP BY k");
        if (query.groupBy() != null) {
            sql.append("\nUNION ALL SELECT 1, g, k, COUNT(*), AVG(CASE WHEN 2 * grn BETWEEN gc AND gc + 2 THEN CAST(ms AS ")
                    .append(doubleType()).append(") END) FROM m GROUP BY g, k");
        }
        sql.append("\nORDER BY grouped, g, k");
        return b.query(sql.toString());
    }

    /**
     * An aggregate giving the exact median (the mean of the two middle values for an even count, null for none) of a
     * BIGINT expression as a double, or null when the dialect has none (then window functions number the values).
     */
    protected String medianAggregate(String expression) {
        return null;
    }

    /** Columns: user_pseudo_id of users who reached step {@code droppedAtStep - 1} but not it, by id. */
    public BoundQuery funnelDropped(FunnelQuery query, SqlContext context) {
        Binder b = new Binder();
        StringBuilder sql = new StringBuilder("WITH ");
        funnelSteps(query, context, b, sql);
        int step = query.droppedAtStep();
        String dropped = "SELECT a.u FROM f" + (step - 1) + " a LEFT JOIN f" + step + " z ON z.u = a.u WHERE z.u IS NULL";
        sql.append("\nSELECT u FROM ").append(userIds(dropped, context.appId(), b)).append(" x ORDER BY u LIMIT ")
                .append(query.droppedLimit() == null ? 100 : query.droppedLimit().intValue());
        return b.query(sql.toString());
    }

    private void funnelSteps(FunnelQuery query, SqlContext context, Binder b, StringBuilder sql) {
        List<EventSpec> steps = query.steps();
        Window window = query.window();
        boolean session = window.unit() == Window.Unit.SESSION;
        // Later steps may fall after the range: up to the window's length (a day for a session window), plus a day
        // of slack because a local date and an instant's date differ by at most a day.
        long windowDays = session ? 1 : (window.millis() + DAY_MILLIS - 1) / DAY_MILLIS;
        LocalDate scanTo = context.range().to().plusDays(windowDays + 1);
        int n = steps.size();
        // A step's event id is remembered only when a later step is the same event (it must not match it again).
        boolean[] keepId = new boolean[n + 1];
        for (int k = 1; k <= n; k++) {
            for (int j = k + 1; j <= n; j++) {
                keepId[k] |= steps.get(k - 1).event().equals(steps.get(j - 1).event());
            }
        }
        boolean anyKeepId = false;
        for (boolean keep : keepId) {
            anyKeepId |= keep;
        }
        boolean lists = !query.strict() && !session && !anyKeepId && firstInList("l", "t", "t0", "0") != null;
        // Steps of event names alone, no group: the session table's event times answer them where the dialect reads
        // those; then only the events of sessions without them (and of no session) are read.
        String sessionTimes = lists && query.groupBy() == null && query.conditions().isEmpty()
                && steps.stream().allMatch(s -> s.conditions().isEmpty())
                ? sessionFunnelEvents(context, scanTo, b.bind(steps.get(0).event()), b) : null;
        // The event id orders same-millisecond events where one event is picked (a remembered id, step 1's session
        // or group value), the session id serves a session window: otherwise neither string column is scanned.
        boolean needsId = anyKeepId || session || query.groupBy() != null;
        String nullText = "CAST(NULL AS " + varcharType() + ")";
        StringBuilder columns = new StringBuilder("e.user_pseudo_id AS u, e.event_time_msec AS t, ")
                .append(needsId ? "e.event_id" : nullText).append(" AS id, ")
                .append(session || sessionTimes != null ? "e.session_id" : nullText).append(" AS s, e.event_date AS d, ")
                .append(groupExpression(query.groupBy(), context, b)).append(" AS g");
        List<String> specs = new ArrayList<>();
        for (int k = 1; k <= steps.size(); k++) {
            String spec = specCondition(steps.get(k - 1), context, b);
            specs.add(spec);
            columns.append(", CASE WHEN ").append(spec).append(" THEN 1 ELSE 0 END AS m").append(k);
        }
        // Strict order looks at every event of the user, not only the steps'.
        String only = query.strict() ? null : "(" + String.join(" OR ", specs) + ")";
        String ev = eventsCte(columns.toString(), context, context.range().from(), scanTo, query.conditions(),
                query.join(), only, b, mentionsUserAttribute(context));
        if (sessionTimes != null) {
            sql.append(sessionTimes).append(",\n").append(eventsBesideSessions(ev, "*", "ok", null));
        } else {
            // The step lists read the events twice (step 1's times, then the events in their windows): computed once.
            sql.append(lists ? ev.replaceFirst("^ev AS \\(", "ev AS " + materialized() + "(") : ev);
        }
        String rangeEnd = dateParam(b.bind(context.range().to().toString()));
        if (sessionTimes != null) {
            sessionSteps(query, rangeEnd, b, sql);
            return;
        }
        if (lists) {
            stepLists(query, rangeEnd, b, sql);
            return;
        }
        if (keepId[1] || session || query.groupBy() != null) {
            // Step 1's session, group value or id come from the first event by (time, id).
            sql.append(",\nf1 AS (SELECT u, t AS t0, t, s, g").append(keepId[1] ? ", id AS id1" : "")
                    .append(" FROM (SELECT u, t, id, s, g, ROW_NUMBER() OVER (PARTITION BY u ORDER BY t, id) AS rn ")
                    .append("FROM ev WHERE m1 = 1 AND d <= ").append(rangeEnd).append(") x WHERE rn = 1)");
        } else {
            sql.append(",\nf1 AS (SELECT u, MIN(t) AS t0, MIN(t) AS t, CAST(NULL AS ").append(varcharType())
                    .append(") AS s, CAST(NULL AS ").append(varcharType()).append(") AS g FROM ev WHERE m1 = 1 AND d <= ")
                    .append(rangeEnd).append(" GROUP BY u)");
        }
        for (int k = 2; k <= n; k++) {
            if (query.strict()) {
                sql.append(",\nn").append(k - 1).append(" AS (SELECT p.u, MIN(x.t) AS nx FROM f").append(k - 1)
                        .append(" p JOIN ev x ON x.u = p.u AND x.t > p.t GROUP BY p.u)");
            }
            StringBuilder carried = new StringBuilder("p.u, p.t0, p.s, p.g");
            for (int j = 1; j < k; j++) {
                if (keepId[j]) {
                    carried.append(", p.id").append(j);
                }
            }
            StringBuilder join = new StringBuilder(" FROM f").append(k - 1).append(" p JOIN ev e ON e.u = p.u");
            if (query.strict()) {
                join.append(" LEFT JOIN n").append(k - 1).append(" q ON q.u = p.u");
            }
            join.append(" WHERE e.m").append(k).append(" = 1 AND e.t >= p.t");
            if (session) {
                join.append(" AND e.s = p.s");
            } else {
                join.append(" AND e.t - p.t0 <= ").append(b.bind(window.millis()));
            }
            for (int j = 1; j < k; j++) {
                // Only an earlier step of the same event can have matched this very event.
                if (steps.get(j - 1).event().equals(steps.get(k - 1).event())) {
                    join.append(" AND e.id <> p.id").append(j);
                }
            }
            if (query.strict()) {
                join.append(" AND (q.nx IS NULL OR e.t <= q.nx)");
            }
            String kept = carried.toString().replace("p.", "");
            if (keepId[k]) {
                sql.append(",\nf").append(k).append(" AS (SELECT ").append(kept).append(", t, id").append(k)
                        .append(" FROM (SELECT ").append(carried).append(", e.t, e.id AS id").append(k)
                        .append(", ROW_NUMBER() OVER (PARTITION BY p.u ORDER BY e.t, e.id) AS rn").append(join)
                        .append(") x WHERE rn = 1)");
            } else {
                // The earliest time is all a later step needs.
                sql.append(",\nf").append(k).append(" AS (SELECT ").append(carried).append(", MIN(e.t) AS t")
                        .append(join).append(" GROUP BY ").append(carried).append(")");
            }
        }
    }

    /**
     * The CTEs {@code f1}..{@code fn} of a funnel in one aggregation per user, where the dialect has list lambdas
     * ({@link #firstInList}): step 1 is the user's earliest step-1 event, and each later step the earliest event of
     * it at or after the previous step and within the window of step 1. This is the join chain's answer for a
     * non-strict funnel with a time window and no event repeated among its steps (the cases it is used for), found
     * in one aggregation per user instead of the chain's joins (which made DuckDB hash a whole step's events per
     * step); the lists hold only the events within the window of the user's step 1 (a quarter less CPU at 10M).
     */
    private void stepLists(FunnelQuery query, String rangeEnd, Binder b, StringBuilder sql) {
        int n = query.steps().size();
        String window = b.bind(query.window().millis());
        sql.append(",\nt1 AS (SELECT u, MIN(t) AS t0, ")
                .append(query.groupBy() == null ? "CAST(NULL AS " + varcharType() + ")"
                        : valueOfExtremeWithNulls("g", "t", "id"))
                .append(" AS g FROM ev WHERE m1 = 1 AND d <= ").append(rangeEnd).append(" GROUP BY u)");
        // Only events within the window of step 1 can be later steps: the lists hold those alone. Every user of t1
        // has a row here (its step-1 event).
        StringBuilder lists = new StringBuilder();
        sql.append(",\nl AS (SELECT e.u, t1.t0, t1.g");
        for (int k = 2; k <= n; k++) {
            sql.append(", LIST(e.t) FILTER (WHERE e.m").append(k).append(" = 1) AS l").append(k);
            lists.append(", l").append(k);
        }
        sql.append(" FROM ev e JOIN t1 ON t1.u = e.u WHERE e.t >= t1.t0 AND e.t - t1.t0 <= ").append(window)
                .append(" GROUP BY e.u, t1.t0, t1.g)");
        sql.append(",\nf1 AS (SELECT u, t0, t0 AS t, CAST(NULL AS ").append(varcharType()).append(") AS s, g")
                .append(lists).append(" FROM l)");
        for (int k = 2; k <= n; k++) {
            String rest = lists.toString().replace(", l" + k, "");
            lists = new StringBuilder(rest);
            // Each step is read by the next and by the counts: computed once (inlined, DuckDB filtered the lists of
            // every earlier step again for each later one).
            sql.append(",\nf").append(k).append(" AS ").append(k < n ? materialized() : "").append("(SELECT * FROM (SELECT u, t0, ")
                    .append(firstInList("l" + k, "t", "t0", window))
                    .append(" AS t, s, g").append(rest).append(" FROM f").append(k - 1).append(") x WHERE t IS NOT NULL)");
        }
    }

    /**
     * The CTEs {@code t1}, {@code z} and {@code f1}..{@code fn} of a funnel of event names alone (no conditions, no
     * group-by, not strict, a time window, no event repeated among its steps) from the CTEs {@code ss} and {@code sl}
     * ({@link #sessionFunnelEvents}: each session's step-1 time {@code f}, and the usable sessions' lists) and
     * {@code ev} (the events of sessions without lists and of no session). Step 1 is the least of the user's sessions'
     * {@code f} and its step-1 events in {@code ev}; {@code z} holds the user's later-step events (step number
     * {@code k}, by a join of their names with the steps' names) within the window of step 1, unnested only from the
     * sessions overlapping that window (a few per user); step 2 is then the least time of its events in {@code z}
     * (all at or after step 1), and each later step {@code fk} the least time of its events in {@code z} at or after
     * the previous step's, one join of the previous step's users with {@code z}. This is {@link #stepLists}'s answer
     * without lists per user: no lambda or list aggregation runs over the session lists.
     */
    private void sessionSteps(FunnelQuery query, String rangeEnd, Binder b, StringBuilder sql) {
        int n = query.steps().size();
        String window = b.bind(query.window().millis());
        String nullText = "CAST(NULL AS " + varcharType() + ")";
        sql.append(",\nt1 AS ").append(materialized()).append("(SELECT u, MIN(t) AS t0 FROM (SELECT u, t FROM ev ")
                .append("WHERE m1 = 1 AND d <= ").append(rangeEnd)
                .append(" UNION ALL SELECT u, f AS t FROM ss) x WHERE t IS NOT NULL GROUP BY u)");
        StringBuilder flags = new StringBuilder("CASE");
        StringBuilder names = new StringBuilder();
        for (int k = 2; k <= n; k++) {
            flags.append(" WHEN m").append(k).append(" = 1 THEN ").append(k);
            names.append(k == 2 ? "" : ", ").append("(").append(b.bind(query.steps().get(k - 1).event())).append(", ")
                    .append(k).append(")");
        }
        flags.append(" END");
        sql.append(",\nz AS ").append(materialized()).append("(SELECT u, t0, t, k FROM (SELECT t1.u, t1.t0, ev.t, ")
                .append(flags).append(" AS k FROM ev JOIN t1 ON t1.u = ev.u UNION ALL SELECT y.u, y.t0, y.t, st.k ")
                .append("FROM (SELECT t1.u, t1.t0, unnest(sl.tm) AS t, unnest(sl.n) AS nm FROM sl JOIN t1 ON ")
                .append("t1.u = sl.u WHERE sl.tm[-1] >= t1.t0 AND sl.tm[1] - t1.t0 <= ").append(window)
                .append(") y JOIN (VALUES ").append(names).append(") st (nm, k) ON st.nm = y.nm) e ")
                .append("WHERE k IS NOT NULL AND t >= t0 AND t - t0 <= ").append(window).append(")");
        sql.append(",\nf1 AS (SELECT u, t0, t0 AS t, ").append(nullText).append(" AS s, ").append(nullText)
                .append(" AS g FROM t1)");
        // z holds only events at or after step 1 (and within its window): step 2 needs no join with step 1.
        sql.append(",\nf2 AS ").append(2 < n ? materialized() : "").append("(SELECT u, t0, MIN(t) AS t, ")
                .append(nullText).append(" AS s, ").append(nullText).append(" AS g FROM z WHERE k = 2 GROUP BY u, t0)");
        for (int k = 3; k <= n; k++) {
            // Each step is read by the next and by the counts: computed once.
            sql.append(",\nf").append(k).append(" AS ").append(k < n ? materialized() : "")
                    .append("(SELECT u, t0, t, ").append(nullText).append(" AS s, ").append(nullText)
                    .append(" AS g FROM (SELECT p.u, p.t0, MIN(z.t) AS t FROM f").append(k - 1)
                    .append(" p JOIN z ON z.u = p.u WHERE z.k = ").append(k)
                    .append(" AND z.t >= p.t GROUP BY p.u, p.t0) x)");
        }
    }

    /**
     * Where the dialect reads the session table's event lists ({@link ModeledTables#SESSION}) and the app has that
     * table: the CTE {@code ss} (u, s, sd, md, d and, with {@code namesAndTimes}, n and tm: user, session, partition
     * date, its events' last date, their dates, names and times) of every session of the app with an event from
     * {@code from} (null: any day) to {@code to}; a session whose lists are missing (written without them) or leave
     * out some of its events (events without a name) has null {@code md} (and {@code tm}); {@code s} may be null where
     * {@code md} is not, and {@code d} where {@code md} is its partition date; otherwise null, and nothing bound.
     */
    protected String sessionEvents(SqlContext context, LocalDate from, LocalDate to, boolean namesAndTimes,
                                   Binder binder) {
        return null;
    }

    /**
     * The CTE {@code ev}: the rows {@code fromSessions} (a statement over {@code ss} giving {@code columns}, or null)
     * and {@code columns} of the rows of {@code ea} (the CTE {@code ev} given, renamed) that {@code ss} does not
     * answer: those without a session and those of sessions whose list column {@code list} is null. Two reads of the
     * events, each skipping nearly all of them (Parquet statistics skip the row groups without null sessions; with no
     * session to complete, DuckDB skips the second scan).
     */
    private String eventsBesideSessions(String ev, String columns, String list, String fromSessions) {
        // ea is read twice: inlined each time, each read with its own filters, not computed once for both (DuckDB
        // would keep every event of the range to filter them twice: seconds at ten million events).
        return ev.replaceFirst("^ev AS \\(", "ea AS " + notMaterialized() + "(") + ",\nev AS " + materialized() + "("
                + (fromSessions == null ? "" : fromSessions + " UNION ALL ") + "SELECT " + columns
                + " FROM ea WHERE s IS NULL UNION ALL SELECT " + columns + " FROM ea WHERE EXISTS (SELECT 1 FROM ss WHERE ss."
                + list + " IS NULL AND ss.u = ea.u AND ss.s = ea.s))";
    }

    /**
     * Rows (u, d) of {@code ss}: each session with usable dates and each distinct date of its events up to {@code to}
     * (its first date alone when all its events have it).
     */
    protected String sessionDays(String to) {
        throw new UnsupportedOperationException("only where sessionEvents is supported");
    }

    /**
     * Where the dialect reads the session table's event lists and the app has that table: the CTEs {@code ss} (u, s,
     * ok, f) and {@code sl} (u, n, tm) of every session of the app with an event from two days before the range to
     * {@code to}: in {@code ss} each session's user, id (only where {@code ok} is null), {@code ok} (1 where its lists
     * are usable; null where they are missing or leave out some of the session's events, whose events the funnel then
     * reads from the event table) and {@code f}, the time of the session's first event named {@code firstName} (a
     * bound value) dated in the range, or null; in {@code sl} the user, event names and event times of each session
     * with usable lists; otherwise null, and nothing bound.
     */
    protected String sessionFunnelEvents(SqlContext context, LocalDate to, String firstName, Binder binder) {
        return null;
    }

    /**
     * The least element of list column {@code list} at or after {@code after} and at most {@code windowMillis} after
     * {@code start}, or null when the dialect has no lists with lambdas (then the funnel joins step by step).
     */
    protected String firstInList(String list, String after, String start, String windowMillis) {
        return null;
    }

    /** Like {@link #valueOfExtreme} for the least keys, but a null value is the answer when its row is the least. */
    protected String valueOfExtremeWithNulls(String value, String... keys) {
        throw new UnsupportedOperationException("only where firstInList is supported");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Path

    /**
     * Columns: kind ('N' node, 'L' link), depth (BIGINT), name (VARCHAR, null for "other"), next depth, next name
     * (links only), journeys (BIGINT).
     */
    public BoundQuery path(PathQuery query, SqlContext context) {
        Binder b = new Binder();
        String node = "e." + query.nodeType().column();
        // Sessions' journeys of event names, unconditioned, are already laid out as sequences in the session table
        // where the dialect reads them; the events are then read only for sessions without one.
        String anchorNode = query.startNode() != null ? query.startNode() : query.endNode();
        String sequences = query.journeyBy() == PathQuery.JourneyBy.SESSION
                && query.nodeType() == PathQuery.NodeType.EVENT && query.conditions().isEmpty()
                ? sessionSequences(context, anchorNode, b) : null;
        String ev = eventsCte("e.user_pseudo_id AS u, e.session_id AS s, e.event_time_msec AS t, e.event_id AS id, "
                        + node + " AS nd", context, context.range().from(), context.range().to(), query.conditions(),
                query.join(), node + " IS NOT NULL" + (query.journeyBy() == PathQuery.JourneyBy.SESSION
                        ? " AND e.session_id IS NOT NULL" : ""), b, mentionsUserAttribute(context));
        StringBuilder sql = new StringBuilder("WITH ");
        if (sequences != null) {
            sql.append(sequences).append(",\n");
        }
        sql.append(ev).append(",\nj AS (");
        if (query.journeyBy() == PathQuery.JourneyBy.SESSION) {
            sql.append("SELECT u, s AS jk, t, id, nd FROM ev").append(sequences == null ? ")"
                    : " WHERE EXISTS (SELECT 1 FROM sn WHERE sn.u = ev.u AND sn.s = ev.s))");
        } else {
            sql.append("SELECT u, SUM(CASE WHEN pt IS NULL OR t - pt > ").append(b.bind(query.gapMinutesOrDefault() * 60_000L))
                    .append(" THEN 1 ELSE 0 END) OVER (PARTITION BY u ORDER BY t, id ROWS UNBOUNDED PRECEDING) AS jk, ")
                    .append("t, id, nd FROM (SELECT u, t, id, nd, LAG(t) OVER (PARTITION BY u ORDER BY t, id) AS pt FROM ev) z)");
        }
        int depth = query.depthOrDefault();
        String anchor = query.startNode() != null ? b.bind(query.startNode())
                : query.endNode() != null ? b.bind(query.endNode()) : null;
        String lists = journeyNodeLists(anchor, query.endNode() != null, depth, sequences != null);
        sql.append(lists != null ? lists : journeyNodes(query, anchor, b)
                + ",\nqc AS (SELECT dp, nd, nx, COUNT(*) AS c FROM q GROUP BY dp, nd, nx)");
        int top = query.topNodesOrDefault();
        // Each read node carries the next one read (nx), so links need no self-join of the journeys' nodes. The read
        // nodes are counted once per (depth, node, next node); ranking, naming the long tail null ("other") for
        // both ends, and summing then work on those few counts, not on every read node.
        sql.append(",\nnc AS (SELECT dp, nd, SUM(c) AS c FROM qc GROUP BY dp, nd)")
                .append(",\nrk AS (SELECT dp, nd, ROW_NUMBER() OVER (PARTITION BY dp ORDER BY c DESC, nd) AS r FROM nc)")
                .append(",\nqm AS (SELECT qc.dp, CASE WHEN r1.r <= ").append(top)
                .append(" THEN qc.nd END AS nm, CASE WHEN qc.nx IS NULL THEN 0 ELSE 1 END AS hx, CASE WHEN r2.r <= ")
                .append(top).append(" THEN qc.nx END AS nm2, qc.c FROM qc JOIN rk r1 ON r1.dp = qc.dp AND r1.nd = qc.nd ")
                .append("LEFT JOIN rk r2 ON r2.dp = qc.dp + 1 AND r2.nd = qc.nx)\n")
                .append("SELECT 'N' AS kind, dp, nm, CAST(NULL AS BIGINT) AS dp2, CAST(NULL AS ").append(varcharType())
                .append(") AS nm2, CAST(SUM(c) AS BIGINT) AS c FROM qm GROUP BY dp, nm\nUNION ALL SELECT 'L', dp, nm, ")
                .append("dp + 1, nm2, CAST(SUM(c) AS BIGINT) FROM qm WHERE hx = 1 GROUP BY dp, nm, nm2")
                .append("\nORDER BY kind, dp, nm, dp2, nm2");
        return b.query(sql.toString());
    }

    /**
     * From the CTE {@code j} (u, jk, t, id, nd: a user's journey's events), the CTEs ending in {@code q} (dp, nd,
     * nx): each journey's nodes with consecutive repeats merged, read from its first {@code anchor} node forwards (or
     * its last one backwards, or from its first node), {@code dp} = 1 .. depth, {@code nx} the node read next (null
     * at the last). Two window orderings per journey; dialects with lists do it in one aggregation instead
     * ({@link #journeyNodeLists}).
     */
    private String journeyNodes(PathQuery query, String anchor, Binder b) {
        int depth = query.depthOrDefault();
        boolean backwards = query.endNode() != null;
        StringBuilder sql = new StringBuilder();
        sql.append(",\nmg AS (SELECT u, jk, t, id, nd FROM (SELECT u, jk, t, id, nd, LAG(nd) OVER (PARTITION BY u, jk ")
                .append("ORDER BY t, id) AS pn FROM j) z WHERE pn IS NULL OR pn <> nd)")
                .append(",\np AS (SELECT u, jk, nd, ROW_NUMBER() OVER (PARTITION BY u, jk ORDER BY t, id) AS pos, ")
                .append(backwards ? "LAG" : "LEAD").append("(nd) OVER (PARTITION BY u, jk ORDER BY t, id) AS nx FROM mg)");
        if (anchor == null) {
            sql.append(",\na AS (SELECT u, jk, pos AS ap FROM p WHERE pos = 1)");
        } else {
            sql.append(",\na AS (SELECT u, jk, ").append(backwards ? "MAX" : "MIN").append("(pos) AS ap FROM p WHERE nd = ")
                    .append(anchor).append(" GROUP BY u, jk)");
        }
        String dp = backwards ? "a.ap - p.pos + 1" : "p.pos - a.ap + 1";
        sql.append(",\nq AS (SELECT ").append(dp).append(" AS dp, p.nd, CASE WHEN ").append(dp).append(" < ").append(depth)
                .append(" THEN p.nx END AS nx FROM p JOIN a ON a.u = p.u AND a.jk = p.jk WHERE ")
                .append(backwards ? "p.pos <= a.ap AND p.pos > a.ap - " : "p.pos >= a.ap AND p.pos < a.ap + ")
                .append(depth).append(")");
        return sql.toString();
    }

    /**
     * Where the dialect has lists: the CTEs ending in {@code qc} (dp, nd, nx, c: how many journeys read node
     * {@code nd} at depth {@code dp} and {@code nx} next, null at the last), from one ordered list of nodes per
     * journey, with the journeys {@link #journeyNodes} reads; otherwise null. {@code anchor} is the start or end node
     * as the binder's parameter marker, or null when the path has neither. With {@code sequences}, the journeys are
     * the lists of the CTE {@code ss} ({@link #sessionSequences}) and those of {@code j} (its sessions without one).
     */
    protected String journeyNodeLists(String anchor, boolean backwards, int depth, boolean sequences) {
        return null;
    }

    /**
     * Where the dialect reads the session table's event sequences ({@link ModeledTables#SESSION}) and the app has
     * that table: the CTEs {@code ss} (l: of each session of the app with an event in the range and a sequence, the
     * names of its events in the range in time order; with an {@code anchor} node, only the sessions whose sequence
     * holds it, and maybe not all of those) and {@code sn} (u, s: the sessions written without sequences);
     * otherwise null, and nothing bound.
     */
    protected String sessionSequences(SqlContext context, String anchor, Binder binder) {
        return null;
    }

    /** The keyword making a CTE computed once though read twice, where the dialect has one. */
    protected String materialized() {
        return "";
    }

    /** The keyword making a CTE read twice computed for each read, where the dialect would otherwise keep it. */
    protected String notMaterialized() {
        return "";
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Retention

    /** Columns: cohort start (DATE), period (INTEGER, 0 = the cohort's size), users (BIGINT). */
    public BoundQuery retention(RetentionQuery query, SqlContext context) {
        Binder b = new Binder();
        Granularity period = query.period();
        String start = specCondition(query.startEvent(), context, b);
        String back = specCondition(query.returnEvent(), context, b);
        String same = query.sameProperty() == null ? "CAST(NULL AS " + varcharType() + ")"
                : groupExpression(query.sameProperty(), context, b);
        // Time and id pick the first start event only when its property value matters; otherwise its date is the
        // earliest date.
        String ev = eventsCte("e.user_pseudo_id AS u, " + (query.sameProperty() == null ? ""
                        : "e.event_time_msec AS t, e.event_id AS id, ") + "e.event_date AS d, "
                        + same + " AS pv, CASE WHEN " + start + " THEN 1 ELSE 0 END AS ms, CASE WHEN " + back
                        + " THEN 1 ELSE 0 END AS mr", context, context.range().from(), context.range().to(),
                query.conditions(), query.join(), "(" + start + " OR " + back + ")", b, mentionsUserAttribute(context));
        StringBuilder sql = new StringBuilder("WITH ").append(ev)
                .append(query.sameProperty() == null
                        // The first start event's date is the earliest date: event dates follow time.
                        ? ",\nc AS (SELECT u, " + truncate(period, "MIN(d)") + " AS cs, CAST(NULL AS " + varcharType()
                        + ") AS pv FROM ev WHERE ms = 1 GROUP BY u)"
                        : ",\nc AS (SELECT u, " + truncate(period, "d") + " AS cs, pv FROM (SELECT u, d, pv, "
                        + "ROW_NUMBER() OVER (PARTITION BY u ORDER BY t, id) AS rn FROM ev WHERE ms = 1) z WHERE rn = 1)")
                .append(",\nr AS (SELECT DISTINCT c.u, c.cs, ").append(periodDiff(period, "c.cs", truncate(period, "e.d")))
                .append(" AS k FROM c JOIN ev e ON e.u = c.u WHERE e.mr = 1");
        if (query.sameProperty() != null) {
            sql.append(" AND e.pv = c.pv");
        }
        sql.append(")\nSELECT cs, 0 AS k, COUNT(*) AS users FROM c GROUP BY cs\nUNION ALL SELECT cs, k, COUNT(*) FROM r ")
                .append("WHERE k BETWEEN 1 AND ").append(query.periodsOrDefault()).append(" GROUP BY cs, k\nORDER BY cs, k");
        return b.query(sql.toString());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Attribution

    /**
     * Columns: kind ('T' a touch label, 'G' all goals, 'U' goals without touches), label (VARCHAR), conversions
     * (DOUBLE), value (DOUBLE).
     */
    public BoundQuery attribution(AttributionQuery query, SqlContext context) {
        Binder b = new Binder();
        Window window = query.window();
        String goal = specCondition(query.goal(), context, b);
        List<String> touchSpecs = new ArrayList<>();
        for (EventSpec touch : query.touchPoints().events()) {
            touchSpecs.add(specCondition(touch, context, b));
        }
        String touch = "(" + String.join(" OR ", touchSpecs) + ")";
        String value = query.goalValueProperty() == null ? dbl("1")
                : numberExpression(query.goalValueProperty(), context, b);
        long lookBackDays = switch (window.unit()) {
            case SAME_DAY -> 0;
            case SESSION -> 1;
            default -> (window.millis() + DAY_MILLIS - 1) / DAY_MILLIS + 1;
        };
        // First or last touch as one aggregate per goal, where the dialect has one that picks by (time, id).
        String firstOrLast = switch (query.model()) {
            case FIRST_TOUCH -> valueOfExtreme(false, "lb", "tt", "tid");
            case LAST_TOUCH -> valueOfExtreme(true, "lb", "tt", "tid");
            default -> null;
        };
        // A goal that cannot be a touch (no touch is its event) needs no exclusion of itself, so first or last touch
        // is the one nearest the window's edge: found by one as-of join where the dialect has one. That join reads
        // the event ids only for touches sharing a millisecond (nearly never): the scan leaves that column out.
        boolean goalIsNoTouch = query.touchPoints().events().stream()
                .noneMatch(t -> t.event().equals(query.goal().event()));
        boolean asOf = firstOrLast != null && goalIsNoTouch && hasNearestTouch();
        // The session is read only for a session window: one string column less to scan otherwise.
        String nullText = "CAST(NULL AS " + varcharType() + ")";
        String evColumns = "e.user_pseudo_id AS u, e.event_time_msec AS t, {id} AS id, "
                + (window.unit() == Window.Unit.SESSION ? "e.session_id" : nullText)
                + " AS s, e.event_date AS d, e." + query.touchPoints().type().column() + " AS lb, " + value
                + " AS v, CASE WHEN " + goal + " THEN 1 ELSE 0 END AS mg, CASE WHEN " + touch + " THEN 1 ELSE 0 END AS mt";
        LocalDate scanFrom = context.range().from().minusDays(lookBackDays);
        // For the as-of join, the goals (eg) and the touches (et) are two reads of the events, each with its own
        // filter (DuckDB tests a single event name in its scan; one read of both kept a million and a half rows).
        String ev = asOf
                ? eventsCte(evColumns.replace("{id}", nullText), context, scanFrom, context.range().to(),
                query.conditions(), query.join(), goal, b, mentionsUserAttribute(context))
                .replaceFirst("^ev AS \\(", "eg AS (") + ",\n"
                + eventsCte(evColumns.replace("{id}", nullText), context, scanFrom, context.range().to(),
                query.conditions(), query.join(), touch, b, mentionsUserAttribute(context))
                .replaceFirst("^ev AS \\(", "et AS (")
                : eventsCte(evColumns.replace("{id}", "e.event_id"), context, scanFrom, context.range().to(),
                query.conditions(), query.join(), "(" + goal + " OR " + touch + ")", b, mentionsUserAttribute(context));
        // The touches with their ids, for the as-of join's touches that share a millisecond.
        String evWithIds = asOf ? eventsSelect(evColumns.replace("{id}", "e.event_id"), context, scanFrom,
                context.range().to(), query.conditions(), query.join(), touch, b, mentionsUserAttribute(context))
                : null;
        String windowCondition = switch (window.unit()) {
            case SAME_DAY -> "tp.d = g.d";
            case SESSION -> "tp.s = g.s";
            default -> "g.t - tp.t <= " + b.bind(window.millis());
        };
        String credit = switch (query.model()) {
            case FIRST_TOUCH, LAST_TOUCH -> dbl("1");
            case LINEAR -> dbl("1") + " / n";
            case POSITION_BASED -> "CASE WHEN n = 1 THEN " + dbl("1") + " WHEN n = 2 THEN " + dbl("0.5")
                    + " WHEN pos = 1 OR pos = n THEN " + dbl("0.4") + " ELSE " + dbl("0.2") + " / (n - 2) END";
            case TIME_DECAY -> "dw / SUM(dw) OVER (PARTITION BY gu, gid, gt)";
        };
        String decay = query.model() == AttributionQuery.Model.TIME_DECAY
                ? ", POWER(" + dbl("2") + ", -CAST(gt - tt AS " + doubleType() + ") / "
                + dbl(b.bind(query.halfLifeDaysOrDefault() * DAY_MILLIS)) + ") AS dw" : "";
        String goalDates = "d BETWEEN " + dateParam(b.bind(context.range().from().toString())) + " AND "
                + dateParam(b.bind(context.range().to().toString()));
        String nearest = asOf
                ? nearestTouch(query.model() == AttributionQuery.Model.LAST_TOUCH, window, goalDates, evWithIds, b) : null;
        StringBuilder sql = new StringBuilder("WITH ").append(ev);
        if (nearest != null) {
            sql.append(nearest);
        } else {
            sql.append(",\ng AS (SELECT u, t, id, s, d, v FROM ev WHERE mg = 1 AND ").append(goalDates).append(")")
                    .append(",\ntp AS (SELECT u, t, id, s, d, lb FROM ev WHERE mt = 1 AND lb IS NOT NULL)")
                    // A goal without touches keeps one row with a null touch (tid): the goals left uncredited.
                    .append(",\npr AS (SELECT g.u AS gu, g.id AS gid, g.t AS gt, g.v, tp.lb, tp.t AS tt, tp.id AS tid ")
                    .append("FROM g LEFT JOIN tp ON tp.u = g.u AND tp.t <= g.t AND tp.id <> g.id AND ")
                    .append(windowCondition).append(")");
        }
        sql
                .append(firstOrLast != null || nearest != null ? "" : ",\nrk AS (SELECT gu, gid, gt, v, lb, tt" + decay)
                .append(firstOrLast != null || nearest != null ? "" : query.model() == AttributionQuery.Model.LAST_TOUCH
                        // the last touch is the first one backwards: no count of touches needed
                        ? ", ROW_NUMBER() OVER (PARTITION BY gu, gid, gt ORDER BY tt DESC, tid DESC) AS pos, 1 AS n FROM pr "
                        + "WHERE tid IS NOT NULL)"
                        : query.model() == AttributionQuery.Model.FIRST_TOUCH
                        ? ", ROW_NUMBER() OVER (PARTITION BY gu, gid, gt ORDER BY tt, tid) AS pos, 1 AS n FROM pr "
                        + "WHERE tid IS NOT NULL)"
                        : ", ROW_NUMBER() OVER (PARTITION BY gu, gid, gt ORDER BY tt, tid) AS pos, "
                        + "COUNT(*) OVER (PARTITION BY gu, gid, gt) AS n FROM pr WHERE tid IS NOT NULL)")
                // Under first and last touch only the credited touch counts: a label without credit is not listed.
                .append(nearest != null ? ",\ncr AS (SELECT lb, v, " + dbl("1") + " AS w FROM pr WHERE tid IS NOT NULL)"
                        : firstOrLast == null ? ",\ncr AS (SELECT lb, v, " + credit + " AS w FROM rk"
                        + (query.model() == AttributionQuery.Model.FIRST_TOUCH
                        || query.model() == AttributionQuery.Model.LAST_TOUCH ? " WHERE pos = 1)" : ")")
                        : ",\ncr AS (SELECT " + firstOrLast + " AS lb, MIN(v) AS v, " + dbl("1")
                        + " AS w FROM pr WHERE tid IS NOT NULL GROUP BY gu, gid, gt)")
                .append("\n")
                .append("SELECT 'T' AS kind, lb, SUM(w) AS conv, SUM(w * v) AS val FROM cr GROUP BY lb\n")
                .append("UNION ALL SELECT 'G', CAST(NULL AS ").append(varcharType()).append("), CAST(COUNT(*) AS ")
                .append(doubleType()).append("), SUM(v) FROM g\n")
                .append("UNION ALL SELECT 'U', CAST(NULL AS ").append(varcharType()).append("), CAST(COUNT(*) AS ")
                .append(doubleType()).append("), SUM(v) FROM pr WHERE tid IS NULL\nORDER BY kind, lb");
        return b.query(sql.toString());
    }

    /** Whether {@link #nearestTouch} gives the first or last touches (then the CTE {@code ev} has no event ids). */
    protected boolean hasNearestTouch() {
        return false;
    }

    /**
     * Where the dialect has an as-of join ({@link #hasNearestTouch}): the CTEs {@code g} (the goals: events
     * {@code eg}, the goal events, meeting {@code goalDates}) and {@code pr} (gu, gid, gt, v, lb, tt, tid: one row per
     * goal with its last touch, or first with {@code last} false, within the window; null touch columns when it has
     * none; {@code tid} is not null exactly when a touch is credited), for a goal that cannot be one of its touches.
     * {@code eg} and {@code et} (the touch events; columns of {@code ev}, {@code mg} 1 in {@code eg}, {@code mt} 1 in
     * {@code et}) have null ids; {@code evWithIds} is the query of the touches with their ids, to read where touches
     * share a millisecond. Otherwise null, and nothing bound.
     */
    protected String nearestTouch(boolean last, Window window, String goalDates, String evWithIds, Binder b) {
        return null;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Lifecycle

    /**
     * Columns: kind ('W' a week's state count, 'D' a stickiness change point), date (DATE), state (VARCHAR: new,
     * retained, resurrected, dormant; null for 'D'), and three BIGINTs: for 'W' the users in that state; for 'D'
     * the users active that day, and the users active in the 7 and in the 30 days ending that day. 'D' rows exist
     * only for days where something changes, from before the range to its end; the days between carry the last.
     */
    public BoundQuery lifecycle(LifecycleQuery query, SqlContext context) {
        Binder b = new Binder();
        LocalDate firstWeek = weekStart(context.range().from());
        LocalDate lastWeek = weekStart(context.range().to());
        // Every event up to the range's last week: "new" and "resurrected" look at a user's whole history. Without
        // conditions, a user's active days are those of its sessions' event dates where the dialect reads them: one
        // row per session instead of per event; the events of the others are read.
        LocalDate lastDay = lastWeek.plusDays(6);
        String sessions = query.conditions().isEmpty() ? sessionEvents(context, null, lastDay, false, b) : null;
        String ev = eventsCte("e.user_pseudo_id AS u, e.event_date AS d" + (sessions != null ? ", e.session_id AS s" : ""),
                context, null, lastDay, query.conditions(), query.join(), null, b, mentionsUserAttribute(context));
        if (sessions != null) {
            ev = sessions + ",\n" + eventsBesideSessions(ev, "u, d", "md",
                    sessionDays(dateParam(b.bind(lastDay.toString()))));
        }
        // One pass over each user's active days in order: LAG and LEAD give a day's previous and next active days;
        // the first day of a user-week (its previous day in another week) gives that week's state, the last (its
        // next day in another week, or none) whether the user is dormant the week after, and the next day where the
        // day's 7- and 30-day windows end early (counted then by the next day). The session rows repeat a day (two
        // sessions the same day): the window reads them as they are, and a day's first row (its previous day
        // another one) and its last (its next day another one) stand for it; the event rows, many a day, are made
        // distinct first. The previous day, further back than 14 days, and the next one, further on than 30 days or
        // none, change nothing: capped there, the rows fall into a few thousand groups (day, previous, next) and all
        // the rest is computed over those groups.
        String days = sessions != null ? "ev" : "(SELECT DISTINCT u, d FROM ev) x";
        String back = plusDays("d", -14);
        String on = plusDays("d", 30);
        String w = truncate(Granularity.WEEK, "d");
        StringBuilder sql = new StringBuilder("WITH ").append(ev)
                .append(",\niv AS (SELECT d, LAG(d) OVER (PARTITION BY u ORDER BY d) AS pd, ")
                .append("LEAD(d) OVER (PARTITION BY u ORDER BY d) AS nd FROM ").append(days).append(")")
                // Days before the 30 before the range matter for none of its days nor weeks (the earliest, the week
                // before the range's first, begins at most 13 days before the range).
                .append(",\ng AS (SELECT d, pd, nd, COUNT(*) AS n FROM (SELECT d, CASE WHEN pd < ").append(back)
                .append(" THEN ").append(back).append(" ELSE pd END AS pd, CASE WHEN nd IS NULL OR nd > ").append(on)
                .append(" THEN ").append(on).append(" ELSE nd END AS nd FROM iv WHERE d >= ")
                .append(dateParam(b.bind(context.range().from().minusDays(29).toString())))
                .append(") y GROUP BY d, pd, nd)")
                .append(",\ngw AS (SELECT n, pd, ").append(w).append(" AS w, ").append(truncate(Granularity.WEEK, "pd"))
                .append(" AS pw, ").append(truncate(Granularity.WEEK, "nd")).append(" AS nw FROM g)")
                // A day's later rows have their day as previous (same week: no state), its earlier ones as next.
                .append(",\nlc AS (SELECT w, CASE WHEN pd IS NULL THEN 'new' WHEN ").append(dayDiff("pw", "w"))
                .append(" = 7 THEN 'retained' ELSE 'resurrected' END AS state, n FROM gw WHERE pd IS NULL OR pw <> w")
                .append(" UNION ALL SELECT ").append(plusDays("w", 7)).append(", 'dormant', n FROM gw WHERE ")
                .append(dayDiff("w", "nw")).append(" > 7)")
                .append(",\nla AS (SELECT d, nd, n FROM g WHERE nd <> d)")
                .append(",\ndl AS (SELECT d AS dt, n AS dd, n AS dw, n AS dm FROM la")
                .append(" UNION ALL SELECT CASE WHEN nd < ").append(plusDays("d", 7)).append(" THEN nd ELSE ")
                .append(plusDays("d", 7)).append(" END, 0, -n, 0 FROM la")
                .append(" UNION ALL SELECT nd, 0, 0, -n FROM la)")
                .append(",\nag AS (SELECT dt, SUM(dd) AS dd, SUM(dw) AS dw, SUM(dm) AS dm FROM dl GROUP BY dt)")
                .append(",\ncu AS (SELECT dt, dd, SUM(dw) OVER (ORDER BY dt ROWS UNBOUNDED PRECEDING) AS wau, ")
                .append("SUM(dm) OVER (ORDER BY dt ROWS UNBOUNDED PRECEDING) AS mau FROM ag)\n")
                .append("SELECT 'W' AS kind, w AS dt, state, CAST(SUM(n) AS BIGINT) AS a, CAST(NULL AS BIGINT) AS b2, ")
                .append("CAST(NULL AS BIGINT) AS c2 FROM lc WHERE w BETWEEN ").append(dateParam(b.bind(firstWeek.toString())))
                .append(" AND ").append(dateParam(b.bind(lastWeek.toString()))).append(" GROUP BY w, state\n")
                .append("UNION ALL SELECT 'D', dt, CAST(NULL AS ").append(varcharType()).append("), CAST(dd AS BIGINT), ")
                .append("CAST(wau AS BIGINT), CAST(mau AS BIGINT) FROM cu WHERE dt <= ")
                .append(dateParam(b.bind(context.range().to().toString())))
                .append("\nORDER BY kind, dt, state");
        return b.query(sql.toString());
    }

    public static LocalDate weekStart(LocalDate day) {
        return day.minusDays(day.getDayOfWeek().getValue() - 1L);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Shared pieces

    /**
     * The CTE {@code ev}: the app's events with a user, dated {@code from}..{@code to} ({@code from} null: no lower
     * bound), matching the query's conditions and {@code only} (an extra condition, or null), with {@code columns}.
     */
    private String eventsCte(String columns, SqlContext context, LocalDate from, LocalDate to,
                             List<Condition> conditions, Join join, String only, Binder b, boolean withUsers) {
        return "ev AS (" + eventsSelect(columns, context, from, to, conditions, join, only, b, withUsers) + ")";
    }

    /** The query of {@link #eventsCte}, without its name. */
    private String eventsSelect(String columns, SqlContext context, LocalDate from, LocalDate to,
                                List<Condition> conditions, Join join, String only, Binder b, boolean withUsers) {
        StringBuilder sql = new StringBuilder("SELECT ").append(columns).append(" FROM ")
                .append(keyedSource(ModeledTables.EVENT, context.appId(), b)).append(" e");
        if (withUsers) {
            sql.append(" LEFT JOIN (SELECT user_pseudo_id, user_properties FROM ").append(keyedSource(ModeledTables.USER,
                    context.appId(), b)).append(" WHERE app_id = ").append(b.bind(context.appId()))
                    .append(") usr ON usr.user_pseudo_id = e.user_pseudo_id");
        }
        sql.append(" WHERE e.app_id = ").append(b.bind(context.appId()));
        if (from != null) {
            sql.append(" AND e.event_date BETWEEN ").append(dateParam(b.bind(from.toString()))).append(" AND ")
                    .append(dateParam(b.bind(to.toString())));
        } else {
            sql.append(" AND e.event_date <= ").append(dateParam(b.bind(to.toString())));
        }
        sql.append(" AND e.user_pseudo_id IS NOT NULL");
        if (!conditions.isEmpty()) {
            sql.append(" AND ").append(conditions(conditions, join, context, b));
        }
        if (only != null) {
            sql.append(" AND ").append(only);
        }
        return sql.toString();
    }

    private static boolean mentionsUserAttribute(SqlContext context) {
        return context.properties().values().stream().anyMatch(p -> p.kind() == Property.Kind.USER_ATTRIBUTE);
    }

    /** An event name and its conditions, as one boolean expression over {@code e}. */
    private String specCondition(EventSpec spec, SqlContext context, Binder b) {
        String name = "e.event_name = " + b.bind(spec.event());
        if (spec.conditions().isEmpty()) {
            return "(" + name + ")";
        }
        return "(" + name + " AND " + conditions(spec.conditions(), spec.joinOrAnd(), context, b) + ")";
    }

    private String conditions(List<Condition> conditions, Join join, SqlContext context, Binder b) {
        List<String> parts = new ArrayList<>();
        for (Condition condition : conditions) {
            parts.add(condition(condition, context, b));
        }
        return "(" + String.join(join == Join.OR ? " OR " : " AND ", parts) + ")";
    }

    private String condition(Condition condition, SqlContext context, Binder b) {
        Property property = context.property(condition.property());
        String x = valueExpression(property, b);
        List<Object> values = condition.allValues();
        return switch (condition.operator()) {
            case IS_NULL -> x + " IS NULL";
            case IS_NOT_NULL -> x + " IS NOT NULL";
            case EQ -> x + " = " + value(property, values.get(0), b);
            case NE -> x + " <> " + value(property, values.get(0), b);
            case GT -> x + " > " + value(property, values.get(0), b);
            case GE -> x + " >= " + value(property, values.get(0), b);
            case LT -> x + " < " + value(property, values.get(0), b);
            case LE -> x + " <= " + value(property, values.get(0), b);
            case BETWEEN -> x + " BETWEEN " + value(property, values.get(0), b) + " AND " + value(property, values.get(1), b);
            case IN, NOT_IN -> {
                List<String> list = new ArrayList<>();
                for (Object v : values) {
                    list.add(value(property, v, b));
                }
                yield x + (condition.operator() == io.clickstream.studio.explore.model.Operator.IN ? " IN (" : " NOT IN (")
                        + String.join(", ", list) + ")";
            }
            case CONTAINS -> "strpos(" + textExpression(property, b) + ", " + b.bind(String.valueOf(values.get(0))) + ") > 0";
            case NOT_CONTAINS -> "strpos(" + textExpression(property, b) + ", " + b.bind(String.valueOf(values.get(0))) + ") = 0";
        };
    }

    private String value(Property property, Object value, Binder b) {
        if (property.numeric()) {
            double number = value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString().trim());
            return "CAST(" + b.bind(number) + " AS " + doubleType() + ")";
        }
        return b.bind(String.valueOf(value));
    }

    /** The property as compared: numbers as doubles, text as text. */
    private String valueExpression(Property property, Binder b) {
        String raw = rawExpression(property, b);
        if (!property.numeric()) {
            return raw;
        }
        return property.kind() == Property.Kind.COLUMN ? "CAST(" + raw + " AS " + doubleType() + ")" : toNumber(raw);
    }

    /** The property as text (for contains). */
    private String textExpression(Property property, Binder b) {
        String raw = rawExpression(property, b);
        return property.kind() == Property.Kind.COLUMN && property.numeric() ? "CAST(" + raw + " AS " + varcharType() + ")" : raw;
    }

    private String rawExpression(Property property, Binder b) {
        return switch (property.kind()) {
            case COLUMN -> "e." + checkedColumn(property.name());
            case EVENT_PARAMETER -> mapValue("e.custom_parameters", b.bind(property.name()));
            case USER_ATTRIBUTE -> mapValue("usr.user_properties", b.bind(property.name()));
        };
    }

    /** A group-by (or same-property) value as text; null without a property. */
    private String groupExpression(String reference, SqlContext context, Binder b) {
        if (reference == null) {
            return "CAST(NULL AS " + varcharType() + ")";
        }
        return textExpression(context.property(reference), b);
    }

    private String numberExpression(String reference, SqlContext context, Binder b) {
        return valueExpression(context.property(reference), b);
    }

    private static String checkedColumn(String name) {
        if (!EVENT_COLUMNS.contains(name)) {
            throw new IllegalStateException("not a queryable event column: " + name);
        }
        return name;
    }

    /**
     * Collects bound values. Fragments are built in any order and a fragment may appear twice in a statement, so a
     * bound value first stands as a marker; {@link #query} then writes the dialect's placeholders in the order they
     * appear in the text, each with its value (a value used twice is bound twice).
     */
    protected final class Binder {

        private static final char MARK = '\u0000';

        private final List<Object> values = new ArrayList<>();
        private final java.util.Map<Object, Object> decided = new java.util.HashMap<>();

        public String bind(Object value) {
            values.add(value);
            return MARK + Integer.toString(values.size() - 1) + MARK;
        }

        /**
         * A choice made once per statement and kept for all of it (which copy of the data its sources read, so that
         * one statement never reads two versions of the app's data).
         */
        @SuppressWarnings("unchecked")
        public <T> T once(Object key, java.util.function.Supplier<T> choice) {
            if (!decided.containsKey(key)) {
                decided.put(key, choice.get());
            }
            return (T) decided.get(key);
        }

        BoundQuery query(String sql) {
            StringBuilder text = new StringBuilder(sql.length());
            List<Object> bound = new ArrayList<>();
            int i = 0;
            while (i < sql.length()) {
                char c = sql.charAt(i);
                if (c != MARK) {
                    text.append(c);
                    i++;
                    continue;
                }
                int end = sql.indexOf(MARK, i + 1);
                Object value = values.get(Integer.parseInt(sql.substring(i + 1, end)));
                bound.add(value);
                text.append(placeholder(bound.size(), value));
                i = end + 1;
            }
            return new BoundQuery(text.toString(), bound);
        }
    }
}
