package io.clickstream.etl;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;

import io.clickstream.etl.io.CommitLog;
import io.clickstream.etl.io.HadoopConf;
import io.clickstream.etl.io.LakeFiles;
import io.clickstream.etl.io.ParquetFiles;
import io.clickstream.etl.io.RawFile;
import io.clickstream.etl.io.RawProgress;
import io.clickstream.etl.io.Retention;
import io.clickstream.etl.io.TablePartition;
import io.clickstream.etl.io.S3Lakes;
import io.clickstream.etl.io.TableStore;
import io.clickstream.etl.io.Compaction;
import io.clickstream.etl.parse.RawBatchDecoder;
import io.clickstream.etl.parse.StageCache;
import io.clickstream.etl.parse.StageRows;
import io.clickstream.etl.table.EventTable;
import io.clickstream.etl.table.ItemTable;
import io.clickstream.etl.table.QuarantineTable;
import io.clickstream.etl.table.SessionTable;
import io.clickstream.etl.table.UserTable;
import io.clickstream.model.ModeledTables;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;

/**
 * One ETL pass over a lake: recover, find new raw files, decode them once, stage the new rows of every table, commit,
 * apply, then compact partitions that have collected too many small files. See
 * {@link CommitLog} for why this is exactly-once.
 * <p>
 * The event and item tables are append-only: new events are de-duplicated on narrow keys (within the pass, and
 * against the event ids already in their partitions, reading only that column) and land as new files beside the
 * existing ones, so a pass costs what its own events cost, not what its days already hold. Sessions and users are
 * small and change in place: only the partitions holding affected sessions or users are rewritten.
 */
final class EtlPass {

    /** Phases a pass announces, so that tests can stop it where a crash would. */
    enum Phase { DECODED, STAGED, COMMITTED }

    /** Thrown at a stop point when the caller asked the pass to stop before its commit point. */
    static final class Abandoned extends Exception {
        Abandoned() {
            super(null, null, false, false);
        }
    }

    /**
     * A pass of at most this many events is small (the live trickle of a site, a studio's demo): the job that counts
     * its rows also brings its event keys to the driver, from which it knows whether there are copies to drop and
     * which sessions and users it touches, instead of asking Spark a question of its own for each.
     */
    static final int SMALL_PASS_EVENTS = 10_000;
    /** Losing copies up to this many are broadcast to the tasks that filter the new rows. */
    private static final long BROADCAST_LOSERS = 2_000_000;
    /** A producer's clock may run this far ahead of the ETL's: its current hour is listed too. */
    private static final long HOURS_AHEAD = 1;

    private final Supplier<SparkSession> sparkSupplier;
    private final Configuration planConf;
    private final EtlConfig config;
    private final Consumer<Phase> phaseListener;
    private final BooleanSupplier stopRequested;
    private final Clock clock;
    private final int smallPassEvents;
    private final int driverPassEvents;
    private SparkSession spark;

    /**
     * @param sparkSupplier asked for a session only when there are raw files to model
     * @param planConf      Hadoop settings for finding the work (the session's, when there is one already)
     * @param stopRequested polled at stop points before the commit point; once true the pass ends without committing
     * @param smallPassEvents a pass of at most this many events is small ({@link #SMALL_PASS_EVENTS}; tests take
     *                        other values to compare both ways of a pass)
     * @param driverPassEvents a pass of at most this many events runs on the driver without Spark
     *                        ({@link DriverPass#MAX_EVENTS}; 0 never)
     */
    EtlPass(Supplier<SparkSession> sparkSupplier, Configuration planConf, EtlConfig config,
            Consumer<Phase> phaseListener, BooleanSupplier stopRequested, Clock clock, int smallPassEvents,
            int driverPassEvents) {
        this.sparkSupplier = sparkSupplier;
        this.planConf = planConf;
        this.config = config;
        this.phaseListener = phaseListener;
        this.stopRequested = stopRequested;
        this.clock = clock;
        this.smallPassEvents = smallPassEvents;
        this.driverPassEvents = driverPassEvents;
    }

