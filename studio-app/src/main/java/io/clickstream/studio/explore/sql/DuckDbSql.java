package io.clickstream.studio.explore.sql;

import io.clickstream.model.LakeLayout;
import io.clickstream.model.ModeledTables;
import io.clickstream.studio.explore.model.Window;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Explorations in DuckDB over a local lake's Parquet files, read with hive partitioning so that {@code app_id} and
 * {@code event_date} come from directory names and filters on them skip whole partitions. The file glob is a bound
 * value too. A table without files for the app reads as an empty relation of its columns (DuckDB refuses a glob
 * that matches nothing). With an explore mirror ({@link MirrorTables}), a statement reads its native tables instead
 * where the mirror holds the app's current data version (decided once per statement), else the Parquet.
 */
public final class DuckDbSql extends ExplorationSql {

    private final LakeLayout lake;
    private final MirrorTables mirror;

    public DuckDbSql(LakeLayout lake) {
        this(lake, MirrorTables.NONE);
    }

    /** Explorations reading the mirror's native tables where it reflects the app's current data, else the Parquet. */
    public DuckDbSql(LakeLayout lake, MirrorTables mirror) {
        this.lake = lake;
        this.mirror = mirror;
    }

    @Override
    public Dialect dialect() {
        return Dialect.DUCKDB;
    }

    @Override
    protected String placeholder(int index, Object value) {
        return "?";
    }

    @Override
    protected String source(ModeledTables.Table table, String appId, Binder binder) {
        if (!LakeLayout.isSafeSegment(appId)) {
            return emptyRelation(table);
        }
        Map<ModeledTables.Table, String> mirrored = mirrored(appId, binder);
        if (mirrored != null) {
            // Rows of every app sit in one table; each statement filters on app_id, as it does over the Parquet.
            String mirrorTable = mirrored.get(table);
            if (mirrorTable == null) {
                return emptyRelation(table);
            }
            // the table's columns alone (a statement may read them all, e.g. an event's details)
            return mirror.userKeys() == null ? mirrorTable : "(SELECT * EXCLUDE (mirror_file, user_key) FROM " + mirrorTable + " k)";
        }
        Path appDir = Path.of(lake.modeledTable(table), "app_id=" + appId);
        if (!holdsParquet(appDir)) {
            return emptyRelation(table);
        }
        // Partition types are stated, not inferred: an app id such as "1234" must stay text. union_by_name lets
        // files written before a column was added to ModeledTables sit next to newer ones.
        return "read_parquet(" + binder.bind(appDir + "/event_date=*/*.parquet")
                + ", hive_partitioning = true, union_by_name = true, "
                + "hive_types = {'app_id': VARCHAR, 'event_date': DATE})";
    }

    /**
     * Over the mirror (where it has user keys), each table with its {@code user_key} in place of {@code user_pseudo_id}:
     * integers join, group and count faster than text.
     */
    @Override
    protected String keyedSource(ModeledTables.Table table, String appId, Binder binder) {
        if (!readsUserKeys(appId, binder)) {
            return source(table, appId, binder);
        }
        // user_key where the mirror holds the table; mirror_file stays (no statement reading keys reads every column)
        String mirrored = mirrored(appId, binder).get(table);
        return mirrored == null
                ? "(SELECT * REPLACE (CAST(NULL AS INTEGER) AS user_pseudo_id) FROM " + emptyRelation(table) + " k)"
                : "(SELECT * REPLACE (user_key AS user_pseudo_id) FROM " + mirrored + " k)";
    }

    /** Over the mirror with user keys, the keys' ids from its dictionary. */
    @Override
    protected String userIds(String keys, String appId, Binder binder) {
        if (!readsUserKeys(appId, binder)) {
            return super.userIds(keys, appId, binder);
        }
        return "(SELECT d.user_pseudo_id AS u FROM (" + keys + ") k JOIN " + mirror.userKeys() + " d ON d.user_key = k.u)";
    }

    @Override
    protected String mapValue(String mapColumn, String keyPlaceholder) {
        return mapColumn + "[" + keyPlaceholder + "]";
    }

    @Override
    protected String toNumber(String textExpression) {
        return "TRY_CAST(" + textExpression + " AS DOUBLE)";
    }

    @Override
    protected String doubleType() {
        return "DOUBLE";
    }

