package io.clickstream.etl.table;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import io.clickstream.etl.parse.StageCache;
import io.clickstream.etl.parse.StageRows;
import io.clickstream.model.ModeledTables;
import java.util.Arrays;
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
}
