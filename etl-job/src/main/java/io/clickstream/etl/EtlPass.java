package io.clickstream.etl;


import io.clickstream.etl.io.CommitLog;
import io.clickstream.etl.io.HadoopConf;
import io.clickstream.etl.io.LakeFiles;
import io.clickstream.etl.io.RawFile;
import io.clickstream.etl.io.TablePartition;
import io.clickstream.etl.io.TableStore;
import io.clickstream.etl.parse.RawBatchDecoder;
import io.clickstream.etl.parse.StageRows;
import io.clickstream.etl.table.EventTable;
import io.clickstream.etl.table.QuarantineTable;
import io.clickstream.model.ModeledTables;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;

/**
 * One ETL pass over a lake: recover, find new raw files, decode them once, merge the touched partitions, stage,
 * commit, apply. See {@link CommitLog} for why this is exactly-once.
 */
final class EtlPass {

    /** Phases a pass announces, so that tests can stop it where a crash would. */
    enum Phase { DECODED, STAGED, COMMITTED }

    private final SparkSession spark;
    private final EtlConfig config;
    private final Consumer<Phase> phaseListener;

    EtlPass(SparkSession spark, EtlConfig config, Consumer<Phase> phaseListener) {
        this.spark = spark;
        this.config = config;
        this.phaseListener = phaseListener;
    }

    EtlRunSummary run() throws IOException {
        long started = System.nanoTime();
        // Readers (DuckDB, Athena) expect standard microsecond timestamps rather than Spark's legacy INT96.
        spark.conf().set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
        for (String jar : config.pluginJars()) {
            spark.sparkContext().addJar(jar);
        }
        LakeFiles lake = LakeFiles.open(spark.sparkContext().hadoopConfiguration(), config.lake());
        CommitLog log = new CommitLog(lake);
        log.recover();
        Set<String> done = log.doneRawFiles();
        List<RawFile> todo = new ArrayList<>();
        for (RawFile f : lake.listRawFiles()) {
            if (!done.contains(f.relative())) {
                todo.add(f);
            }
        }
        String runId = CommitLog.newRunId();
        if (todo.isEmpty()) {
            return EtlRunSummary.nothingToDo(runId, elapsed(started));
        }

        LongAccumulator filtered = spark.sparkContext().longAccumulator("clickstream.etl.filtered");
        LongAccumulator corrupt = spark.sparkContext().longAccumulator("clickstream.etl.corruptFiles");
        List<List<RawFile>> groups = balance(todo, Math.max(2, spark.sparkContext().defaultParallelism() * 3));
        JavaRDD<Row> decoded = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(groups, groups.size())
                .flatMap(new RawBatchDecoder(config, new HadoopConf(spark.sparkContext().hadoopConfiguration()),
                        filtered, corrupt));
        Dataset<Row> stage = spark.createDataFrame(decoded, StageRows.SCHEMA).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            long newEvents = 0, quarantined = 0;
            Set<TablePartition> eventPartitions = new LinkedHashSet<>();
            for (Row r : stage.groupBy(StageRows.KIND, StageRows.APP_ID, StageRows.PART_DATE).count().collectAsList()) {
                long n = r.getLong(3);
                if (r.getInt(0) == StageRows.KIND_EVENT) {
                    newEvents += n;
                    eventPartitions.add(new TablePartition(r.getString(1), LocalDate.parse(r.getString(2))));
                } else {
                    quarantined += n;
                }
            }
            phaseListener.accept(Phase.DECODED);

            TableStore store = new TableStore(spark, lake);
            List<TablePartition> touched = new ArrayList<>(eventPartitions);
            touched.sort(Comparator.comparing(TablePartition::appId).thenComparing(TablePartition::date));
            List<String> replaced = store.currentFiles(ModeledTables.EVENT, touched);
            long existingRows = lake.parquetRows(replaced);
            if (newEvents > 0) {
                Dataset<Row> existing = store.read(ModeledTables.EVENT, replaced);
                Dataset<Row> merged = EventTable.merge(existing == null ? null : EventTable.existing(existing),
                        EventTable.fromStage(stage), writeTasks(touched.size()));
                store.stage(ModeledTables.EVENT, runId, merged);
            }
            if (quarantined > 0) {
                store.stage(ModeledTables.QUARANTINE, runId, QuarantineTable.fromStage(stage));
            }
            long written = store.stagedRowCount(ModeledTables.EVENT, runId) - existingRows;
            phaseListener.accept(Phase.STAGED);

            List<CommitLog.Move> moves = new ArrayList<>(store.stagedMoves(ModeledTables.EVENT, runId));
            moves.addAll(store.stagedMoves(ModeledTables.QUARANTINE, runId));
            CommitLog.Commit commit = new CommitLog.Commit(runId,
                    todo.stream().map(RawFile::relative).toList(), moves, replaced);
            log.commit(commit);
            phaseListener.accept(Phase.COMMITTED);
            log.apply(commit);
            return new EtlRunSummary(runId, todo.size(), corrupt.value(), written, newEvents - written,
                    filtered.value(), quarantined, touched.size(), elapsed(started));
        } finally {
            stage.unpersist();
        }
    }

    private int writeTasks(int partitions) {
        return Math.max(1, Math.min(partitions, spark.sparkContext().defaultParallelism() * 4));
    }

    /** Spreads files over at most {@code maxGroups} task inputs of similar byte size (largest first, greedy). */
    static List<List<RawFile>> balance(List<RawFile> files, int maxGroups) {
        int n = Math.min(files.size(), maxGroups);
        List<List<RawFile>> groups = new ArrayList<>(n);
        PriorityQueue<long[]> lightest = new PriorityQueue<>(Comparator.<long[]>comparingLong(g -> g[0])
                .thenComparingLong(g -> g[1]));
        for (int i = 0; i < n; i++) {
            groups.add(new ArrayList<>());
            lightest.add(new long[] {0, i});
        }
        List<RawFile> bySize = new ArrayList<>(files);
        bySize.sort(Comparator.comparingLong(RawFile::size).reversed().thenComparing(RawFile::relative));
        for (RawFile f : bySize) {
            long[] g = lightest.poll();
            groups.get((int) g[1]).add(f);
            g[0] += Math.max(f.size(), 1);
            lightest.add(g);
        }
        return groups;
    }

    private static Duration elapsed(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
