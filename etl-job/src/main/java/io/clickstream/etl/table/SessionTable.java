package io.clickstream.etl.table;

import static org.apache.spark.sql.functions.col;

import io.clickstream.etl.SparkSchemas;
import io.clickstream.etl.parse.StageCache;
import io.clickstream.etl.parse.StageRows;
import io.clickstream.model.ModeledTables;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
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
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The {@code session} table, built from {@code event} rows: one row per {@code (app_id, user_pseudo_id,
 * session_id)}, in the partition of its first event's date. A session is engaged when it lasted at least 10 s or
 * had at least two page or screen views. Its traffic source is that of its first event that has one; a session
 * none of whose events has one is Direct. Its {@code event_names}, {@code event_dates} and {@code event_times} list
 * its named events in {@code (event_time_msec, event_id)} order (see {@link ModeledTables#SESSION}).
 */
public final class SessionTable {

    /** What a session without a traffic source counts as (as for users, {@link UserTable}). */
    static final UTF8String DIRECT_SOURCE = UTF8String.fromString("(direct)");
    static final UTF8String NO_MEDIUM = UTF8String.fromString("(none)");
    static final UTF8String DIRECT_CHANNEL = UTF8String.fromString("Direct");

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
        JavaRDD<InternalRow> rows = HashFold.foldRdd(input, SessionAggregate.FOLD).map(SessionTable::tableRow);
        return ((org.apache.spark.sql.classic.SparkSession) spark)
                .internalCreateDataFrame(rows.rdd(), SparkSchemas.allColumns(ModeledTables.SESSION), false);
    }

    /**
     * {@link #fromInput} on the calling thread, for the few rows of a micro pass: one session row (table columns,
     * data then partition columns) per session of the event rows among {@code stage} (rows of
     * {@link StageRows#SCHEMA}, any kind, as {@link #inputOfStage} reads them) and of {@code tableRows} (rows of the
     * event table in the columns of {@link #inputSchema}).
     */
    public static List<InternalRow> foldLocal(Iterable<InternalRow> stage, Iterable<InternalRow> tableRows) {
        int kind = StageRows.SCHEMA.fieldIndex(StageRows.KIND);
        int session = StageRows.SCHEMA.fieldIndex("session_id");
        List<String> columns = SessionAggregate.INPUT.stream()
                .map(c -> c.equals("event_date") ? StageRows.PART_DATE : c).toList();
        Iterator<InternalRow> fresh = ColumnView.over(stage.iterator(),
                r -> r.getInt(kind) == StageRows.KIND_EVENT && !r.isNullAt(session),
                new ColumnView(StageRows.SCHEMA, columns, SessionAggregate.INPUT.indexOf("event_date")));
        Iterator<InternalRow> older = tableRows.iterator();
        Iterator<InternalRow> both = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return fresh.hasNext() || older.hasNext();
            }

            @Override
            public InternalRow next() {
                return fresh.hasNext() ? fresh.next() : older.next();
            }
        };
        List<InternalRow> out = new ArrayList<>();
        for (InternalRow aggregate : HashFold.foldLocal(both, SessionAggregate.FOLD)) {
            out.add(tableRow(aggregate));
        }
        return out;
    }

    /** The input columns ({@link #inputColumns}) as a schema. */
    public static StructType inputSchema() {
        StructType events = SparkSchemas.allColumns(ModeledTables.EVENT);
        return new StructType(SessionAggregate.INPUT.stream().map(c -> events.apply(c)).toArray(StructField[]::new));
    }

    /**
     * A session's aggregate ({@link SessionAggregate#SCHEMA}) as a row of the table (data then partition columns):
     * times as timestamps, its duration, whether it was engaged, and its traffic source (Direct without one).
     */
    static InternalRow tableRow(InternalRow a) {
        InternalRow ts = a.isNullAt(14) ? null : a.getStruct(14, SessionAggregate.TRAFFIC_SOURCE.size());
        long start = a.getLong(5);
        long end = a.getLong(6);
        long duration = end - start;
        List<ModeledTables.Column> columns = ModeledTables.SESSION.allColumns();
        Object[] v = new Object[columns.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = switch (columns.get(i).name()) {
                case "session_id" -> a.getUTF8String(2);
                case "user_pseudo_id" -> a.getUTF8String(1);
                case "user_id" -> a.getUTF8String(3);
                case "session_number" -> a.isNullAt(4) ? null : a.getLong(4);
                case "session_start" -> Math.multiplyExact(start, 1000L);
                case "session_end" -> Math.multiplyExact(end, 1000L);
                case "duration_msec" -> duration;
                case "page_views" -> a.getLong(7);
                case "event_count" -> a.getLong(8);
                case "engaged" -> duration >= 10_000 || a.getLong(7) >= 2;
                case "entry_page" -> a.getUTF8String(9);
                case "exit_page" -> a.getUTF8String(10);
                case "platform" -> a.getUTF8String(11);
                case "geo_country" -> a.getUTF8String(12);
                case "device_ua_device_category" -> a.getUTF8String(13);
                case "traffic_source_source" -> ts == null || ts.isNullAt(0) ? DIRECT_SOURCE : ts.getUTF8String(0);
                case "traffic_source_medium" -> ts == null ? NO_MEDIUM : ts.getUTF8String(1);
                case "traffic_source_campaign" -> ts == null ? null : ts.getUTF8String(2);
                case "traffic_source_channel_group" -> ts == null ? DIRECT_CHANNEL : ts.getUTF8String(3);
                case "traffic_source_category" -> ts == null ? null : ts.getUTF8String(4);
                case "event_names" -> a.getArray(16);
                case "event_dates" -> a.getArray(17);
                case "event_times" -> a.getArray(18);
                case "app_id" -> a.getUTF8String(0);
                case "event_date" -> a.isNullAt(15) ? null : a.getInt(15);
                default -> throw new IllegalStateException("session column without a source in its aggregate: "
                        + columns.get(i).name());
            };
        }
        return new GenericInternalRow(v);
    }
}
