package io.clickstream.etl.io;

import static org.apache.spark.sql.functions.col;

import io.clickstream.etl.EtlConfig;
import io.clickstream.etl.SparkSchemas;
import io.clickstream.model.ModeledTables;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    /**
     * With a local merger, a partition whose smallest files do not fit {@link #LOCAL_BYTES} goes to Spark once it
     * holds this many times {@link EtlConfig#compactMinFiles()} small files.
     */
    static final int SPARK_FACTOR = 3;

    private final Supplier<SparkSession> spark;
    private final ParquetFiles local;
    private final LakeFiles lake;
    private final CommitLog log;
    private final EtlConfig config;
    private final long localBytes;

    /**
     * @param spark asked for a session only for partitions whose smallest files are too big to merge on the calling
     *              thread (more than {@link #LOCAL_BYTES} in all)
     * @param local reads and writes the files of a compaction on the calling thread; null for Spark only
     */
    public Compaction(Supplier<SparkSession> spark, ParquetFiles local, LakeFiles lake, CommitLog log,
                      EtlConfig config) {
        this(spark, local, lake, log, config, LOCAL_BYTES);
    }

    /** As above, merging at most {@code localBytes} of small files on the calling thread (tests take less). */
    public Compaction(Supplier<SparkSession> spark, ParquetFiles local, LakeFiles lake, CommitLog log,
                      EtlConfig config, long localBytes) {
        this.localBytes = localBytes;
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
        Map<ModeledTables.Table, Map<TablePartition, SortedMap<String, Long>>> due = new LinkedHashMap<>();
        long bytes = 0;
        for (Map.Entry<ModeledTables.Table, List<TablePartition>> e : candidates.entrySet()) {
            for (TablePartition p : e.getValue()) {
                SortedMap<String, Long> files = smallFiles(e.getKey(), p);
                if (files.size() >= config.compactMinFiles()) {
                    due.computeIfAbsent(e.getKey(), t -> new LinkedHashMap<>()).put(p, files);
                    bytes += files.values().stream().mapToLong(Long::longValue).sum();
                }
            }
        }
        // Merged on this thread: everything, when it is little; else, per partition, its smallest files up to what
        // is left of the local budget, if they are enough to compact. Steady traffic so merges each pass's new files
        // into a file of a few MiB instead of rewriting the day's growing merged file with Spark every few passes
        // (a Spark start and 10-30 s for a pass of a few thousand events). A partition whose smallest files do not
        // fit waits until it holds SPARK_FACTOR times the threshold's small files (merged files of a few MiB), and
        // then goes to Spark whole, as every partition over the budget did before.
        Map<ModeledTables.Table, Map<TablePartition, List<String>>> here = new LinkedHashMap<>();
        Map<ModeledTables.Table, Map<TablePartition, List<String>>> bySpark = new LinkedHashMap<>();
        long budget = local == null ? 0 : localBytes;
        boolean all = local != null && bytes <= localBytes;
        for (Map.Entry<ModeledTables.Table, Map<TablePartition, SortedMap<String, Long>>> t : due.entrySet()) {
            for (Map.Entry<TablePartition, SortedMap<String, Long>> p : t.getValue().entrySet()) {
                List<String> chosen = all ? List.copyOf(p.getValue().keySet()) : smallestWithin(p.getValue(), budget);
                if (chosen.size() >= config.compactMinFiles()) {
                    for (String f : chosen) {
                        budget -= p.getValue().get(f);
                    }
                    here.computeIfAbsent(t.getKey(), k -> new LinkedHashMap<>()).put(p.getKey(), chosen);
                } else if (local == null || p.getValue().size() >= SPARK_FACTOR * config.compactMinFiles()) {
                    bySpark.computeIfAbsent(t.getKey(), k -> new LinkedHashMap<>())
                            .put(p.getKey(), List.copyOf(p.getValue().keySet()));
                }
            }
        }
        List<String> deletes = new ArrayList<>();
        List<CommitLog.Move> moves = new ArrayList<>();
        int compacted = 0;
        for (ModeledTables.Table table : due.keySet()) {
            if (!here.containsKey(table) && !bySpark.containsKey(table)) {
                continue;
            }
            Map<TablePartition, List<String>> mine = here.getOrDefault(table, Map.of());
            Map<TablePartition, List<String>> theirs = bySpark.getOrDefault(table, Map.of());
            StructType data = SparkSchemas.dataColumns(table);
            // Spark first: it overwrites the table's staging folder.
            if (!theirs.isEmpty()) {
                List<String> small = new ArrayList<>();
                theirs.values().forEach(small::addAll);
                SparkSession session = spark.get();
                TableStore store = new TableStore(session, lake);
                String appColumn = table.partitionColumns().get(0).name();
                String dateColumn = table.partitionColumns().get(1).name();
                Dataset<Row> rows = store.read(table, small);
                store.stage(table, runId, rows.repartition(Math.max(1, Math.min(theirs.size(),
                        session.sparkContext().defaultParallelism() * 4)), col(appColumn), col(dateColumn)));
                deletes.addAll(small);
            }
            for (Map.Entry<TablePartition, List<String>> p : mine.entrySet()) {
                List<InternalRow> rows = new ArrayList<>();
                for (String file : p.getValue()) {
                    rows.addAll(local.readAll(lake.uri(file), data));
                }
                local.stage(lake, table, runId, p.getKey(), rows);
                deletes.addAll(p.getValue());
            }
            moves.addAll(new TableStore(null, lake).stagedMoves(table, runId));
            compacted += mine.size() + theirs.size();
        }
        if (compacted > 0) {
            CommitLog.Commit commit = new CommitLog.Commit(runId, List.of(), moves, deletes);
            log.commit(commit);
            log.apply(commit);
        }
        return compacted;
    }

    /** The smallest of {@code files} (name to size) whose sizes add up to at most {@code budget}, in name order. */
    static List<String> smallestWithin(SortedMap<String, Long> files, long budget) {
        List<Map.Entry<String, Long>> bySize = new ArrayList<>(files.entrySet());
        bySize.sort(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
        List<String> chosen = new ArrayList<>();
        long sum = 0;
        for (Map.Entry<String, Long> f : bySize) {
            if (sum + f.getValue() > budget) {
                break;
            }
            sum += f.getValue();
            chosen.add(f.getKey());
        }
        chosen.sort(null);
        return chosen;
    }

    /** The files of a partition below the small-file size, with their sizes. */
    SortedMap<String, Long> smallFiles(ModeledTables.Table table, TablePartition p) throws IOException {
        SortedMap<String, Long> small = lake.dataFileSizes(TableStore.partitionDir(table, p.appId(), p.date()));
        small.values().removeIf(size -> size >= config.compactSmallFileBytes());
        return small;
    }
}