    EtlRunSummary run() throws IOException {
        long started = System.nanoTime();
        Instant now = clock.instant();
        LakeFiles lake = LakeFiles.open(S3Lakes.configure(planConf, config.lake()), config.lake());
        CommitLog log = new CommitLog(lake);
        RawProgress progress = log.recover();
        // Only the hours not sealed yet are listed: from each app's sealed hour to the current one. An hour is
        // sealed once the seal delay has passed after it: producers publish nothing into it any more.
        long throughHour = Math.floorDiv(now.getEpochSecond(), 3600) + HOURS_AHEAD;
        long sealHour = Math.floorDiv(now.minus(config.housekeeping().sealDelay()).getEpochSecond(), 3600) - 1;
        Map<String, Long> seal = new TreeMap<>();
        List<RawFile> todo = new ArrayList<>();
        for (String app : lake.rawApps()) {
            if (!config.apps().includes(app)) {
                continue; // another pipeline's: listed, modeled and sealed by its own passes
            }
            for (RawFile f : lake.rawFiles(app, progress.sealedThrough(app), throughHour)) {
                if (!progress.isDone(f)) {
                    todo.add(f);
                }
            }
            // Everything listed up to the seal hour is done once this pass commits.
            seal.put(app, sealHour);
        }
        String runId = CommitLog.newRunId();
        if (todo.isEmpty()) {
            finish(lake, log, progress, seal, now);
            return EtlRunSummary.nothingToDo(runId, elapsed(started));
        }
        if (stopRequested.getAsBoolean()) {
            return EtlRunSummary.abandoned(runId, elapsed(started));
        }
        ParquetFiles parquet = new ParquetFiles(planConf);
        try {
            if (DriverPass.mayTake(todo, driverPassEvents, config)) {
                DriverPass.Outcome o = new DriverPass(config, lake, planConf, parquet, runId, this::stopPoint,
                        phaseListener).run(todo, driverPassEvents);
                if (o != null) {
                    phaseListener.accept(Phase.STAGED);
                    stopPoint();
                    return publish(lake, log, progress, seal, todo, runId, now, started, o.touched(), o.withItems(),
                            o.quarantinePartitions(), o.deletes(), parquet, new EtlRunSummary(runId, todo.size(),
                                    o.corruptFiles(), o.written(), o.newEvents() - o.written(), o.filtered(),
                                    o.quarantined(), o.rewritten(), null, false));
                }
                // Too many events, or events to sessionize: nothing was staged, the pass goes to Spark.
            }
            session();
            return model(lake, log, progress, seal, todo, runId, now, started, parquet);
        } catch (Abandoned a) {
            lake.delete(CommitLog.stagingDir(runId), true);
            return EtlRunSummary.abandoned(runId, elapsed(started));
        }
    }

    /** Folds the commit records, seals hours, then purges what is past its retention; no Spark. */
    private void finish(LakeFiles lake, CommitLog log, RawProgress progress, Map<String, Long> seal, Instant now)
            throws IOException {
        log.fold(progress, seal);
        // Raw batches are purged only in sealed hours: after sealing, with the purge's time written at once.
        if (!stopRequested.getAsBoolean()
                && Retention.purgeIfDue(lake, progress, config.housekeeping(), now) >= 0 && progress.changed()) {
            log.fold(progress, Map.of());
        }
    }

    /** The Spark session, asked for and set up for the pass's queries when first needed. */
    private SparkSession session() {
        if (spark != null) {
            return spark;
        }
        spark = sparkSupplier.get();
        EtlSession.sizeCodegenCache(spark);
        // Readers (DuckDB, Athena) expect standard microsecond timestamps rather than Spark's legacy INT96.
        spark.conf().set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
        // A task writes the few day partitions its rows fall in through concurrently open files instead of
        // sorting its wide rows by partition first.
        spark.conf().set("spark.sql.maxConcurrentOutputFileWriters", "32");
        // The decoded rows are cached for the few reads of one pass: encoding them (dictionary and run-length
        // statistics per column) cost more CPU than it saved; memory spills to disk as before.
        spark.conf().set("spark.sql.inMemoryColumnarStorage.compressed", "false");
        // Writes go to the pass's private staging folder and become visible through the commit record, so Hadoop's
        // output committer need not rename twice (v2 moves a task's files when the task commits) nor mark success.
        spark.sparkContext().hadoopConfiguration().set("mapreduce.fileoutputcommitter.algorithm.version", "2");
        spark.sparkContext().hadoopConfiguration().set("mapreduce.fileoutputcommitter.marksuccessfuljobs", "false");
        for (String jar : config.pluginJars()) {
            spark.sparkContext().addJar(jar);
        }
        return spark;
    }

