package io.clickstream.etl;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.expr;

import io.clickstream.etl.io.CommitLog;
import io.clickstream.etl.io.HadoopConf;
import io.clickstream.etl.io.LakeFiles;
import io.clickstream.etl.io.RawFile;
import io.clickstream.etl.io.TablePartition;
import io.clickstream.etl.io.TableStore;
import io.clickstream.etl.parse.RawBatchDecoder;
import io.clickstream.etl.parse.StageRows;
import io.clickstream.etl.table.EventTable;
import io.clickstream.etl.table.ItemTable;
import io.clickstream.etl.table.QuarantineTable;
import io.clickstream.etl.table.SessionTable;
import io.clickstream.etl.table.UserTable;
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
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;

/**
 * One ETL pass over a lake: recover, find new raw files, decode them once, rebuild the touched partitions of every
 * table, stage, commit, apply. See {@link CommitLog} for why this is exactly-once. Every rewritten partition is
 * written by one task as one file, which is also the compaction of minute-level micro-batches.
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
        Dataset<Row> mergedUsers = null;
        try {
            long newEvents = 0, quarantined = 0, withoutSession = 0, withItems = 0;
            Set<TablePartition> eventPartitions = new LinkedHashSet<>();
            List<Row> counts = stage.groupBy(StageRows.KIND, StageRows.APP_ID, StageRows.PART_DATE).agg(
                    expr("count(1)"), expr("count_if(session_id IS NULL)"), expr("count_if(items IS NOT NULL)"))
                    .collectAsList();
            for (Row r : counts) {
                long n = r.getLong(3);
                if (r.getInt(0) == StageRows.KIND_EVENT) {
                    newEvents += n;
                    withoutSession += r.getLong(4);
                    withItems += r.getLong(5);
                    eventPartitions.add(new TablePartition(r.getString(1), LocalDate.parse(r.getString(2))));
                } else {
                    quarantined += n;
                }
            }
            phaseListener.accept(Phase.DECODED);

            TableStore store = new TableStore(spark, lake);
            List<TablePartition> touched = sorted(eventPartitions);
            List<String> deletes = new ArrayList<>();
            int rewritten = 0;
            long written = 0;
            if (newEvents > 0) {
                // event: old rows + new rows of each touched day, one copy per event id
                List<String> oldEvents = store.currentFiles(ModeledTables.EVENT, touched);
                long existingRows = lake.parquetRows(oldEvents);
                Dataset<Row> existing = store.read(ModeledTables.EVENT, oldEvents);
                store.stage(ModeledTables.EVENT, runId, EventTable.merge(
                        existing == null ? null : EventTable.existing(existing), EventTable.fromStage(stage),
                        writeTasks(touched.size()), withoutSession > 0 ? config.sessionTimeout().toMillis() : null));
                written = store.stagedRowCount(ModeledTables.EVENT, runId) - existingRows;
                deletes.addAll(oldEvents);
                rewritten += touched.size();

                // item: follows the event copies that won
                if (withItems > 0) {
                    List<String> oldItems = store.currentFiles(ModeledTables.ITEM, touched);
                    Dataset<Row> existingItems = store.read(ModeledTables.ITEM, oldItems);
                    store.stage(ModeledTables.ITEM, runId, ItemTable.merge(
                            existingItems == null ? null : ItemTable.existing(existingItems), ItemTable.fromStage(stage),
                            writeTasks(touched.size())));
                    deletes.addAll(oldItems);
                }

                // session: rebuilt for the touched days and the days before them (sessions crossing midnight)
                List<TablePartition> sessionDays = around(touched, 1, 0);
                Dataset<Row> eventsView = store.readStaged(ModeledTables.EVENT, runId);
                List<TablePartition> neighbours = new ArrayList<>(around(touched, 2, 1));
                neighbours.removeAll(touched);
                Dataset<Row> neighbourEvents = store.read(ModeledTables.EVENT,
                        store.currentFiles(ModeledTables.EVENT, neighbours));
                if (neighbourEvents != null) {
                    eventsView = eventsView.unionByName(neighbourEvents);
                }
                Dataset<Row> sessions = SessionTable.fromEvents(eventsView)
                        .filter(inPartitions(sessionDays, "event_date"));
                store.stage(ModeledTables.SESSION, runId, sessions.repartition(writeTasks(sessionDays.size()),
                        col("app_id"), col("event_date")));
                deletes.addAll(store.currentFiles(ModeledTables.SESSION, sessionDays));
                rewritten += sessionDays.size();

                // user: existing users of the apps concerned, folded with this pass's events
                Set<String> apps = new TreeSet<>();
                touched.forEach(p -> apps.add(p.appId()));
                List<String> oldUsers = store.filesOfApps(ModeledTables.USER, apps);
                mergedUsers = UserTable.merge(store.read(ModeledTables.USER, oldUsers), UserTable.fromStage(stage))
                        .persist(StorageLevel.MEMORY_AND_DISK());
                Set<TablePartition> userDays = new LinkedHashSet<>();
                // Dates travel as text: collecting DATE values would need java.sql.Date, which needs
                // --add-opens on Java 17 unless the session uses the java.time API.
                for (Row r : mergedUsers.filter(col("touched")).selectExpr("app_id", "cast(event_date AS string)",
                        "cast(old_event_date AS string)").distinct().collectAsList()) {
                    userDays.add(new TablePartition(r.getString(0), LocalDate.parse(r.getString(1))));
                    if (!r.isNullAt(2)) {
                        userDays.add(new TablePartition(r.getString(0), LocalDate.parse(r.getString(2))));
                    }
                }
                List<TablePartition> userPartitions = sorted(userDays);
                store.stage(ModeledTables.USER, runId, UserTable.tableRows(mergedUsers
                        .filter(inPartitions(userPartitions, "event_date")))
                        .repartition(writeTasks(userPartitions.size()), col("app_id"), col("event_date")));
                deletes.addAll(store.currentFiles(ModeledTables.USER, userPartitions));
                rewritten += userPartitions.size();
            }
            if (quarantined > 0) {
                store.stage(ModeledTables.QUARANTINE, runId, QuarantineTable.fromStage(stage).coalesce(1));
            }
            phaseListener.accept(Phase.STAGED);

            List<CommitLog.Move> moves = new ArrayList<>();
            for (ModeledTables.Table t : List.of(ModeledTables.EVENT, ModeledTables.ITEM, ModeledTables.SESSION,
                    ModeledTables.USER, ModeledTables.QUARANTINE)) {
                moves.addAll(store.stagedMoves(t, runId));
            }
            CommitLog.Commit commit = new CommitLog.Commit(runId,
                    todo.stream().map(RawFile::relative).toList(), moves, deletes);
            log.commit(commit);
            phaseListener.accept(Phase.COMMITTED);
            log.apply(commit);
            return new EtlRunSummary(runId, todo.size(), corrupt.value(), written, newEvents - written,
                    filtered.value(), quarantined, rewritten, elapsed(started));
        } finally {
            if (mergedUsers != null) {
                mergedUsers.unpersist();
            }
            stage.unpersist();
        }
    }

    /** Rows whose {@code (app_id, <dateColumn>)} is one of the partitions. */
    private static Column inPartitions(List<TablePartition> partitions, String dateColumn) {
        Object[] keys = partitions.stream().map(p -> p.appId() + "|" + p.date()).toArray();
        return concat_ws("|", col("app_id"), col(dateColumn).cast("string")).isin(keys);
    }

    /** The partitions of the same apps from {@code before} days before to {@code after} days after each one. */
    private static List<TablePartition> around(List<TablePartition> partitions, int before, int after) {
        Set<TablePartition> out = new LinkedHashSet<>();
        for (TablePartition p : partitions) {
            for (int d = -before; d <= after; d++) {
                out.add(new TablePartition(p.appId(), p.date().plusDays(d)));
            }
        }
        return sorted(out);
    }

    private static List<TablePartition> sorted(Set<TablePartition> partitions) {
        List<TablePartition> list = new ArrayList<>(partitions);
        list.sort(Comparator.comparing(TablePartition::appId).thenComparing(TablePartition::date));
        return list;
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
