package io.clickstream.etl.table;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import io.clickstream.etl.parse.StageCache;
import io.clickstream.etl.parse.StageRows;
import io.clickstream.model.ModeledTables;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The {@code user} table: one row per {@code (app_id, user_pseudo_id)} in the partition of the user's first visit.
 * A pass folds its new events into the existing rows: first touch (time, date, platform, traffic source) is the
 * earliest ever seen, {@code user_id} the latest non-null login, and user properties keep, per name, the value of
 * the latest events.
 */
public final class UserTable {

    private UserTable() {
    }

    /**
     * Per-user aggregates of the new events of a pass (not yet merged with the table), folded in Java hash maps
     * ({@link UserAggregate}): partial per input partition, merged after a shuffle of one row per user and partition.
     */
    public static Dataset<Row> fromStage(Dataset<Row> stage) {
        Dataset<Row> input = stage.filter(col(StageRows.KIND).equalTo(StageRows.KIND_EVENT)
                        .and(col("user_pseudo_id").isNotNull()))
                .select(UserAggregate.INPUT.stream().map(functions::col).toArray(Column[]::new));
        return HashFold.fold(input, UserAggregate.FOLD, UserAggregate.SCHEMA);
    }

    /**
     * {@link #fromStage} for the rows of the decoding stage as they are kept ({@link StageRows#SCHEMA}, any kind),
     * read in place: the wide stage rows are neither copied nor converted.
     */
    public static Dataset<Row> fromStageRows(JavaRDD<InternalRow> stage, SparkSession spark) {
        int kind = StageRows.SCHEMA.fieldIndex(StageRows.KIND);
        int user = StageRows.SCHEMA.fieldIndex("user_pseudo_id");
        JavaRDD<InternalRow> input = stage.mapPartitions(rows -> ColumnView.over(rows,
                r -> r.getInt(kind) == StageRows.KIND_EVENT && !r.isNullAt(user),
                new ColumnView(StageRows.SCHEMA, UserAggregate.INPUT, -1)));
        return HashFold.fold(input, UserAggregate.FOLD, UserAggregate.SCHEMA, spark);
    }

    /**
     * The {@code (app_id, user_pseudo_id)} of the users of events whose keys the driver holds (a small pass's, read
     * in place, {@link StageCache#summarize}): the keys of {@link #fromStageRows}, as a local table that joins by
     * broadcast.
     */
    public static Dataset<Row> keysOf(List<StageCache.EventKey> events, SparkSession spark) {
        Set<List<String>> keys = new LinkedHashSet<>();
        for (StageCache.EventKey e : events) {
            if (e.userPseudoId() != null) {
                keys.add(Arrays.asList(e.appId(), e.userPseudoId()));
            }
        }
        return LocalRows.of(spark, keys, StageRows.APP_ID, "user_pseudo_id");
    }

