package io.clickstream.studio.explore.sql;

import io.clickstream.model.ModeledTables;
import io.clickstream.studio.explore.model.DateSpan;
import io.clickstream.studio.explore.model.Granularity;
import java.util.List;

/**
 * The statements of the built-in dashboards, in the SQL the three engines share, built with the dialect's own table
 * sources, placeholders and date functions ({@link ExplorationSql}). Every value is bound; the only SQL text chosen
 * by a caller is a column of {@link Dimension}, an enum. Days are {@code event_date} (the app's time zone); the
 * {@code session} table holds a session in the partition of its first event's day, the {@code user} table a user in
 * that of their first visit.
 *
 * <p>Definitions: active users are distinct {@code user_pseudo_id}s with an event in the range; new users are users
 * whose first visit falls in the range; page views are {@code _page_view} and {@code _screen_view} events; a session
 * is engaged as the ETL marks it (at least 10 s or two page views).
 */
public final class DashboardSql {

    /** Events that count as a page or screen view. */
    public static final List<String> VIEW_EVENTS = List.of("_page_view", "_screen_view");
    /** The label of a missing value in breakdowns. */
    public static final String NOT_SET = "(not set)";

    /** Columns a breakdown may group by (each a column of the tables named, or an expression over them). */
    public enum Dimension {
        SOURCE("traffic_source_source", true),
        MEDIUM("traffic_source_medium", true),
        CAMPAIGN("traffic_source_campaign", true),
        CHANNEL_GROUP("traffic_source_channel_group", true),
        COUNTRY("geo_country", true),
        PLATFORM("platform", true),
        DEVICE_CATEGORY("device_ua_device_category", true),
        OS("COALESCE(device_os, device_ua_os)", false),
        BROWSER("device_ua_browser", false),
        DEVICE_MODEL("COALESCE(device_model, device_ua_device)", false),
        APP_VERSION("app_version", false),
        SCREEN_RESOLUTION(null, false);

        private final String expression;
        private final boolean onSessions;

        Dimension(String expression, boolean onSessions) {
            this.expression = expression;
            this.onSessions = onSessions;
        }

        /** Whether the {@code session} table has this column (acquisition breakdowns read sessions). */
        public boolean onSessions() {
            return onSessions;
        }
    }

    private final ExplorationSql dialect;

    public DashboardSql(ExplorationSql dialect) {
        this.dialect = dialect;
    }

    /**
     * Columns: event date (DATE, null for the whole range), events, active users, sessions (distinct session ids of
     * events), engagement time in ms, page and screen views (BIGINT); one row per date with events when
     * {@code perDay}, else one row for the whole range.
     */
    public BoundQuery activity(String appId, DateSpan range, boolean perDay) {
        ExplorationSql.Binder b = dialect.new Binder();
        String views = b.bind(VIEW_EVENTS.get(0)) + ", " + b.bind(VIEW_EVENTS.get(1));
        String select = "SELECT " + (perDay ? "event_date" : "CAST(NULL AS DATE)") + ", COUNT(*), "
                + "COUNT(DISTINCT user_pseudo_id), COUNT(DISTINCT session_id), COALESCE(SUM(engagement_time_msec), 0), "
                + "SUM(CASE WHEN event_name IN (" + views + ") THEN 1 ELSE 0 END) FROM "
                + events(appId, range, b);
        return b.query(select + (perDay ? " GROUP BY event_date ORDER BY event_date" : ""));
    }

    /**
     * Columns: first-visit date (DATE, null for the whole range), new users (BIGINT); per first-visit date with new
     * users when {@code perDay}, else one row.
     */
    public BoundQuery newUsers(String appId, DateSpan range, boolean perDay) {
        ExplorationSql.Binder b = dialect.new Binder();
        String from = table(ModeledTables.USER, appId, range, b);
        return b.query(perDay
                ? "SELECT event_date, COUNT(DISTINCT user_pseudo_id) FROM " + from + " GROUP BY event_date ORDER BY event_date"
                : "SELECT CAST(NULL AS DATE), COUNT(DISTINCT user_pseudo_id) FROM " + from);
    }