    @Override
    protected String valueOfExtreme(boolean greatest, String value, String... keys) {
        return (greatest ? "arg_max(" : "arg_min(") + value + ", (" + String.join(", ", keys) + "))";
    }

    @Override
    protected String firstInList(String list, String after, String start, String windowMillis) {
        return "list_min(list_filter(" + list + ", lambda x: x >= " + after + " AND x - " + start + " <= "
                + windowMillis + "))";
    }

    /** DuckDB's median of numbers averages the two middle values of an even count. */
    @Override
    protected String medianAggregate(String expression) {
        return "CAST(median(" + expression + ") AS DOUBLE)";
    }

    @Override
    protected String valueOfExtremeWithNulls(String value, String... keys) {
        return "arg_min_null(" + value + ", (" + String.join(", ", keys) + "))";
    }

    @Override
    protected boolean hasNearestTouch() {
        return true;
    }

    /**
     * Each goal's last (first) touch by one as-of join of goals and touches on their times per user (and session or
     * day), instead of pairing every goal with every touch of its user (a hash join of millions of pairs at ten
     * million events). A last touch is the latest touch at or before the goal's millisecond, then within the time
     * window or not credited; a first touch the earliest at or after the window's start (or the partition's first),
     * then at or before the goal. Touches are one row per millisecond (and session or day) for the join to compare
     * times alone (numbers, not {@code (time, id)} pairs: about half the join's time); where several touches share one,
     * the one with the greatest (least) event id stands for them, read from {@code evWithIds} for those rows alone:
     * the scan of the events leaves out their ids (the costliest column), and with no shared millisecond (the common
     * case) DuckDB skips that second read.
     */
    @Override
    protected String nearestTouch(boolean last, Window window, String goalDates, String evWithIds, Binder binder) {
        boolean timed = window.unit() != Window.Unit.SESSION && window.unit() != Window.Unit.SAME_DAY;
        String goalKey = last ? "t" : "CAST(" + (timed ? "t - " + binder.bind(window.millis())
                : binder.bind(Long.MIN_VALUE)) + " AS BIGINT)";
        String credited = last ? (timed ? "g.t - tp.t <= " + binder.bind(window.millis()) : "tp.t IS NOT NULL")
                : "tp.t <= g.t";
        String part = switch (window.unit()) {
            case SESSION -> "s";
            case SAME_DAY -> "d";
            default -> null;
        };
        String keys = "u, t" + (part == null ? "" : ", " + part);
        String touches = "mt = 1 AND lb IS NOT NULL" + (window.unit() == Window.Unit.SESSION ? " AND s IS NOT NULL" : "");
        return ",\nei AS NOT MATERIALIZED (" + evWithIds + ")"
                + ",\ng AS (SELECT u, t, s, d, v, " + goalKey + " AS k FROM eg WHERE " + goalDates + ")"
                + ",\ntc AS MATERIALIZED (SELECT " + keys + ", MIN(lb) AS lb, COUNT(*) AS c FROM et WHERE " + touches
                + " GROUP BY " + keys + ")"
                + ",\ntx AS (SELECT " + keys + ", " + (last ? "arg_max" : "arg_min") + "(lb, id) AS lb FROM ei WHERE "
                + touches + " AND EXISTS (SELECT 1 FROM tc WHERE tc.c > 1 AND tc.u = ei.u AND tc.t = ei.t"
                + (part == null ? "" : " AND tc." + part + " = ei." + part) + ") GROUP BY " + keys + ")"
                + ",\ntp AS (SELECT " + keys + ", lb FROM tc WHERE c = 1 UNION ALL SELECT " + keys + ", lb FROM tx)"
                + ",\npr AS (SELECT g.u AS gu, CAST(NULL AS VARCHAR) AS gid, g.t AS gt, g.v, CASE WHEN " + credited
                + " THEN tp.lb END AS lb, CASE WHEN " + credited + " THEN tp.t END AS tt, CASE WHEN " + credited
                + " THEN '' END AS tid FROM g ASOF LEFT JOIN tp ON tp.u = g.u"
                + (part == null ? "" : " AND tp." + part + " = g." + part) + " AND tp.t " + (last ? "<=" : ">=")
                + " g.k)";
    }

