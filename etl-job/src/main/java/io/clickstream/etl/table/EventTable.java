package io.clickstream.etl.table;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.struct;

import io.clickstream.etl.parse.StageCache;
import io.clickstream.etl.parse.StageRows;
import io.clickstream.model.ModeledTables;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The {@code event} table's transforms: decoded stage rows to table rows, and the exactly-once choice of the copies
 * that land. An event id already in its partition keeps the copy there; among new copies the one with the earliest
 * ingest time, then raw position, wins, so the surviving copy is the same whichever way a run was split or
 * repeated.
 */
public final class EventTable {

    /** Marks rows of earlier micro-batches that take part in sessionizing only (their session id). */
    private static final String ANCHOR_SESSION = "_anchor_session";

    private EventTable() {
    }

    /** New events of a pass, in table columns plus ordering columns. */
    public static Dataset<Row> fromStage(Dataset<Row> stage) {
        List<Column> cols = new ArrayList<>();
        for (ModeledTables.Column c : ModeledTables.EVENT.columns()) {
            if (c.type() == ModeledTables.ColumnType.TIMESTAMP) {
                cols.add(expr("timestamp_millis(" + c.name() + ")").alias(c.name()));
            } else {
                cols.add(col(c.name()));
            }
        }
        cols.add(col(StageRows.APP_ID));
        cols.add(to_date(col(StageRows.PART_DATE)).alias("event_date"));
        cols.add(col(StageRows.SRC_FILE));
        cols.add(col(StageRows.SRC_ORDINAL));
        return stage.filter(col(StageRows.KIND).equalTo(StageRows.KIND_EVENT)).select(cols.toArray(Column[]::new));
    }

    /**
     * The new copies that must not land, as {@code (src_file, src_ordinal)}: every copy of an event id its partition
     * already holds, and every copy but the first (ingest time, then raw position) of an id seen twice in the pass.
     * Works on narrow keys only, so the wide rows are never shuffled or sorted for de-duplication.
     *
     * @param copies      new events' {@code app_id, part_date, event_id, ingest_time, src_file, src_ordinal}
     * @param existingIds {@code app_id, part_date, event_id} already in the touched partitions, or null
     */
    public static Dataset<Row> losingCopies(Dataset<Row> copies, Dataset<Row> existingIds) {
        String[] key = new String[] {StageRows.APP_ID, StageRows.PART_DATE, "event_id"};
        // Copies are counted per 64-bit hash of their key: a hash aggregation on one long, with a small shuffle.
        // Only copies whose hash repeats (retries, usually none, and the rare collision) go on to the exact step,
        // which numbers the copies of each exact key; a collision of two different ids leaves both first.
        Column hash = xxhash64(col(StageRows.APP_ID), col(StageRows.PART_DATE), col("event_id"));
        Dataset<Row> repeatedHashes = copies.groupBy(hash.alias("key_hash")).count()
                .filter(col("count").gt(1)).select(col("key_hash"));
        WindowSpec firstCopy = Window.partitionBy(col(StageRows.APP_ID), col(StageRows.PART_DATE), col("event_id"))
                .orderBy(col("ingest_time"), col(StageRows.SRC_FILE), col(StageRows.SRC_ORDINAL));
        // The repeated hashes are broadcast, so that the copies are not shuffled to meet them.
        Dataset<Row> repeated = copies.withColumn("key_hash", hash)
                .join(broadcast(repeatedHashes), new String[] {"key_hash"}, "left_semi")
                .withColumn("rn", row_number().over(firstCopy))
                .filter(col("rn").gt(1)).select(col(StageRows.SRC_FILE), col(StageRows.SRC_ORDINAL));
        if (existingIds == null) {
            return repeated;
        }
        // The pass's ids (usually far fewer than a day's) are the side that gets broadcast: the partitions' ids are
        // scanned once, one column, without a shuffle.
        Dataset<Row> knownIds = existingIds.join(copies.select(col(StageRows.APP_ID), col(StageRows.PART_DATE),
                col("event_id")), key, "left_semi");
        Dataset<Row> known = copies.join(knownIds, key, "left_semi")
                .select(col(StageRows.SRC_FILE), col(StageRows.SRC_ORDINAL));
        return repeated.union(known).distinct();
    }

    /**
     * Whether a small pass (its event keys on the driver) may hold copies that {@link #losingCopies} would drop: a key
     * {@code (app_id, part_date, event_id)} twice among its own, or one already in {@code existing} (the event
     * table's touched partitions, or null). False means there is nothing to drop, decided without a shuffle: only
     * the {@code event_id} column of {@code existing} is scanned, for the pass's ids.
     */
    public static boolean mayHoldCopies(List<StageCache.EventKey> keys, Dataset<Row> existing) {
        Set<List<String>> own = new HashSet<>();
        for (StageCache.EventKey k : keys) {
            if (!own.add(Arrays.asList(k.appId(), k.partDate(), k.eventId()))) {
                return true;
            }
        }
        if (existing == null || keys.isEmpty()) {
            return false;
        }
        Object[] ids = keys.stream().map(StageCache.EventKey::eventId).distinct().toArray();
        for (Row r : existing.filter(col("event_id").isin(ids))
                .selectExpr("app_id", "cast(event_date AS string)", "event_id").collectAsList()) {
            if (own.contains(Arrays.asList(r.getString(0), r.getString(1), r.getString(2)))) {
                return true;
            }
        }
        return false;
    }

