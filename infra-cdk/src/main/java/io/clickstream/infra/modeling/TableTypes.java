package io.clickstream.infra.modeling;

import io.clickstream.model.ModeledTables;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The modeled tables of event-model ({@link ModeledTables}) in the type systems of the Glue catalog (Athena) and of
 * Redshift, so that neither schema is written out by hand a second time.
 */
public final class TableTypes {

    private TableTypes() {
    }

    /** The Glue (Hive) type of a column. */
    public static String glue(ModeledTables.ColumnType type) {
        return switch (type) {
            case STRING -> "string";
            case INT -> "int";
            case LONG -> "bigint";
            case DOUBLE -> "double";
            case BOOLEAN -> "boolean";
            case DATE -> "date";
            case TIMESTAMP -> "timestamp";
            case STRING_MAP -> "map<string,string>";
            case STRING_LIST -> "array<string>";
            case DATE_LIST -> "array<date>";
            case LONG_LIST -> "array<bigint>";
        };
    }

    /** The Redshift type of a column; maps and lists become SUPER (loaded with COPY's SERIALIZETOJSON). */
    public static String redshift(ModeledTables.ColumnType type) {
        return switch (type) {
            case STRING -> "VARCHAR(65535)";
            case INT -> "INTEGER";
            case LONG -> "BIGINT";
            case DOUBLE -> "DOUBLE PRECISION";
            case BOOLEAN -> "BOOLEAN";
            case DATE -> "DATE";
            case TIMESTAMP -> "TIMESTAMP";
            case STRING_MAP, STRING_LIST, DATE_LIST, LONG_LIST -> "SUPER";
        };
    }

    /**
     * {@code CREATE TABLE IF NOT EXISTS} of a modeled table in Redshift, its columns in the order Athena's
     * {@code SELECT *} returns them (data columns, then partition columns), which is the order COPY of the unloaded
     * Parquet fills them in.
     */
    public static String redshiftDdl(String schema, ModeledTables.Table table) {
        List<ModeledTables.Column> columns = table.allColumns();
        return "CREATE TABLE IF NOT EXISTS " + schema + ".\"" + table.tableName() + "\" ("
                + columns.stream().map(c -> "\"" + c.name() + "\" " + redshift(c.type()))
                        .collect(Collectors.joining(", "))
                + ") DISTSTYLE AUTO SORTKEY (\"app_id\", \"event_date\")";
    }
}