    /**
     * Existing users (the partitions being rewritten, or null) merged with new aggregates, in table columns plus
     * the working ones of the merge.
     */
    public static Dataset<Row> merge(Dataset<Row> existing, Dataset<Row> fresh) {
        if (existing == null) {
            existing = fresh.sparkSession().createDataFrame(java.util.List.of(),
                    io.clickstream.etl.SparkSchemas.allColumns(ModeledTables.USER));
        }
        Dataset<Row> o = existing.selectExpr("app_id AS o_app", "user_pseudo_id AS o_user", "user_id AS o_user_id",
                "first_touch AS o_first", "first_visit_date AS o_first_date", "last_seen AS o_last",
                "first_platform AS o_platform", "first_traffic_source_source AS o_ts_source",
                "first_traffic_source_medium AS o_ts_medium", "first_traffic_source_campaign AS o_ts_campaign",
                "first_traffic_source_channel_group AS o_ts_channel", "first_traffic_source_category AS o_ts_category",
                "user_properties AS o_props");
        Dataset<Row> j = o.join(fresh, o.col("o_app").equalTo(fresh.col("app_id"))
                .and(o.col("o_user").equalTo(fresh.col("user_pseudo_id"))), "full_outer");
        String newEarlier = "(o_first IS NULL OR (n_first_ms IS NOT NULL AND timestamp_millis(n_first_ms) < o_first))";
        String newLater = "(o_last IS NULL OR (n_last_ms IS NOT NULL AND timestamp_millis(n_last_ms) >= o_last))";
        return j.selectExpr(
                "coalesce(user_pseudo_id, o_user) AS user_pseudo_id",
                "coalesce(n_user_id, o_user_id) AS user_id",
                "CASE WHEN " + newEarlier + " THEN timestamp_millis(n_first_ms) ELSE o_first END AS first_touch",
                "CASE WHEN " + newEarlier + " THEN to_date(n_first_date) ELSE o_first_date END AS first_visit_date",
                "greatest(o_last, timestamp_millis(n_last_ms)) AS last_seen",
                "CASE WHEN " + newEarlier + " THEN n_platform ELSE o_platform END AS first_platform",
                "CASE WHEN " + newEarlier + " THEN coalesce(n_ts.source, '(direct)') ELSE o_ts_source END"
                        + " AS first_traffic_source_source",
                "CASE WHEN " + newEarlier + " THEN CASE WHEN n_ts IS NULL THEN '(none)' ELSE n_ts.medium END"
                        + " ELSE o_ts_medium END AS first_traffic_source_medium",
                "CASE WHEN " + newEarlier + " THEN n_ts.campaign ELSE o_ts_campaign END AS first_traffic_source_campaign",
                "CASE WHEN " + newEarlier + " THEN CASE WHEN n_ts IS NULL THEN 'Direct' ELSE n_ts.channel END"
                        + " ELSE o_ts_channel END AS first_traffic_source_channel_group",
                "CASE WHEN " + newEarlier + " THEN n_ts.category ELSE o_ts_category END AS first_traffic_source_category",
                "CASE WHEN n_props IS NULL THEN o_props WHEN o_props IS NULL THEN n_props"
                        + " WHEN " + newLater + " THEN map_concat(map_filter(o_props, (k, v) -> NOT array_contains(map_keys(n_props), k)), n_props)"
                        + " ELSE map_concat(map_filter(n_props, (k, v) -> NOT array_contains(map_keys(o_props), k)), o_props)"
                        + " END AS user_properties",
                "coalesce(app_id, o_app) AS app_id",
                "CASE WHEN " + newEarlier + " THEN to_date(n_first_date) ELSE o_first_date END AS event_date");
    }

    /** The table columns of merged rows. */
    public static Dataset<Row> tableRows(Dataset<Row> merged) {
        return merged.select(EventTable.tableColumns(ModeledTables.USER));
    }

    /**
     * {@link #fromStageRows} on the calling thread, for the few rows of a micro pass: the per-user aggregates of the
     * event rows among {@code stage} (rows of {@link StageRows#SCHEMA}, any kind), rows of the schema
     * {@link #merge} takes as new aggregates.
     */
    public static List<InternalRow> foldLocal(Iterable<InternalRow> stage) {
        int kind = StageRows.SCHEMA.fieldIndex(StageRows.KIND);
        int user = StageRows.SCHEMA.fieldIndex("user_pseudo_id");
        Iterator<InternalRow> input = ColumnView.over(stage.iterator(),
                r -> r.getInt(kind) == StageRows.KIND_EVENT && !r.isNullAt(user),
                new ColumnView(StageRows.SCHEMA, UserAggregate.INPUT, -1));
        return HashFold.foldLocal(input, UserAggregate.FOLD);
    }