    /**
     * Columns: session date (DATE, null for the whole range), sessions, engaged sessions, total duration in ms
     * (BIGINT); per date when {@code perDay}, else one row.
     */
    public BoundQuery sessions(String appId, DateSpan range, boolean perDay) {
        ExplorationSql.Binder b = dialect.new Binder();
        String select = "SELECT " + (perDay ? "event_date" : "CAST(NULL AS DATE)") + ", COUNT(*), "
                + "SUM(CASE WHEN engaged THEN 1 ELSE 0 END), COALESCE(SUM(duration_msec), 0) FROM "
                + table(ModeledTables.SESSION, appId, range, b);
        return b.query(select + (perDay ? " GROUP BY event_date ORDER BY event_date" : ""));
    }

    /**
     * Acquisition by a session dimension. Columns: value (VARCHAR, {@value #NOT_SET} when missing), active users,
     * new users, sessions, engaged sessions (BIGINT); most users first, at most {@code limit} rows. A user counts
     * under every value they had a session with; they are new when their first visit is in the range.
     */
    public BoundQuery acquisition(String appId, DateSpan range, Dimension dimension, int limit) {
        if (!dimension.onSessions()) {
            throw new IllegalArgumentException("sessions have no " + dimension);
        }
        ExplorationSql.Binder b = dialect.new Binder();
        String sessions = "SELECT user_pseudo_id AS u, COALESCE(" + dimension.expression + ", " + b.bind(NOT_SET)
                + ") AS v, engaged AS e FROM " + table(ModeledTables.SESSION, appId, range, b);
        String fresh = "SELECT DISTINCT user_pseudo_id AS u FROM " + table(ModeledTables.USER, appId, range, b);
        return b.query("WITH s AS (" + sessions + "),\nn AS (" + fresh + ")\n"
                + "SELECT s.v, COUNT(DISTINCT s.u) AS users, COUNT(DISTINCT n.u) AS fresh, COUNT(*) AS sessions, "
                + "SUM(CASE WHEN s.e THEN 1 ELSE 0 END) AS engaged FROM s LEFT JOIN n ON n.u = s.u "
                + "GROUP BY s.v ORDER BY users DESC, s.v LIMIT " + positive(limit));
    }

    /**
     * Users by an event dimension (devices, platforms, countries). Columns: value (VARCHAR, {@value #NOT_SET} when
     * missing), active users, events (BIGINT); most users first, at most {@code limit} rows.
     */
    public BoundQuery usersBy(String appId, DateSpan range, Dimension dimension, int limit) {
        ExplorationSql.Binder b = dialect.new Binder();
        String value = dimension == Dimension.SCREEN_RESOLUTION
                ? "CASE WHEN device_screen_width IS NULL OR device_screen_height IS NULL THEN NULL ELSE CAST("
                + "device_screen_width AS " + dialect.varcharType() + ") || " + b.bind(" × ") + " || CAST("
                + "device_screen_height AS " + dialect.varcharType() + ") END"
                : dimension.expression;
        return b.query("SELECT v, COUNT(DISTINCT u) AS users, COUNT(*) AS events FROM (SELECT COALESCE(" + value
                + ", " + b.bind(NOT_SET) + ") AS v, user_pseudo_id AS u FROM " + events(appId, range, b)
                + ") x GROUP BY v ORDER BY users DESC, v LIMIT " + positive(limit));
    }

    /**
     * Page or screen views by page title or screen name. Columns: name (VARCHAR), views, users (BIGINT); most
     * viewed first, at most {@code limit} rows; views without a name are left out.
     */
    public BoundQuery views(String appId, DateSpan range, boolean screens, int limit) {
        ExplorationSql.Binder b = dialect.new Binder();
        String column = screens ? "screen_name" : "page_title";
        return b.query("SELECT " + column + ", COUNT(*) AS views, COUNT(DISTINCT user_pseudo_id) AS users FROM "
                + events(appId, range, b) + " AND event_name = " + b.bind(VIEW_EVENTS.get(screens ? 1 : 0))
                + " AND " + column + " IS NOT NULL GROUP BY " + column + " ORDER BY views DESC, " + column
                + " LIMIT " + positive(limit));
    }