    /**
     * One aggregation per journey instead of two window orderings over every event: its nodes sorted by (time, id) as
     * a list (with the session table's sequences, those are the lists of the sessions that have one, and only the
     * others are aggregated). Each list is read from the anchor's first place (backwards: the reversed list), where
     * its first {@code depth} nodes with consecutive repeats merged are found without a lambda or an unnest: its
     * first {@code 2 * depth} elements {@code e1..}, whether each differs from the one before ({@code b}), their
     * running counts ({@code c}: the k-th node is the first element whose count is k). Only the journeys with fewer
     * than {@code depth} nodes among those elements and more elements after them merge their whole list (a lambda).
     * The journeys are then counted by their nodes ({@code h1..}), and those few rows become the nodes read at each
     * depth with the next one.
     */
    @Override
    protected String journeyNodeLists(String anchor, boolean backwards, int depth, boolean sequences) {
        int window = 2 * depth;
        StringBuilder e = new StringBuilder();
        StringBuilder b = new StringBuilder();
        StringBuilder c = new StringBuilder();
        StringBuilder es = new StringBuilder();
        StringBuilder sum = new StringBuilder("1");
        for (int k = 1; k <= window; k++) {
            e.append(", l[ap + ").append(k - 1).append("] AS e").append(k);
            es.append(", e").append(k);
            if (k > 1) {
                b.append(", CASE WHEN e").append(k).append(" <> e").append(k - 1).append(" THEN 1 ELSE 0 END AS b").append(k);
                sum.append(" + b").append(k);
                c.append(", ").append(sum).append(" AS c").append(k);
            }
        }
        StringBuilder heads = new StringBuilder("e1 AS h1");
        StringBuilder chosen = new StringBuilder();
        StringBuilder names = new StringBuilder();
        for (int j = 1; j <= depth; j++) {
            if (j > 1) {
                heads.append(", CASE");
                for (int k = j; k <= window; k++) {
                    heads.append(" WHEN c").append(k).append(" = ").append(j).append(" THEN e").append(k);
                }
                heads.append(" END AS h").append(j);
                chosen.append(", ");
                names.append(", ");
            }
            chosen.append("CASE WHEN m IS NULL THEN h").append(j).append(" ELSE m[").append(j).append("] END AS h").append(j);
            names.append("h").append(j);
        }
        String list = backwards ? "list_reverse(l)" : "l";
        String place = anchor == null ? "CASE WHEN len(l) > 0 THEN 1 ELSE 0 END" : "list_position(l, " + anchor + ")";
        return ",\njl AS (SELECT list_transform(list_sort(list({'t': t, 'i': id, 'n': nd})), lambda x: x.n) AS l "
                + "FROM j GROUP BY u, jk" + (sequences ? " UNION ALL SELECT l FROM ss)" : ")")
                + ",\njp AS (SELECT l, ap" + e + " FROM (SELECT l, " + place + " AS ap FROM (SELECT " + list
                + " AS l FROM jl) r) a WHERE ap > 0)"
                + ",\njb AS (SELECT l, ap" + es + b + " FROM jp)"
                + ",\njc AS (SELECT l, ap" + es + c + " FROM jb)"
                + ",\njh AS (SELECT " + heads + ", CASE WHEN c" + window + " < " + depth + " AND len(l) >= ap + " + window
                + " THEN list_filter(l[ap:], lambda x, i: i = 1 OR x <> l[ap + i - 2]) END AS m FROM jc)"
                + ",\njg AS (SELECT " + names + ", COUNT(*) AS c FROM (SELECT " + chosen + " FROM jh) f GROUP BY ALL)"
                + ",\nqc AS (SELECT dp, nd, nx, SUM(c) AS c FROM (SELECT dp, hl[dp] AS nd, hl[dp + 1] AS nx, c FROM "
                + "(SELECT [" + names + "] AS hl, c, unnest(range(1, " + (depth + 1) + ")) AS dp FROM jg) y) z "
                + "WHERE nd IS NOT NULL GROUP BY dp, nd, nx)";
    }