    /**
     * {@link #merge} of one user on the calling thread: the user's row in the table ({@code existing}, data then
     * partition columns, or null) with its new aggregate ({@code fresh}, a row of {@link #foldLocal}, or null), as a
     * row of the table (data then partition columns).
     */
    public static InternalRow mergeRow(InternalRow existing, InternalRow fresh) {
        InternalRow o = existing != null ? existing : NO_ROW;
        InternalRow n = fresh != null ? fresh : NO_AGGREGATE;
        Long oFirst = o.isNullAt(2) ? null : o.getLong(2);
        Long oLast = o.isNullAt(4) ? null : o.getLong(4);
        Long nFirst = n.isNullAt(2) ? null : Math.multiplyExact(n.getLong(2), 1000L);
        Long nLast = n.isNullAt(3) ? null : Math.multiplyExact(n.getLong(3), 1000L);
        boolean newEarlier = oFirst == null || (nFirst != null && nFirst < oFirst);
        boolean newLater = oLast == null || (nLast != null && nLast >= oLast);
        InternalRow ts = n.isNullAt(7) ? null : n.getStruct(7, SessionAggregate.TRAFFIC_SOURCE.size());
        Integer nDate = n.isNullAt(5) ? null : (int) LocalDate.parse(n.getUTF8String(5).toString()).toEpochDay();
        Object firstDate = newEarlier ? nDate : value(o, 3, DataTypes.DateType);
        Object lastSeen = oLast == null ? nLast : nLast == null ? oLast : (Object) Math.max(oLast, nLast);
        MapData oProps = o.isNullAt(11) ? null : o.getMap(11);
        MapData nProps = n.isNullAt(8) ? null : n.getMap(8);
        MapData props = nProps == null ? oProps : oProps == null ? nProps
                : newLater ? concatWithout(oProps, nProps) : concatWithout(nProps, oProps);
        return new GenericInternalRow(new Object[] {
            n.isNullAt(1) ? o.getUTF8String(0) : n.getUTF8String(1),
            n.isNullAt(4) ? value(o, 1, DataTypes.StringType) : n.getUTF8String(4),
            newEarlier ? nFirst : oFirst,
            firstDate,
            lastSeen,
            newEarlier ? value(n, 6, DataTypes.StringType) : value(o, 5, DataTypes.StringType),
            newEarlier ? (ts == null || ts.isNullAt(0) ? SessionTable.DIRECT_SOURCE : ts.getUTF8String(0))
                    : value(o, 6, DataTypes.StringType),
            newEarlier ? (ts == null ? SessionTable.NO_MEDIUM : value(ts, 1, DataTypes.StringType))
                    : value(o, 7, DataTypes.StringType),
            newEarlier ? (ts == null ? null : value(ts, 2, DataTypes.StringType)) : value(o, 8, DataTypes.StringType),
            newEarlier ? (ts == null ? SessionTable.DIRECT_CHANNEL : value(ts, 3, DataTypes.StringType))
                    : value(o, 9, DataTypes.StringType),
            newEarlier ? (ts == null ? null : value(ts, 4, DataTypes.StringType)) : value(o, 10, DataTypes.StringType),
            props,
            n.isNullAt(0) ? o.getUTF8String(12) : n.getUTF8String(0),
            firstDate});
    }

    /** A user row of nulls, and an aggregate of nulls: the missing side of {@link #mergeRow}. */
    private static final InternalRow NO_ROW = new GenericInternalRow(ModeledTables.USER.allColumns().size());
    private static final InternalRow NO_AGGREGATE = new GenericInternalRow(UserAggregate.SCHEMA.size());

    private static Object value(InternalRow r, int i, org.apache.spark.sql.types.DataType type) {
        return r.isNullAt(i) ? null : r.get(i, type);
    }

    /** {@code map_concat(map_filter(first, k -> k not in second), second)}. */
    private static MapData concatWithout(MapData first, MapData second) {
        ArrayData secondKeys = second.keyArray();
        Set<UTF8String> taken = new java.util.HashSet<>();
        for (int i = 0; i < second.numElements(); i++) {
            taken.add(secondKeys.getUTF8String(i));
        }
        List<Object> keys = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        ArrayData firstKeys = first.keyArray();
        ArrayData firstValues = first.valueArray();
        for (int i = 0; i < first.numElements(); i++) {
            if (!taken.contains(firstKeys.getUTF8String(i))) {
                keys.add(firstKeys.getUTF8String(i));
                values.add(firstValues.isNullAt(i) ? null : firstValues.getUTF8String(i));
            }
        }
        ArrayData secondValues = second.valueArray();
        for (int i = 0; i < second.numElements(); i++) {
            keys.add(secondKeys.getUTF8String(i));
            values.add(secondValues.isNullAt(i) ? null : secondValues.getUTF8String(i));
        }
        return new ArrayBasedMapData(new GenericArrayData(keys.toArray()), new GenericArrayData(values.toArray()));
    }
}