    /**
     * Sessions by their first or last page or screen (its URL without the query string). Columns: page (VARCHAR),
     * sessions (BIGINT); most sessions first, at most {@code limit} rows; sessions without a view left out.
     */
    public BoundQuery landings(String appId, DateSpan range, boolean exits, int limit) {
        ExplorationSql.Binder b = dialect.new Binder();
        String column = exits ? "exit_page" : "entry_page";
        return b.query("SELECT p, COUNT(*) AS sessions FROM (SELECT split_part(" + column + ", " + b.bind("?")
                + ", 1) AS p FROM " + table(ModeledTables.SESSION, appId, range, b) + " AND " + column
                + " IS NOT NULL) x GROUP BY p ORDER BY sessions DESC, p LIMIT " + positive(limit));
    }

    /**
     * New and returning users per day. Columns: event date (DATE), active users, of them new that day (first visit
     * that day) (BIGINT); one row per date with events.
     */
    public BoundQuery newAndReturning(String appId, DateSpan range) {
        ExplorationSql.Binder b = dialect.new Binder();
        String activity = "SELECT DISTINCT event_date AS d, user_pseudo_id AS u FROM " + events(appId, range, b);
        String firsts = "SELECT user_pseudo_id AS u, MIN(first_visit_date) AS fv FROM "
                + table(ModeledTables.USER, appId, range, b) + " GROUP BY user_pseudo_id";
        return b.query("WITH a AS (" + activity + "),\nf AS (" + firsts + ")\n"
                + "SELECT a.d, COUNT(*), SUM(CASE WHEN f.fv = a.d THEN 1 ELSE 0 END) FROM a LEFT JOIN f ON f.u = a.u "
                + "GROUP BY a.d ORDER BY a.d");
    }

    /**
     * New-user cohorts: users whose first visit is in the range, by the period of that visit, and how many of them
     * were active (any event) in each later period of the range. Columns: cohort start (DATE), period (INTEGER, 0 =
     * the cohort itself), users (BIGINT).
     */
    public BoundQuery cohorts(String appId, DateSpan range, Granularity period) {
        ExplorationSql.Binder b = dialect.new Binder();
        String firsts = "SELECT user_pseudo_id AS u, " + dialect.truncate(period, "MIN(first_visit_date)") + " AS c FROM "
                + table(ModeledTables.USER, appId, range, b) + " GROUP BY user_pseudo_id";
        String activity = "SELECT DISTINCT user_pseudo_id AS u, " + dialect.truncate(period, "event_date") + " AS p FROM "
                + events(appId, range, b);
        return b.query("WITH f AS (" + firsts + "),\na AS (" + activity + ")\n"
                + "SELECT f.c, " + dialect.periodDiff(period, "f.c", "a.p") + " AS n, COUNT(*) FROM f JOIN a ON a.u = f.u "
                + "WHERE a.p >= f.c GROUP BY f.c, " + dialect.periodDiff(period, "f.c", "a.p") + " ORDER BY f.c, n");
    }

    /**
     * Events of the minutes from {@code startMillis} (inclusive) to {@code endMillis} (exclusive), over the dates
     * they may fall on. Columns: minute index from the start (BIGINT), events, active users (BIGINT); minutes with
     * events only.
     */
    public BoundQuery perMinute(String appId, DateSpan dates, long startMillis, long endMillis) {
        ExplorationSql.Binder b = dialect.new Binder();
        String minute = "CAST(FLOOR((event_time_msec - " + b.bind(startMillis) + ") / " + dialect.dbl("60000")
                + ") AS BIGINT)";
        return b.query("SELECT m, COUNT(*), COUNT(DISTINCT u) FROM (SELECT " + minute + " AS m, user_pseudo_id AS u FROM "
                + events(appId, dates, b) + window(startMillis, endMillis, b) + ") x GROUP BY m ORDER BY m");
    }

    /** Columns: events, active users (BIGINT) from {@code startMillis} (inclusive) to {@code endMillis}. */
    public BoundQuery windowTotals(String appId, DateSpan dates, long startMillis, long endMillis) {
        ExplorationSql.Binder b = dialect.new Binder();
        return b.query("SELECT COUNT(*), COUNT(DISTINCT user_pseudo_id) FROM " + events(appId, dates, b)
                + window(startMillis, endMillis, b));
    }

