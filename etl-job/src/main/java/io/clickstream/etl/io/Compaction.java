package io.clickstream.etl.io;

import static org.apache.spark.sql.functions.col;

import io.clickstream.etl.EtlConfig;
import io.clickstream.etl.SparkSchemas;
import io.clickstream.model.ModeledTables;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;

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

    /**
     * Small files of at most this many bytes in all are merged on the calling thread ({@link ParquetFiles}), without
     * a Spark job: a micro-batch trickle's partitions (ten files of a few KiB) need no session for it.
     */
    static final long LOCAL_BYTES = 8L << 20;

    private final Supplier<SparkSession> spark;
    private final ParquetFiles local;
    private final LakeFiles lake;
    private final CommitLog log;
    private final EtlConfig config;

    /**
     * @param spark asked for a session only when the files to merge are more than {@link #LOCAL_BYTES}
     * @param local reads and writes the files of a compaction on the calling thread; null for Spark only
     */
    public Compaction(Supplier<SparkSession> spark, ParquetFiles local, LakeFiles lake, CommitLog log,
                      EtlConfig config) {
        this.spark = spark;
        this.local = local;
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
        Map<ModeledTables.Table, Map<TablePartition, List<String>>> work = new java.util.LinkedHashMap<>();
        long bytes = 0;
        for (Map.Entry<ModeledTables.Table, List<TablePartition>> e : candidates.entrySet()) {
            for (TablePartition p : e.getValue()) {
                SortedMap<String, Long> files = smallFiles(e.getKey(), p);
                if (files.size() >= config.compactMinFiles()) {
                    work.computeIfAbsent(e.getKey(), t -> new java.util.LinkedHashMap<>())
                            .put(p, List.copyOf(files.keySet()));
                    bytes += files.values().stream().mapToLong(Long::longValue).sum();
                }
            }
        }
        boolean here = local != null && bytes <= LOCAL_BYTES;
        List<String> deletes = new ArrayList<>();
        List<CommitLog.Move> moves = new ArrayList<>();
        int compacted = 0;
        for (Map.Entry<ModeledTables.Table, Map<TablePartition, List<String>>> e : work.entrySet()) {
            ModeledTables.Table table = e.getKey();
            List<String> small = new ArrayList<>();
            e.getValue().values().forEach(small::addAll);
            int partitions = e.getValue().size();
            if (here) {
                StructType data = SparkSchemas.dataColumns(table);
                for (Map.Entry<TablePartition, List<String>> p : e.getValue().entrySet()) {
                    List<InternalRow> rows = new ArrayList<>();
                    for (String file : p.getValue()) {
                        rows.addAll(local.readAll(lake.uri(file), data));
                    }
                    local.stage(lake, table, runId, p.getKey(), rows);
                }
            } else {
                SparkSession session = spark.get();
                TableStore store = new TableStore(session, lake);
                String appColumn = table.partitionColumns().get(0).name();
                String dateColumn = table.partitionColumns().get(1).name();
                Dataset<Row> rows = store.read(table, small);
                store.stage(table, runId, rows.repartition(Math.max(1, Math.min(partitions,
                        session.sparkContext().defaultParallelism() * 4)), col(appColumn), col(dateColumn)));
            }
            moves.addAll(new TableStore(null, lake).stagedMoves(table, runId));
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

    /** The files of a partition below the small-file size, with their sizes. */
    SortedMap<String, Long> smallFiles(ModeledTables.Table table, TablePartition p) throws IOException {
        SortedMap<String, Long> small = lake.dataFileSizes(TableStore.partitionDir(table, p.appId(), p.date()));
        small.values().removeIf(size -> size >= config.compactSmallFileBytes());
        return small;
    }
}
