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
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The {@code session} table, built from {@code event} rows: one row per {@code (app_id, user_pseudo_id,
 * session_id)}, in the partition of its first event's date. A session is engaged when it lasted at least 10 s or
 * had at least two page or screen views. Its traffic source is that of its first event that has one; a session
 * none of whose events has one is Direct. Its {@code event_names}, {@code event_dates} and {@code event_times} list
 * its named events in {@code (event_time_msec, event_id)} order (see {@link ModeledTables#SESSION}).
 */
public final class SessionTable {

    private SessionTable() {
    }

    /** The distinct session keys {@code (app_id, user_pseudo_id, session_id)} of events. */
    public static Dataset<Row> keys(Dataset<Row> events) {
        return events.filter(col("session_id").isNotNull())
                .select(col("app_id"), col("user_pseudo_id"), col("session_id")).distinct();
    }

    /**
     * {@link #keys} of events whose keys the driver holds (a small pass's, {@link StageCache#summarize}): the same
     * rows, as a local table that joins by broadcast.
     */
    public static Dataset<Row> keysOf(List<StageCache.EventKey> events, SparkSession spark) {
        Set<List<String>> keys = new LinkedHashSet<>();
        for (StageCache.EventKey e : events) {
            if (e.sessionId() != null) {
                keys.add(Arrays.asList(e.appId(), e.userPseudoId(), e.sessionId()));
            }
        }
        return LocalRows.of(spark, keys, "app_id", "user_pseudo_id", "session_id");
    }

    /**
     * Rows (events or sessions) of the given sessions ({@code left_semi}) or of all others ({@code left_anti});
     * a missing {@code user_pseudo_id} matches a missing one.
     */
    public static Dataset<Row> ofSessions(Dataset<Row> rows, Dataset<Row> keys, String joinType) {
        Dataset<Row> k = keys.select(col("app_id").alias("k_app"), col("user_pseudo_id").alias("k_user"),
                col("session_id").alias("k_session"));
        return rows.join(k, rows.col("app_id").equalTo(k.col("k_app"))
                .and(rows.col("user_pseudo_id").eqNullSafe(k.col("k_user")))
                .and(rows.col("session_id").equalTo(k.col("k_session"))), joinType);
    }

    /**
     * One session row per {@code (app_id, user_pseudo_id, session_id)} of the events (those without a session id
     * are left out). Aggregated in Java hash maps ({@link SessionAggregate}): partial per input partition, merged
     * after a shuffle of one row per session and partition.
     */
    public static Dataset<Row> fromEvents(Dataset<Row> events) {
        return fromInput(inputOf(events), events.sparkSession());
    }

    /**
     * Event rows narrowed to the columns that {@link #inputOf} and {@link #keys} read: reading (and caching) those
     * instead of every column of the event table.
     */
    public static Dataset<Row> inputColumns(Dataset<Row> events) {
        return events.select(SessionAggregate.INPUT.stream().map(functions::col).toArray(Column[]::new));
    }

    /** The rows of events that have a session id, in the columns {@link #fromInput} reads. */
    public static JavaRDD<InternalRow> inputOf(Dataset<Row> events) {
        return events.filter(col("session_id").isNotNull())
                .select(SessionAggregate.INPUT.stream().map(functions::col).toArray(Column[]::new))
                .queryExecution().toRdd().toJavaRDD();
    }

    /**
     * {@link #inputOf} for the rows of the decoding stage ({@link StageRows#SCHEMA}, any kind), read in place: the
     * wide stage rows are neither copied nor converted.
     */
    public static JavaRDD<InternalRow> inputOfStage(JavaRDD<InternalRow> stage) {
        int kind = StageRows.SCHEMA.fieldIndex(StageRows.KIND);
        int session = StageRows.SCHEMA.fieldIndex("session_id");
        List<String> columns = SessionAggregate.INPUT.stream()
                .map(c -> c.equals("event_date") ? StageRows.PART_DATE : c).toList();
        int date = SessionAggregate.INPUT.indexOf("event_date");
        return stage.mapPartitions(rows -> ColumnView.over(rows,
                r -> r.getInt(kind) == StageRows.KIND_EVENT && !r.isNullAt(session),
                new ColumnView(StageRows.SCHEMA, columns, date)));
    }

    /** One session row per session of the input rows (see {@link #inputOf}). */
    public static Dataset<Row> fromInput(JavaRDD<InternalRow> input, SparkSession spark) {
        Dataset<Row> s = HashFold.fold(input, SessionAggregate.FOLD, SessionAggregate.SCHEMA, spark)
                .withColumn("session_start", expr("timestamp_millis(start_ms)"))
                .withColumn("session_end", expr("timestamp_millis(end_ms)"))
                .withColumn("duration_msec", expr("end_ms - start_ms"));
        return s.select(
                col("session_id"), col("user_pseudo_id"), col("user_id"), col("session_number"),
                col("session_start"), col("session_end"), col("duration_msec"), col("page_views"),
                col("event_count"),
                expr("duration_msec >= 10000 OR page_views >= 2").alias("engaged"),
                col("entry_page"), col("exit_page"), col("platform"), col("geo_country"),
                col("device_ua_device_category"),
                expr("coalesce(ts.source, '(direct)')").alias("traffic_source_source"),
                expr("CASE WHEN ts IS NULL THEN '(none)' ELSE ts.medium END").alias("traffic_source_medium"),
                col("ts.campaign").alias("traffic_source_campaign"),
                expr("CASE WHEN ts IS NULL THEN 'Direct' ELSE ts.channel END").alias("traffic_source_channel_group"),
                col("ts.category").alias("traffic_source_category"),
                col("event_names"), col("event_dates"), col("event_times"),
                col("app_id"), col("event_date"))
                .select(EventTable.tableColumns(ModeledTables.SESSION));
    }
}
