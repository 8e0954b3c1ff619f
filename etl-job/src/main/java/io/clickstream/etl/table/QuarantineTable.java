package io.clickstream.etl.table;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.to_date;

import io.clickstream.etl.parse.StageRows;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.Row;

/** The quarantine's transform: refused events, envelope lines and files, with their reasons. Append-only. */
public final class QuarantineTable {

    private QuarantineTable() {
    }

    public static Dataset<Row> fromStage(Dataset<Row> stage) {
        return stage.filter(col(StageRows.KIND).equalTo(StageRows.KIND_QUARANTINE)).select(
                col(StageRows.Q_REASON).alias("reason"),
                col(StageRows.Q_RAW).alias("raw"),
                col(StageRows.SRC_FILE).alias("source_file"),
                col(StageRows.Q_RID).alias("rid"),
                expr("timestamp_millis(" + StageRows.Q_INGEST_MSEC + ")").alias("ingest_time"),
                col(StageRows.APP_ID).alias("app_id"),
                to_date(col(StageRows.PART_DATE)).alias("date"));
    }

    /** A decoded quarantine record ({@link StageRows#SCHEMA}) as a row of the table's data columns, without Spark. */
    public static InternalRow dataRow(InternalRow stage) {
        int ingest = StageRows.SCHEMA.fieldIndex(StageRows.Q_INGEST_MSEC);
        return new GenericInternalRow(new Object[] {
            text(stage, StageRows.Q_REASON), text(stage, StageRows.Q_RAW), text(stage, StageRows.SRC_FILE),
            text(stage, StageRows.Q_RID),
            stage.isNullAt(ingest) ? null : Math.multiplyExact(stage.getLong(ingest), 1000L)});
    }

    private static Object text(InternalRow stage, String column) {
        int o = StageRows.SCHEMA.fieldIndex(column);
        return stage.isNullAt(o) ? null : stage.getUTF8String(o);
    }
}
