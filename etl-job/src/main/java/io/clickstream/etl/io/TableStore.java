package io.clickstream.etl.io;

import io.clickstream.etl.SparkSchemas;
import io.clickstream.model.LakeLayout;
import io.clickstream.model.ModeledTables;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Reads and stages the Parquet tables of the lake ({@code modeled/<table>} and {@code quarantine}). Writes always
 * go to a run's staging directory; {@link CommitLog} moves them in.
 */
public final class TableStore {

    /**
     * Columns with (nearly) as many distinct values as a file has rows, or a row group more than a dictionary page
     * holds: written without a dictionary, which would be built, overflow and be thrown away.
     */
    static final List<String> NO_DICTIONARY_COLUMNS = List.of("event_id", "event_timestamp", "event_time_msec",
            "ingest_time", "bundle_seq", "session_start", "session_end", "first_touch", "last_seen",
            "user_pseudo_id", "session_id", "device_id");

    private final SparkSession spark;
    private final LakeFiles lake;

    public TableStore(SparkSession spark, LakeFiles lake) {
        this.spark = spark;
        this.lake = lake;
    }

    /** Lake-relative root of a table: {@code modeled/<name>}, or {@code quarantine}. */
    public static String tableRoot(ModeledTables.Table table) {
        return table == ModeledTables.QUARANTINE ? LakeLayout.QUARANTINE
                : LakeLayout.MODELED + "/" + table.tableName();
    }

    /** Lake-relative directory of one partition. */
    public static String partitionDir(ModeledTables.Table table, String appId, LocalDate date) {
        return tableRoot(table) + "/" + table.partitionColumns().get(0).name() + "=" + appId + "/"
                + table.partitionColumns().get(1).name() + "=" + date;
    }

    /** The data files of the given partitions as they are now. */
    public List<String> currentFiles(ModeledTables.Table table, List<TablePartition> partitions) throws IOException {
        List<String> files = new ArrayList<>();
        for (TablePartition p : partitions) {
            files.addAll(lake.dataFiles(partitionDir(table, p.appId(), p.date())));
        }
        return files;
    }

    /** Rows of exactly these files, with partition columns from their paths; null when there are none. */
    public Dataset<Row> read(ModeledTables.Table table, List<String> files) {
        if (files.isEmpty()) {
            return null;
        }
        StructType schema = SparkSchemas.allColumns(table);
        String[] uris = files.stream().map(lake::uri).toArray(String[]::new);
        return spark.read().schema(schema).option("basePath", lake.uri(tableRoot(table))).parquet(uris);
    }

    /** Data files of every partition of a table that belong to the given apps. */
    public List<String> filesOfApps(ModeledTables.Table table, java.util.Collection<String> appIds) throws IOException {
        List<String> files = new ArrayList<>();
        for (String app : appIds) {
            files.addAll(lake.dataFilesBelow(tableRoot(table) + "/app_id=" + app));
        }
        return files;
    }

    /** Rows this run staged for a table, with partition columns; null when it staged none. */
    public Dataset<Row> readStaged(ModeledTables.Table table, String runId) throws IOException {
        List<String> files = lake.dataFilesBelow(stagedRoot(table, runId));
        if (files.isEmpty()) {
            return null;
        }
        return spark.read().schema(SparkSchemas.allColumns(table))
                .option("basePath", lake.uri(stagedRoot(table, runId)))
                .parquet(files.stream().map(lake::uri).toArray(String[]::new));
    }

    /** Writes rows (data columns then partition columns) into the run's staging area for the table. */
    public void stage(ModeledTables.Table table, String runId, Dataset<Row> rows) {
        String[] partitionColumns = table.partitionColumns().stream().map(ModeledTables.Column::name)
                .toArray(String[]::new);
        var writer = rows.write().mode(SaveMode.Overwrite).partitionBy(partitionColumns);
        for (String column : NO_DICTIONARY_COLUMNS) {
            if (table.columns().stream().anyMatch(c -> c.name().equals(column))) {
                writer = writer.option("parquet.enable.dictionary#" + column, "false");
            }
        }
        writer.parquet(lake.uri(stagedRoot(table, runId)));
    }

    /** Moves that publish the staged files of a table: same partition directories, same file names. */
    public List<CommitLog.Move> stagedMoves(ModeledTables.Table table, String runId) throws IOException {
        String staged = stagedRoot(table, runId);
        List<CommitLog.Move> moves = new ArrayList<>();
        for (String file : lake.dataFilesBelow(staged)) {
            moves.add(new CommitLog.Move(file, tableRoot(table) + file.substring(staged.length())));
        }
        return moves;
    }

    /** Lake-relative directory where a run stages one partition of a table. */
    public static String stagedPartitionDir(ModeledTables.Table table, String runId, String appId, LocalDate date) {
        return stagedRoot(table, runId) + partitionDir(table, appId, date).substring(tableRoot(table).length());
    }

    private static String stagedRoot(ModeledTables.Table table, String runId) {
        return CommitLog.stagingDir(runId) + "/" + table.tableName();
    }
}
