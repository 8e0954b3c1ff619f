package io.clickstream.etl.io;

import static org.apache.spark.sql.functions.col;

import io.clickstream.etl.EtlConfig;
import io.clickstream.model.ModeledTables;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Merges the small files of append-only partitions (event, item, quarantine), so that minute-level micro-batches
 * do not leave thousands of tiny files behind. A partition is compacted once it holds at least
 * {@link EtlConfig#compactMinFiles()} files smaller than {@link EtlConfig#compactSmallFileBytes()}; only those small
 * files are merged (into one file), so a big file is never rewritten and the cost of a compaction is bounded by the
 * small-file threshold, not by the size of the day.
 * <p>
 * A compaction is a commit of its own in {@link CommitLog} (moves of the merged files, deletes of the small ones, no
 * raw files), so a crash at any point leaves either the small files or the merged file, never both for good and
 * never neither.
 */
public final class Compaction {

    private final SparkSession spark;
    private final LakeFiles lake;
    private final CommitLog log;
    private final EtlConfig config;

    public Compaction(SparkSession spark, LakeFiles lake, CommitLog log, EtlConfig config) {
        this.spark = spark;
        this.lake = lake;
        this.log = log;
        this.config = config;
    }

    /**
     * Compacts those of the given partitions that crossed the threshold, in one commit.
     *
     * @return the number of partitions compacted
     */
    public int compact(Map<ModeledTables.Table, List<TablePartition>> candidates) throws IOException {
        if (config.compactMinFiles() == 0) {
            return 0;
        }
        String runId = CommitLog.newRunId() + "-compaction";
        TableStore store = new TableStore(spark, lake);
        List<String> deletes = new ArrayList<>();
        List<CommitLog.Move> moves = new ArrayList<>();
        int compacted = 0;
        for (Map.Entry<ModeledTables.Table, List<TablePartition>> e : candidates.entrySet()) {
            ModeledTables.Table table = e.getKey();
            List<String> small = new ArrayList<>();
            int partitions = 0;
            for (TablePartition p : e.getValue()) {
                List<String> files = smallFiles(table, p);
                if (files.size() >= config.compactMinFiles()) {
                    small.addAll(files);
                    partitions++;
                }
            }
            if (small.isEmpty()) {
                continue;
            }
            String appColumn = table.partitionColumns().get(0).name();
            String dateColumn = table.partitionColumns().get(1).name();
            Dataset<Row> rows = store.read(table, small);
            store.stage(table, runId, rows.repartition(Math.max(1, Math.min(partitions,
                    spark.sparkContext().defaultParallelism() * 4)), col(appColumn), col(dateColumn)));
            moves.addAll(store.stagedMoves(table, runId));
            deletes.addAll(small);
            compacted += partitions;
        }
        if (compacted > 0) {
            CommitLog.Commit commit = new CommitLog.Commit(runId, List.of(), moves, deletes);
            log.commit(commit);
            log.apply(commit);
        }
        return compacted;
    }

    /** The files of a partition below the small-file size. */
    List<String> smallFiles(ModeledTables.Table table, TablePartition p) throws IOException {
        SortedMap<String, Long> sizes = lake.dataFileSizes(TableStore.partitionDir(table, p.appId(), p.date()));
        List<String> small = new ArrayList<>();
        sizes.forEach((file, size) -> {
            if (size < config.compactSmallFileBytes()) {
                small.add(file);
            }
        });
        return small;
    }
}