    private void stopPoint() throws Abandoned {
        if (stopRequested.getAsBoolean()) {
            throw new Abandoned();
        }
    }

    private EtlRunSummary model(LakeFiles lake, CommitLog log, RawProgress progress, Map<String, Long> seal,
                                List<RawFile> todo, String runId, Instant now, long started, ParquetFiles parquet)
            throws IOException, Abandoned {
        LongAccumulator filtered = spark.sparkContext().longAccumulator("clickstream.etl.filtered");
        LongAccumulator corrupt = spark.sparkContext().longAccumulator("clickstream.etl.corruptFiles");
        List<List<RawFile>> groups = contiguous(todo, Math.max(2, spark.sparkContext().defaultParallelism() * 3));
        JavaRDD<InternalRow> decoded = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(groups, groups.size())
                .flatMap(new RawBatchDecoder(config, new HadoopConf(spark.sparkContext().hadoopConfiguration()),
                        filtered, corrupt));
        // Decoded once: every table below takes the columns it needs from these rows, kept in memory (spilling to
        // disk; staging them as Parquet measured slower for rows this wide).
        StageCache cache = StageCache.of(decoded);
        Dataset<Row> stage = cache.rows(spark);
        Dataset<Row> losers = null;
        try {
            long newEvents = 0, quarantined = 0, withoutSession = 0, withItems = 0;
            Set<TablePartition> eventPartitions = new LinkedHashSet<>();
            Set<TablePartition> quarantinePartitions = new LinkedHashSet<>();
            StageCache.Summary decodedRows = cache.summarize(smallPassEvents);
            for (StageCache.Count c : decodedRows.counts()) {
                TablePartition p = new TablePartition(c.appId(), LocalDate.parse(c.partDate()));
                if (c.kind() == StageRows.KIND_EVENT) {
                    newEvents += c.rows();
                    withoutSession += c.withoutSession();
                    withItems += c.withItems();
                    eventPartitions.add(p);
                } else {
                    quarantined += c.rows();
                    quarantinePartitions.add(p);
                }
            }
            phaseListener.accept(Phase.DECODED);
            stopPoint();

            TableStore store = new TableStore(spark, lake);
            List<TablePartition> touched = sorted(eventPartitions);
            List<String> deletes = new ArrayList<>();
            int rewritten = 0;
            long written = 0;
            if (newEvents > 0) {
                // event: append the copies that are new, decided on narrow keys
                Dataset<Row> events = stage.filter(col(StageRows.KIND).equalTo(StageRows.KIND_EVENT));
                Dataset<Row> existing = store.read(ModeledTables.EVENT, store.currentFiles(ModeledTables.EVENT, touched));
                List<StageCache.EventKey> keys = decodedRows.keys();
                long dropped = 0;
                if (keys == null || EventTable.mayHoldCopies(keys, existing)) {
                    Dataset<Row> existingIds = existing == null ? null : existing.select(col("app_id"),
                            col("event_date").cast("string").alias(StageRows.PART_DATE), col("event_id"));
                    Dataset<Row> copies = events.select(col(StageRows.APP_ID), col(StageRows.PART_DATE),
                            col("event_id"), col("ingest_time"), col(StageRows.SRC_FILE), col(StageRows.SRC_ORDINAL));
                    losers = EventTable.losingCopies(copies, existingIds).persist(StorageLevel.MEMORY_AND_DISK());
                    dropped = losers.count();
                }
                // The keys of the rows that land, when the driver knows them: the small pass's, without copies.
                List<StageCache.EventKey> landing = dropped == 0 ? keys : null;
                Dataset<Row> kept = events;
                if (dropped > 0) {
                    kept = events.join(dropped <= BROADCAST_LOSERS ? broadcast(losers) : losers,
                            new String[] {StageRows.SRC_FILE, StageRows.SRC_ORDINAL}, "left_anti");
                }
                stopPoint();
                store.stage(ModeledTables.EVENT, runId, EventTable.newRows(kept,
                        withoutSession > 0 ? config.sessionTimeout().toMillis() : null, existing));
                written = newEvents - dropped;
                stopPoint();

                // item: the items of the copies that landed
                if (withItems > 0) {
                    store.stage(ModeledTables.ITEM, runId, ItemTable.fromStage(kept)
                            .select(EventTable.tableColumns(ModeledTables.ITEM)));
                }

                stopPoint();
                // session: affected sessions recomputed from all their events, their partitions rewritten
                // Without copies to drop or session ids to assign, the kept rows are read in place, and a small
                // pass knows their sessions.
                boolean asDecoded = dropped == 0 && withoutSession == 0;
                Dataset<Row> knownSessions = asDecoded && landing != null ? SessionTable.keysOf(landing, spark) : null;
                // Else the rows just staged: from memory, unless session ids were assigned while writing them.
                Dataset<Row> fresh = knownSessions != null ? null : withoutSession > 0
                        ? store.readStaged(ModeledTables.EVENT, runId) : EventTable.newRows(kept, null, null);
                if ((fresh != null || knownSessions != null) && written > 0) {
                    rewritten += updateSessions(store, runId, touched, fresh, asDecoded
                            ? SessionTable.inputOfStage(cache.rdd()) : SessionTable.inputOf(fresh), knownSessions,
                            deletes);
                }

                stopPoint();
                // user: this pass's users folded into the partitions that hold them
                rewritten += updateUsers(store, runId, touched, dropped > 0
                        ? UserTable.fromStage(kept) : UserTable.fromStageRows(cache.rdd(), spark),
                        landing != null ? UserTable.keysOf(landing, spark) : null, deletes);
            }
            if (quarantined > 0) {
                store.stage(ModeledTables.QUARANTINE, runId, QuarantineTable.fromStage(stage).coalesce(1));
            }
            phaseListener.accept(Phase.STAGED);
            stopPoint();

            return publish(lake, log, progress, seal, todo, runId, now, started, touched, withItems > 0,
                    sorted(quarantinePartitions), deletes, parquet, new EtlRunSummary(runId, todo.size(),
                            corrupt.value(), written, newEvents - written, filtered.value(), quarantined, rewritten,
                            null, false));
        } finally {
            cache.unpersist();
            if (losers != null) {
                losers.unpersist();
            }
        }
    }

