package io.clickstream.etl.table;

import java.util.Collection;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Small tables of text held by the driver, as Datasets. Spark knows their size, so it joins them by broadcast
 * instead of shuffling the other side to meet them.
 */
final class LocalRows {

    private LocalRows() {
    }

    /** Rows of nullable text columns named {@code columns}, one per list of values. */
    static Dataset<Row> of(SparkSession spark, Collection<List<String>> rows, String... columns) {
        StructField[] fields = new StructField[columns.length];
        for (int i = 0; i < columns.length; i++) {
            fields[i] = DataTypes.createStructField(columns[i], DataTypes.StringType, true);
        }
        List<Row> out = rows.stream().map(r -> RowFactory.create(r.toArray())).toList();
        return spark.createDataFrame(out, new StructType(fields));
    }
}
