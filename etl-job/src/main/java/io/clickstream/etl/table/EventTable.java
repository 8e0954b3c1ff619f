package io.clickstream.etl.table;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.to_date;

import io.clickstream.etl.parse.StageRows;
import io.clickstream.model.ModeledTables;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The {@code event} table's transforms: decoded stage rows to table rows, and the exactly-once merge of a
 * partition's existing rows with new ones. Rows carry three ordering columns until the merge drops them:
 * {@code prio} (0 existing, 1 new), then the new row's ingest time and raw position, so the surviving copy of an
 * event id is the same whichever way a run was split or repeated.
 */
public final class EventTable {

    static final String PRIO = "prio";

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
        cols.add(lit(1).alias(PRIO));
        return stage.filter(col(StageRows.KIND).equalTo(StageRows.KIND_EVENT)).select(cols.toArray(Column[]::new));
    }

    /** Existing table rows in the same shape as {@link #fromStage}. */
    public static Dataset<Row> existing(Dataset<Row> tableRows) {
        return tableRows
                .withColumn(StageRows.SRC_FILE, lit(""))
                .withColumn(StageRows.SRC_ORDINAL, lit(0L))
                .withColumn(PRIO, lit(0));
    }

    /**
     * One row per {@code (app_id, event_date, event_id)}, existing rows first, in table columns; clustered so that
     * each partition is written by one task as one file.
     */
    public static Dataset<Row> merge(Dataset<Row> existing, Dataset<Row> fresh, int tasks, Long sessionTimeoutMsec) {
        Dataset<Row> all = existing == null ? fresh : existing.unionByName(fresh);
        WindowSpec firstCopy = Window.partitionBy(col("app_id"), col("event_date"), col("event_id"))
                .orderBy(col(PRIO), col("ingest_time"), col(StageRows.SRC_FILE), col(StageRows.SRC_ORDINAL));
        Dataset<Row> unique = all.repartition(tasks, col("app_id"), col("event_date"))
                .withColumn("rn", row_number().over(firstCopy))
                .filter(col("rn").equalTo(1));
        if (sessionTimeoutMsec != null) {
            unique = sessionize(unique, sessionTimeoutMsec);
        }
        return unique.select(tableColumns(ModeledTables.EVENT));
    }

    /**
     * Gives events without an SDK session id a session per user and day, split by inactivity gaps; its id is
     * {@code <user_pseudo_id>-<first event msec>}, stable however the events arrived.
     */
    static Dataset<Row> sessionize(Dataset<Row> events, long timeoutMsec) {
        Column noSdkSession = col("session_id").isNull();
        WindowSpec byUser = Window.partitionBy(col("app_id"), col("event_date"), col("user_pseudo_id"), noSdkSession)
                .orderBy(col("event_time_msec"), col("event_id"));
        return events
                .withColumn("gap", col("event_time_msec").minus(lag(col("event_time_msec"), 1).over(byUser)))
                .withColumn("starts", when(col("gap").isNull().or(col("gap").gt(timeoutMsec)), 1).otherwise(0))
                .withColumn("sidx", sum(col("starts")).over(byUser.rowsBetween(Window.unboundedPreceding(), Window.currentRow())))
                .withColumn("sstart", min(col("event_time_msec")).over(Window.partitionBy(col("app_id"),
                        col("event_date"), col("user_pseudo_id"), noSdkSession, col("sidx"))))
                .withColumn("session_id", coalesce(col("session_id"),
                        concat(coalesce(col("user_pseudo_id"), lit("")), lit("-"), col("sstart").cast("string"))));
    }

    static Column[] tableColumns(ModeledTables.Table table) {
        return table.allColumns().stream().map(c -> col(c.name())).toArray(Column[]::new);
    }
}