    /**
     * Commits what the pass staged (the commit point), applies it, compacts the partitions it appended to, and
     * folds its record into the raw progress. {@code staged} holds the pass's counts; its duration is set here.
     */
    private EtlRunSummary publish(LakeFiles lake, CommitLog log, RawProgress progress, Map<String, Long> seal,
                                  List<RawFile> todo, String runId, Instant now, long started,
                                  List<TablePartition> touched, boolean withItems,
                                  List<TablePartition> quarantinePartitions, List<String> deletes,
                                  ParquetFiles parquet, EtlRunSummary staged) throws IOException {
        TableStore store = new TableStore(spark, lake);
        List<CommitLog.Move> moves = new ArrayList<>();
        for (ModeledTables.Table t : List.of(ModeledTables.EVENT, ModeledTables.ITEM, ModeledTables.SESSION,
                ModeledTables.USER, ModeledTables.QUARANTINE)) {
            moves.addAll(store.stagedMoves(t, runId));
        }
        CommitLog.Commit commit = new CommitLog.Commit(runId,
                todo.stream().map(RawFile::relative).toList(), moves, deletes);
        log.commit(commit);
        phaseListener.accept(Phase.COMMITTED);
        // Past the commit point a stop no longer abandons: applying is a few renames. Compaction waits.
        log.apply(commit);

        long rewritten = staged.partitionsRewritten();
        if (!stopRequested.getAsBoolean()) {
            // Small partitions are merged on this thread unless passes are to use Spark only (tests compare both).
            rewritten += new Compaction(this::session, driverPassEvents > 0 ? parquet : null, lake, log, config)
                    .compact(Map.of(ModeledTables.EVENT, touched, ModeledTables.ITEM, withItems ? touched : List.of(),
                            ModeledTables.QUARANTINE, quarantinePartitions));
        }
        finish(lake, log, progress, seal, now);
        return new EtlRunSummary(runId, staged.rawFilesRead(), staged.corruptFiles(), staged.eventsWritten(),
                staged.duplicatesDropped(), staged.eventsFiltered(), staged.eventsQuarantined(), rewritten,
                elapsed(started), false);
    }