    /**
     * A dimension's values in a time window. Columns: value (VARCHAR, {@value #NOT_SET} when missing), events,
     * active users (BIGINT); most events first, at most {@code limit} rows. {@link Dimension} or the event name
     * ({@code dimension} null).
     */
    public BoundQuery windowBy(String appId, DateSpan dates, long startMillis, long endMillis, Dimension dimension,
                               int limit) {
        ExplorationSql.Binder b = dialect.new Binder();
        String value = dimension == null ? "event_name" : dimension.expression;
        if (dimension == Dimension.SCREEN_RESOLUTION) {
            throw new IllegalArgumentException("not in a window: " + dimension);
        }
        return b.query("SELECT v, COUNT(*) AS events, COUNT(DISTINCT u) AS users FROM (SELECT COALESCE(" + value + ", "
                + b.bind(NOT_SET) + ") AS v, user_pseudo_id AS u FROM " + events(appId, dates, b)
                + window(startMillis, endMillis, b) + ") x GROUP BY v ORDER BY events DESC, v LIMIT " + positive(limit));
    }

    /**
     * Raw events, newest first, optionally of one user, session or event (the text is compared with
     * {@code user_pseudo_id}, {@code user_id}, {@code session_id} and {@code event_id}) and one event name. Columns:
     * {@link #EVENT_DETAIL_COLUMNS}; rows {@code offset} to {@code offset + limit}.
     */
    public BoundQuery events(String appId, DateSpan range, String who, String eventName, int offset, int limit) {
        ExplorationSql.Binder b = dialect.new Binder();
        StringBuilder sql = new StringBuilder("SELECT ").append(String.join(", ", EVENT_DETAIL_COLUMNS))
                .append(" FROM ").append(events(appId, range, b));
        if (who != null) {
            sql.append(" AND (user_pseudo_id = ").append(b.bind(who)).append(" OR user_id = ").append(b.bind(who))
                    .append(" OR session_id = ").append(b.bind(who)).append(" OR event_id = ").append(b.bind(who))
                    .append(")");
        }
        if (eventName != null) {
            sql.append(" AND event_name = ").append(b.bind(eventName));
        }
        sql.append(" ORDER BY event_time_msec DESC, event_id DESC ").append(dialect.page(positive(limit),
                Math.max(0, offset)));
        return b.query(sql.toString());
    }

    /** Columns: every column of the event table, of the one event with this id in the range (no row if none). */
    public BoundQuery event(String appId, DateSpan range, String eventId) {
        ExplorationSql.Binder b = dialect.new Binder();
        return b.query("SELECT * FROM " + events(appId, range, b) + " AND event_id = " + b.bind(eventId)
                + " ORDER BY event_time_msec LIMIT 1");
    }

    /** The columns of {@link #events(String, DateSpan, String, String, int, int)}, in order. */
    public static final List<String> EVENT_DETAIL_COLUMNS = List.of("event_time_msec", "event_name", "user_pseudo_id",
            "user_id", "session_id", "platform", "geo_country", "page_title", "page_url", "screen_name", "event_id");

    private String events(String appId, DateSpan range, ExplorationSql.Binder b) {
        return table(ModeledTables.EVENT, appId, range, b);
    }

    /** {@code <source> e WHERE app_id = ? AND event_date BETWEEN ? AND ?}: a statement goes on with AND. */
    private String table(ModeledTables.Table table, String appId, DateSpan range, ExplorationSql.Binder b) {
        return dialect.source(table, appId, b) + " e WHERE app_id = " + b.bind(appId) + " AND event_date BETWEEN "
                + dialect.dateParam(b.bind(range.from().toString())) + " AND "
                + dialect.dateParam(b.bind(range.to().toString()));
    }

    private static String window(long startMillis, long endMillis, ExplorationSql.Binder b) {
        return " AND event_time_msec >= " + b.bind(startMillis) + " AND event_time_msec < " + b.bind(endMillis);
    }

    private static int positive(int limit) {
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit out of range: " + limit);
        }
        return limit;
    }
}