    /**
     * New events of a pass that survived de-duplication, in table columns (data, then partition columns). Without a
     * session timeout, events keep the session ids they have. Otherwise events without an SDK session id are
     * sessionized together with {@code existing} (rows of the event table's touched partitions, or null), so that
     * a session continues across micro-batches.
     */
    public static Dataset<Row> newRows(Dataset<Row> keptStage, Long sessionTimeoutMsec, Dataset<Row> existing) {
        Dataset<Row> rows = fromStage(keptStage);
        if (sessionTimeoutMsec != null) {
            rows = sessionize(rows, sessionTimeoutMsec, existing);
        }
        return rows.select(tableColumns(ModeledTables.EVENT));
    }

    /**
     * Gives events without an SDK session id a session per user and day, split by inactivity gaps; its id is
     * {@code <user_pseudo_id>-<first event msec>}, stable however the events arrived. Earlier events of the same
     * users in sessions given this way ({@code existing}) take part as anchors: a new event within the timeout of
     * one joins that session and takes its id. (A late event that would bridge or precede earlier sessions joins
     * the earliest of them; earlier rows are not rewritten.)
     */
    static Dataset<Row> sessionize(Dataset<Row> events, long timeoutMsec, Dataset<Row> existing) {
        Dataset<Row> work = events.withColumn(ANCHOR_SESSION, lit(null).cast("string"));
        if (existing != null) {
            Dataset<Row> users = events.filter(col("session_id").isNull())
                    .select(col("app_id"), col("event_date"), col("user_pseudo_id")).distinct();
            Column derivedSession = col("session_id").equalTo(concat(coalesce(col("user_pseudo_id"), lit("")),
                    lit("-"), expr("substring_index(session_id, '-', -1)")))
                    .and(expr("substring_index(session_id, '-', -1) rlike '^[0-9]+$'"));
            Dataset<Row> anchors = existing.filter(derivedSession)
                    .select(col("app_id"), col("event_date"), col("user_pseudo_id"), col("event_time_msec"),
                            col("event_id"), col("session_id").alias(ANCHOR_SESSION))
                    .join(users, new String[] {"app_id", "event_date", "user_pseudo_id"}, "left_semi")
                    .withColumn("session_id", lit(null).cast("string"));
            work = work.unionByName(anchors, true);
        }
        Column noSdkSession = col("session_id").isNull();
        WindowSpec byUser = Window.partitionBy(col("app_id"), col("event_date"), col("user_pseudo_id"), noSdkSession)
                .orderBy(col("event_time_msec"), col("event_id"));
        WindowSpec bySession = Window.partitionBy(col("app_id"), col("event_date"), col("user_pseudo_id"),
                noSdkSession, col("sidx"));
        Column earliestAnchor = min(when(col(ANCHOR_SESSION).isNotNull(),
                struct(col("event_time_msec"), col(ANCHOR_SESSION)))).over(bySession).getField(ANCHOR_SESSION);
        Dataset<Row> out = work
                .withColumn("gap", col("event_time_msec").minus(lag(col("event_time_msec"), 1).over(byUser)))
                .withColumn("starts", when(col("gap").isNull().or(col("gap").gt(timeoutMsec)), 1).otherwise(0))
                .withColumn("sidx", sum(col("starts")).over(byUser.rowsBetween(Window.unboundedPreceding(), Window.currentRow())))
                .withColumn("sstart", min(col("event_time_msec")).over(bySession))
                .withColumn("anchored", earliestAnchor)
                .withColumn("session_id", coalesce(col("session_id"), col("anchored"),
                        concat(coalesce(col("user_pseudo_id"), lit("")), lit("-"), col("sstart").cast("string"))));
        if (existing != null) {
            out = out.filter(col(ANCHOR_SESSION).isNull());
        }
        return out.drop(ANCHOR_SESSION, "anchored");
    }

    /** The table's columns (data, then partition columns) for a select. */
    public static Column[] tableColumns(ModeledTables.Table table) {
        return table.allColumns().stream().map(c -> col(c.name())).toArray(Column[]::new);
    }

    private static final int[] STAGE_ORDINALS = ModeledTables.EVENT.columns().stream()
            .mapToInt(c -> StageRows.SCHEMA.fieldIndex(c.name())).toArray();
    private static final boolean[] MILLIS_TO_TIMESTAMP;

    static {
        List<ModeledTables.Column> columns = ModeledTables.EVENT.columns();
        MILLIS_TO_TIMESTAMP = new boolean[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            MILLIS_TO_TIMESTAMP[i] = columns.get(i).type() == ModeledTables.ColumnType.TIMESTAMP;
        }
    }

    /**
     * A decoded event ({@link StageRows#SCHEMA}) as a row of the table's data columns, on the calling thread: what
     * {@link #fromStage} gives a micro pass's rows without Spark (epoch millis become timestamps).
     */
    public static InternalRow dataRow(InternalRow stage) {
        Object[] v = new Object[STAGE_ORDINALS.length];
        for (int i = 0; i < v.length; i++) {
            int o = STAGE_ORDINALS[i];
            if (stage.isNullAt(o)) {
                continue;
            }
            v[i] = MILLIS_TO_TIMESTAMP[i] ? Math.multiplyExact(stage.getLong(o), 1000L)
                    : stage.get(o, StageRows.SCHEMA.fields()[o].dataType());
        }
        return new GenericInternalRow(v);
    }
}