    /**
     * Recomputes the sessions that this pass's events belong to, from all their events (this pass's and those
     * already in the table, within a day either side), and rewrites the session partitions that held or now hold
     * them. Returns the number of partitions rewritten. {@code freshInput} is {@code fresh} as the session fold
     * reads it; {@code knownKeys} are its session keys ({@link SessionTable#keys}) when the driver knows them (a
     * small pass; {@code fresh} is then not read and may be null), else null.
     * <p>
     * A small pass does not ask Spark where its sessions' older events and rows lie: it rewrites every session
     * partition within a day of its own, the same bound the general way searches in, so the table is the same; those
     * few partitions of a trickle cost less to rewrite than two jobs cost to find out which of them to skip. Its
     * rows are few: they are folded and written by one task, without a shuffle.
     */
    private int updateSessions(TableStore store, String runId, List<TablePartition> touched, Dataset<Row> fresh,
                               JavaRDD<InternalRow> freshInput, Dataset<Row> knownKeys, List<String> deletes)
            throws IOException {
        boolean small = knownKeys != null;
        Dataset<Row> affected = small ? knownKeys
                : SessionTable.keys(fresh).persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> olderEvents = null;
        try {
            // A session's row lands in the partition of its first event: one of this pass's (touched) or an earlier
            // event of the same session. The partitions rewritten are those, and those that held the sessions so
            // far; knowing them up front, the sessions are computed once, by the write.
            Set<TablePartition> days = new LinkedHashSet<>(touched);
            List<TablePartition> nearby = around(touched, 1, 1);
            JavaRDD<InternalRow> input = freshInput;
            Dataset<Row> older = store.read(ModeledTables.EVENT, store.currentFiles(ModeledTables.EVENT, nearby));
            if (older != null) {
                olderEvents = SessionTable.ofSessions(SessionTable.inputColumns(older), affected, "left_semi");
                if (small) {
                    input = input.union(SessionTable.inputOf(olderEvents)).coalesce(1);
                    olderEvents = null;
                } else {
                    olderEvents = olderEvents.persist(StorageLevel.MEMORY_AND_DISK());
                    days.addAll(partitionsOf(olderEvents));
                    input = input.union(SessionTable.inputOf(olderEvents));
                }
            }
            if (small) {
                for (TablePartition p : nearby) {
                    if (!store.currentFiles(ModeledTables.SESSION, List.of(p)).isEmpty()) {
                        days.add(p);
                    }
                }
            } else {
                Dataset<Row> oldSessions = store.read(ModeledTables.SESSION,
                        store.currentFiles(ModeledTables.SESSION, nearby));
                if (oldSessions != null) {
                    days.addAll(partitionsOf(SessionTable.ofSessions(oldSessions, affected, "left_semi")));
                }
            }
            List<TablePartition> rewrite = sorted(days);
            List<String> replaced = store.currentFiles(ModeledTables.SESSION, rewrite);
            Dataset<Row> out = SessionTable.fromInput(input, spark);
            Dataset<Row> unchanged = store.read(ModeledTables.SESSION, replaced);
            if (unchanged != null) {
                out = SessionTable.ofSessions(unchanged, affected, "left_anti").unionByName(out);
            }
            store.stage(ModeledTables.SESSION, runId, small ? out.coalesce(1)
                    : out.repartition(writeTasks(rewrite.size()), col("app_id"), col("event_date")));
            deletes.addAll(replaced);
            return rewrite.size();
        } finally {
            affected.unpersist();
            if (olderEvents != null) {
                olderEvents.unpersist();
            }
        }
    }

