package io.clickstream.etl.table;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.to_date;

import io.clickstream.etl.parse.StageRows;
import io.clickstream.model.ModeledTables;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The {@code item} table: one row per item of an event. Items follow their event's de-duplication: the caller passes
 * only the copies that land in the {@code event} table.
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
        return withItems.select(cols.toArray(Column[]::new));
    }

    /**
     * The item rows (data columns) of a decoded event ({@link StageRows#SCHEMA}), on the calling thread: what
     * {@link #fromStage} gives for a micro pass's event without Spark.
     */
    public static List<InternalRow> dataRows(InternalRow stage) {
        int itemsAt = StageRows.SCHEMA.fieldIndex(StageRows.ITEMS);
        if (stage.isNullAt(itemsAt)) {
            return List.of();
        }
        ArrayData items = stage.getArray(itemsAt);
        List<ModeledTables.Column> columns = ModeledTables.ITEM.columns();
        List<InternalRow> out = new ArrayList<>(items.numElements());
        for (int k = 0; k < items.numElements(); k++) {
            InternalRow item = items.isNullAt(k) ? null : items.getStruct(k, StageRows.ITEM_STRUCT.size());
            Object[] v = new Object[columns.size()];
            for (int i = 0; i < v.length; i++) {
                String name = columns.get(i).name();
                if (EVENT_FIELDS.contains(name)) {
                    int o = StageRows.SCHEMA.fieldIndex(name);
                    v[i] = stage.isNullAt(o) ? null : name.equals("event_timestamp")
                            ? (Object) Math.multiplyExact(stage.getLong(o), 1000L)
                            : stage.get(o, StageRows.SCHEMA.fields()[o].dataType());
                } else if (item != null) {
                    int o = StageRows.ITEM_STRUCT.fieldIndex(name);
                    v[i] = item.isNullAt(o) ? null : item.get(o, StageRows.ITEM_STRUCT.fields()[o].dataType());
                }
            }
            out.add(new GenericInternalRow(v));
        }
        return out;
    }

    private static final List<String> EVENT_FIELDS = List.of("event_id", "event_name", "event_timestamp",
            "user_pseudo_id");
}