    /**
     * The session table's sequences cut to the range: whole when the session's events all lie in it (nearly all), else
     * only the elements whose date does. Sessions are read from every partition up to the range's end (a session's
     * partition is its first event's date), skipping by {@code session_end} those that ended over a day before the
     * range began in any zone, and, for a path from or to a node, those whose sequence does not hold it. The sessions
     * without a sequence are read apart ({@code sn}): keeping their ids beside the lists would cost more (a
     * materialized million rows, their ids decoded) than reading the names once more.
     */
    @Override
    protected String sessionSequences(SqlContext context, String anchor, Binder binder) {
        if (!hasSessionTable(context, binder)) {
            return null;
        }
        String from = dateParam(binder.bind(context.range().from().toString()));
        String to = dateParam(binder.bind(context.range().to().toString()));
        String sessions = sessionRows(context, context.range().from(), context.range().to(), binder);
        // Whole where it began in the range and ended over a day before the range's last day (as the funnel's
        // sessions: then every event of it is dated in the range) without a look at its dates, else by its last date.
        return "ss AS (SELECT CASE WHEN sd >= lo AND (se < CAST(hi - 1 AS TIMESTAMP) OR list_max(d) <= hi) THEN n ELSE "
                + "list_filter(n, lambda x, i: d[i] BETWEEN lo AND hi) END AS l FROM (SELECT event_names AS n, "
                + "event_dates AS d, event_date AS sd, session_end AS se, " + from
                + " AS lo, " + to + " AS hi FROM " + sessions + " AND event_names IS NOT NULL"
                + (anchor == null ? "" : " AND list_contains(event_names, " + binder.bind(anchor) + ")") + ") z),\n"
                + "sn AS (SELECT user_pseudo_id AS u, session_id AS s FROM " + sessions + " AND event_names IS NULL)";
    }

    /**
     * The session table of the app, {@code FROM} on, with its rows that may hold an event from {@code from} (null: any
     * day) to {@code to}: from every partition up to {@code to} (a session's partition is its first event's date),
     * skipping by {@code session_end} those that ended over a day before {@code from} in any zone.
     */
    private String sessionRows(SqlContext context, LocalDate from, LocalDate to, Binder binder) {
        return keyedSource(ModeledTables.SESSION, context.appId(), binder) + " WHERE app_id = " + binder.bind(context.appId())
                + " AND user_pseudo_id IS NOT NULL AND event_date <= " + dateParam(binder.bind(to.toString()))
                + (from == null ? "" : " AND session_end >= CAST(" + dateParam(binder.bind(from.toString()))
                + " - 2 AS TIMESTAMP)");
    }

    /**
     * The mirror's tables of the app when this statement reads the mirror (decided once per statement, so that all
     * of its sources read one version of the data), else null.
     */
    private Map<ModeledTables.Table, String> mirrored(String appId, Binder binder) {
        return binder.once("mirror " + appId, () -> mirror.currentTables(appId));
    }

    /** Whether this statement reads the mirror, and it with user keys. */
    private boolean readsUserKeys(String appId, Binder binder) {
        return LakeLayout.isSafeSegment(appId) && mirrored(appId, binder) != null && mirror.userKeys() != null;
    }

    /**
     * Whether the app has a session table to read (its id is a safe path segment and its folder holds Parquet, or
     * the mirror this statement reads holds its sessions).
     */
    private boolean hasSessionTable(SqlContext context, Binder binder) {
        if (!LakeLayout.isSafeSegment(context.appId())) {
            return false;
        }
        Map<ModeledTables.Table, String> mirrored = mirrored(context.appId(), binder);
        if (mirrored != null) {
            return mirrored.containsKey(ModeledTables.SESSION);
        }
        return holdsParquet(Path.of(lake.modeledTable(ModeledTables.SESSION), "app_id=" + context.appId()));
    }

    /**
     * The session rows with an event from {@code from} to {@code to}, selected as {@link #sessionSequences} does, read
     * once (their readers read them two or three times) and kept small: a session's last date ({@code md}, the
     * greatest of its dates), its dates' list only where that differs from its partition date (the few sessions across
     * midnight), its id only where its lists are not usable. A list leaving out some of the session's events (without
     * a name) is as good as none: its count differs from the session's event count.
     */
    @Override
    protected String sessionEvents(SqlContext context, LocalDate from, LocalDate to, boolean namesAndTimes,
                                   Binder binder) {
        if (!hasSessionTable(context, binder)) {
            return null;
        }
        String whole = "len(event_dates) = event_count";
        return "ss AS MATERIALIZED (SELECT u, CASE WHEN md IS NULL THEN s END AS s, sd, md, CASE WHEN md <> sd THEN d END "
                + "AS d" + (namesAndTimes ? ", n, tm" : "") + " FROM (SELECT user_pseudo_id AS u, session_id AS s, "
                + "event_dates AS d, CASE WHEN " + whole + " THEN list_max(event_dates) END AS md, event_date AS sd"
                + (namesAndTimes ? ", event_names AS n, CASE WHEN " + whole + " THEN event_times END AS tm" : "")
                + " FROM " + sessionRows(context, from, to, binder) + ") z)";
    }