    /**
     * Folds the users of this pass's events into the user table and returns the number of partitions rewritten. Only
     * the partitions that hold those users (where they lived, and their first-visit day in this pass) are read and
     * rewritten; of the rest of the table only two columns are scanned, to find where returning users live.
     * {@code users} are the pass's per-user aggregates ({@link UserTable#fromStage}); {@code knownKeys} their
     * {@code (app_id, user_pseudo_id)} when the driver knows them ({@link UserTable#keysOf}), else null.
     */
    private int updateUsers(TableStore store, String runId, List<TablePartition> touched, Dataset<Row> users,
                            Dataset<Row> knownKeys, List<String> deletes) throws IOException {
        Dataset<Row> fresh = users.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            // a user's first visit in this pass is on one of its days
            Set<TablePartition> days = new LinkedHashSet<>(touched);
            Set<String> apps = new TreeSet<>();
            touched.forEach(p -> apps.add(p.appId()));
            Dataset<Row> everyone = store.read(ModeledTables.USER, store.filesOfApps(ModeledTables.USER, apps));
            if (everyone != null) {
                // where the returning users live
                days.addAll(partitionsOf(everyone.select(col("app_id"), col("user_pseudo_id"), col("event_date"))
                        .join(knownKeys != null ? knownKeys : fresh.select(col(StageRows.APP_ID), col("user_pseudo_id")),
                                new String[] {"app_id", "user_pseudo_id"}, "left_semi")));
            }
            // Every merged row lands in one of these: a user's partition is the earlier of where it lived and its
            // first visit in this pass.
            List<TablePartition> partitions = sorted(days);
            List<String> replaced = store.currentFiles(ModeledTables.USER, partitions);
            Dataset<Row> merged = UserTable.merge(store.read(ModeledTables.USER, replaced), fresh);
            // A small pass's users are few: one task writes them, without a shuffle.
            Dataset<Row> rows = UserTable.tableRows(merged);
            store.stage(ModeledTables.USER, runId, knownKeys != null ? rows.coalesce(1)
                    : rows.repartition(writeTasks(partitions.size()), col("app_id"), col("event_date")));
            deletes.addAll(replaced);
            return partitions.size();
        } finally {
            fresh.unpersist();
        }
    }

    /**
     * The distinct {@code (app_id, event_date)} of rows, in one stage: each task collects its own distinct pairs
     * (a few), the driver merges them. Dates travel as text: collecting DATE values would need java.sql.Date, which
     * needs --add-opens on Java 17 unless the session uses the java.time API.
     */
    private static List<TablePartition> partitionsOf(Dataset<Row> rows) {
        JavaRDD<InternalRow> pairs = rows.selectExpr("app_id", "cast(event_date AS string)")
                .queryExecution().toRdd().toJavaRDD();
        List<Set<List<String>>> perTask = pairs.mapPartitions((Iterator<InternalRow> it) -> {
            Set<List<String>> seen = new HashSet<>();
            while (it.hasNext()) {
                InternalRow r = it.next();
                seen.add(List.of(r.getUTF8String(0).toString(), r.getUTF8String(1).toString()));
            }
            return List.of(seen).iterator();
        }).collect();
        Set<TablePartition> out = new LinkedHashSet<>();
        for (Set<List<String>> task : perTask) {
            for (List<String> p : task) {
                out.add(new TablePartition(p.get(0), LocalDate.parse(p.get(1))));
            }
        }
        return sorted(out);
    }

    /** The partitions of the same apps from {@code before} days before to {@code after} days after each one. */
    static List<TablePartition> around(List<TablePartition> partitions, int before, int after) {
        Set<TablePartition> out = new LinkedHashSet<>();
        for (TablePartition p : partitions) {
            for (int d = -before; d <= after; d++) {
                out.add(new TablePartition(p.appId(), p.date().plusDays(d)));
            }
        }
        return sorted(out);
    }

    /** Partitions by app, then date. */
    static final Comparator<TablePartition> PARTITION_ORDER =
            Comparator.comparing(TablePartition::appId).thenComparing(TablePartition::date);

    static List<TablePartition> sorted(Set<TablePartition> partitions) {
        List<TablePartition> list = new ArrayList<>(partitions);
        list.sort(PARTITION_ORDER);
        return list;
    }

    private int writeTasks(int partitions) {
        return Math.max(1, Math.min(partitions, spark.sparkContext().defaultParallelism() * 4));
    }

    /**
     * Cuts the files, in lake order (app, date, hour), into at most {@code maxGroups} runs of similar byte size. A
     * task then holds a few consecutive days, so it writes few partition files, and the event table needs no
     * shuffle to keep its file count low.
     */
    static List<List<RawFile>> contiguous(List<RawFile> files, int maxGroups) {
        List<RawFile> ordered = new ArrayList<>(files);
        ordered.sort(Comparator.comparing(RawFile::relative));
        long total = 0;
        for (RawFile f : ordered) {
            total += Math.max(f.size(), 1);
        }
        int n = Math.max(1, Math.min(ordered.size(), maxGroups));
        List<List<RawFile>> groups = new ArrayList<>(n);
        List<RawFile> current = new ArrayList<>();
        long filled = 0;
        for (RawFile f : ordered) {
            current.add(f);
            filled += Math.max(f.size(), 1);
            // close a group once it reaches its share of the bytes seen so far
            if (groups.size() < n - 1 && filled * n >= total * (groups.size() + 1)) {
                groups.add(current);
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            groups.add(current);
        }
        return groups;
    }

    private static Duration elapsed(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
