package io.clickstream.etl;

import io.clickstream.model.ModeledTables;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Spark schemas of the modeled tables, derived from {@link ModeledTables} so that nothing re-declares them. */
public final class SparkSchemas {

    private SparkSchemas() {
    }

    /** The data columns of a table (what its Parquet files hold). */
    public static StructType dataColumns(ModeledTables.Table table) {
        return struct(table.columns());
    }

    /** Data columns followed by partition columns, as a reader with hive partitioning sees the table. */
    public static StructType allColumns(ModeledTables.Table table) {
        return struct(table.allColumns());
    }

    public static DataType sparkType(ModeledTables.ColumnType type) {
        return switch (type) {
            case STRING -> DataTypes.StringType;
            case INT -> DataTypes.IntegerType;
            case LONG -> DataTypes.LongType;
            case DOUBLE -> DataTypes.DoubleType;
            case BOOLEAN -> DataTypes.BooleanType;
            case DATE -> DataTypes.DateType;
            case TIMESTAMP -> DataTypes.TimestampType;
            case STRING_MAP -> DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true);
            case STRING_LIST -> DataTypes.createArrayType(DataTypes.StringType, true);
            case DATE_LIST -> DataTypes.createArrayType(DataTypes.DateType, true);
            case LONG_LIST -> DataTypes.createArrayType(DataTypes.LongType, true);
        };
    }

    private static StructType struct(List<ModeledTables.Column> columns) {
        List<StructField> fields = new ArrayList<>(columns.size());
        for (ModeledTables.Column c : columns) {
            fields.add(DataTypes.createStructField(c.name(), sparkType(c.type()), true));
        }
        return DataTypes.createStructType(fields);
    }
}