    /** Nearly every session has one date: then that row, without a lambda or an unnest. */
    @Override
    protected String sessionDays(String to) {
        return "SELECT u, sd AS d FROM ss WHERE md = sd UNION ALL SELECT u, unnest(list_distinct(list_filter(d, "
                + "lambda x: x <= " + to + "))) AS d FROM ss WHERE md <> sd";
    }

    /**
     * The funnel's session rows, selected as {@link #sessionEvents} does, read twice: {@code ss} keeps one small row
     * per session (user, step-1 time {@code f}, whether its lists are usable, its id only where they are not), and
     * {@code sl}, not kept but read again where used, gives the usable sessions' names and times (keeping a million
     * rows of lists cost more than reading them once more: the lists of the few sessions near each user's step 1 are
     * all the funnel then unnests). A session's lists are in (time, id) order and its dates follow its times, so its
     * first event of the name dated in the range is its first one at all where every event of it is dated in the range:
     * where it began in the range (its partition date) and ended over a day before the range's last day (its
     * {@code session_end}, an instant, is at most a day off its local date, and one more day of slack covers a session
     * time zone other than UTC), found by {@code list_position}; the few others (near the range's ends) filter by their
     * dates.
     */
    @Override
    protected String sessionFunnelEvents(SqlContext context, LocalDate to, String firstName, Binder binder) {
        if (!hasSessionTable(context, binder)) {
            return null;
        }
        String from = dateParam(binder.bind(context.range().from().toString()));
        String last = dateParam(binder.bind(context.range().to().toString()));
        String rows = "(SELECT user_pseudo_id AS u, session_id AS s, event_date AS sd, session_end AS se, "
                + "event_names AS n, event_dates AS d, CASE WHEN len(event_names) = event_count AND len(event_dates) = "
                + "event_count AND len(event_times) = event_count THEN event_times END AS tm, " + firstName + " AS fn, "
                + from + " AS lo, " + last + " AS hi FROM " + sessionRows(context, context.range().from(), to, binder)
                + ")";
        return "sr AS " + notMaterialized() + rows
                + ",\nss AS MATERIALIZED (SELECT u, CASE WHEN tm IS NULL THEN s END AS s, CASE WHEN tm IS NOT NULL "
                + "THEN 1 END AS ok, CASE WHEN tm IS NULL THEN NULL "
                + "WHEN sd >= lo AND se < CAST(hi - 1 AS TIMESTAMP) THEN tm[nullif(list_position(n, fn), 0)] "
                + "ELSE list_min(list_filter(tm, lambda x, i: n[i] = fn AND d[i] BETWEEN lo AND hi)) END AS f "
                + "FROM sr x)"
                + ",\nsl AS " + notMaterialized() + "(SELECT u, n, tm FROM sr y WHERE tm IS NOT NULL)";
    }

    @Override
    protected String materialized() {
        return "MATERIALIZED ";
    }

    @Override
    protected String notMaterialized() {
        return "NOT MATERIALIZED ";
    }

    static String emptyRelation(ModeledTables.Table table) {
        return table.allColumns().stream()
                .map(c -> "CAST(NULL AS " + type(c.type()) + ") AS " + c.name())
                .collect(Collectors.joining(", ", "(SELECT ", " WHERE 1 = 0)"));
    }

    private static String type(ModeledTables.ColumnType type) {
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

    /**
     * Whether a finished Parquet file sits in one of the directory's {@code event_date=} partitions (Spark's
     * {@code _temporary} is not one). Only names are read, and a partition vanishing while it is listed (an ETL
     * commit replacing files) is skipped: a commit moves new files in before it deletes the ones they replace.
     */
    public static boolean holdsParquet(Path appDir) {
        try (DirectoryStream<Path> partitions = Files.newDirectoryStream(appDir, "event_date=*")) {
            for (Path partition : partitions) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(partition, "*.parquet")) {
                    if (files.iterator().hasNext()) {
                        return true;
                    }
                } catch (IOException | DirectoryIteratorException e) {
                    // gone meanwhile: look at the next partition
                }
            }
            return false;
        } catch (IOException | DirectoryIteratorException e) {
            return false;
        }
    }
}
