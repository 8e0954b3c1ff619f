package io.clickstream.etl.table;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_date;

import io.clickstream.etl.parse.StageRows;
import io.clickstream.model.ModeledTables;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * The {@code item} table: one row per item of an event. Items follow their event's de-duplication: for each
 * event id only the items of the copy that wins in the {@code event} table survive (existing rows first, then the
 * earliest ingested copy).
 */
public final class ItemTable {

    private ItemTable() {
    }

    public static Dataset<Row> fromStage(Dataset<Row> stage) {
        Dataset<Row> withItems = stage
                .filter(col(StageRows.KIND).equalTo(StageRows.KIND_EVENT).and(col(StageRows.ITEMS).isNotNull()))
                .select(col("event_id"), col("event_name"),
                        expr("timestamp_millis(event_timestamp)").alias("event_timestamp"),
                        col("user_pseudo_id"), col(StageRows.APP_ID),
                        to_date(col(StageRows.PART_DATE)).alias("event_date"),
                        expr("timestamp_millis(ingest_time)").alias("ingest_time"),
                        col(StageRows.SRC_FILE), col(StageRows.SRC_ORDINAL),
                        expr("explode(" + StageRows.ITEMS + ")").alias("item"));
        List<Column> cols = new ArrayList<>();
        for (ModeledTables.Column c : ModeledTables.ITEM.allColumns()) {
            boolean itemField = !List.of("event_id", "event_name", "event_timestamp", "user_pseudo_id", "app_id",
                    "event_date").contains(c.name());
            cols.add(itemField ? col("item." + c.name()).alias(c.name()) : col(c.name()));
        }
        cols.add(col("ingest_time"));
        cols.add(col(StageRows.SRC_FILE));
        cols.add(col(StageRows.SRC_ORDINAL));
        cols.add(lit(1).alias(EventTable.PRIO));
        return withItems.select(cols.toArray(Column[]::new));
    }

    public static Dataset<Row> existing(Dataset<Row> tableRows) {
        return tableRows
                .withColumn("ingest_time", expr("timestamp_millis(0)"))
                .withColumn(StageRows.SRC_FILE, lit(""))
                .withColumn(StageRows.SRC_ORDINAL, lit(0L))
                .withColumn(EventTable.PRIO, lit(0));
    }

    public static Dataset<Row> merge(Dataset<Row> existing, Dataset<Row> fresh, int tasks) {
        Dataset<Row> all = existing == null ? fresh : existing.unionByName(fresh);
        Column copy = struct(col(EventTable.PRIO), col("ingest_time"), col(StageRows.SRC_FILE), col(StageRows.SRC_ORDINAL));
        return all.repartition(tasks, col("app_id"), col("event_date"))
                .withColumn("copy", copy)
                .withColumn("winner", min(copy).over(Window.partitionBy(col("app_id"), col("event_date"), col("event_id"))))
                .filter(col("copy").eqNullSafe(col("winner")))
                .select(EventTable.tableColumns(ModeledTables.ITEM));
    }
}
