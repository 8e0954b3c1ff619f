package io.clickstream.etl;

import io.clickstream.etl.io.HadoopConf;
import io.clickstream.etl.io.LakeFiles;
import io.clickstream.etl.io.ParquetFiles;
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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.LongAccumulator;

/**
 * A micro pass (the live trickle of a site: a few raw batches, at most {@link #MAX_EVENTS} events) modeled on the
 * calling thread, without Spark: the same decoding ({@link RawBatchDecoder}), the same folds of sessions and users
 * ({@link SessionTable#foldLocal}, {@link UserTable#foldLocal}, {@link UserTable#mergeRow}) and the same choices of
 * what to read and rewrite as a small Spark pass, with the lake's Parquet files read and written by
 * {@link ParquetFiles}. Spark's fixed cost for such a pass (about ten queries, each planned and scheduled: 1.5-2 s
 * of CPU for a few events) was most of what a studio left open spent; this pass costs what its rows cost. It stages
 * its files where a Spark pass would ({@code _state/runs/<run>/}); {@link EtlPass} commits them the same way.
 * <p>
 * It declines (returns null, and the pass goes to Spark) when the raw files hold more events than it takes, or when
 * events lack an SDK session id (the ETL sessionizes those, which only the Spark pass does); {@link #mayTake} sends
 * bigger raw files, and plugins whose jars only Spark can ship, to Spark without decoding them.
 */
final class DriverPass {

    /** Raw files of at most this many bytes (gzip) in all are decoded on the driver first. */
    static final long MAX_RAW_BYTES = 12L << 20;
    /** A pass of at most this many decoded events is modeled on the driver. */
    static final int MAX_EVENTS = 50_000;

    /** Heap a driver pass may take per event it holds, in bytes of the JVM's maximum heap (see {@link #maxEvents}). */
    static final long HEAP_PER_EVENT = 12 << 10;

    /**
     * The most events a pass of this JVM models on the driver: {@link #MAX_EVENTS}, fewer with a small heap. A pass
     * holds its decoded events, their table rows and the older events of their sessions (a few KiB an event); at most
     * a quarter of the heap goes to that ({@link #HEAP_PER_EVENT} of heap per event), the rest stays with the
     * ingestion, the studio and the session and user partitions the pass rewrites.
     */
    static int maxEvents(long maxHeapBytes) {
        return (int) Math.max(0, Math.min(MAX_EVENTS, maxHeapBytes / HEAP_PER_EVENT));
    }

    /**
     * Raw bytes (gzip) decoded on the driver first for a pass of at most {@code maxEvents} events:
     * {@link #MAX_RAW_BYTES} per {@link #MAX_EVENTS} events.
     */
    static long maxRawBytes(int maxEvents) {
        return Math.max(512 << 10, MAX_RAW_BYTES * maxEvents / MAX_EVENTS);
    }

    /** A stop point of the pass: throws once a stop was asked for before the commit point. */
    interface StopPoint {
        void check() throws EtlPass.Abandoned;
    }

    /** What the pass staged, for the commit and the run's summary. */
    record Outcome(long newEvents, long written, long quarantined, long filtered, long corruptFiles, int rewritten,
                   List<String> deletes, List<TablePartition> touched, boolean withItems,
                   List<TablePartition> quarantinePartitions) {
    }

    private static final int KIND = StageRows.SCHEMA.fieldIndex(StageRows.KIND);
    private static final int APP = StageRows.SCHEMA.fieldIndex(StageRows.APP_ID);
    private static final int DATE = StageRows.SCHEMA.fieldIndex(StageRows.PART_DATE);
    private static final int EVENT_ID = StageRows.SCHEMA.fieldIndex("event_id");
    private static final int USER = StageRows.SCHEMA.fieldIndex("user_pseudo_id");
    private static final int SESSION = StageRows.SCHEMA.fieldIndex("session_id");
    private static final int INGEST = StageRows.SCHEMA.fieldIndex("ingest_time");
    private static final int SRC_FILE = StageRows.SCHEMA.fieldIndex(StageRows.SRC_FILE);
    private static final int SRC_ORDINAL = StageRows.SCHEMA.fieldIndex(StageRows.SRC_ORDINAL);
    private static final int ITEMS = StageRows.SCHEMA.fieldIndex(StageRows.ITEMS);

    /** Which of a pass's copies of one event id lands: the earliest ingest time, then raw position (as in Spark). */
    private static final Comparator<InternalRow> FIRST_COPY = Comparator
            .comparing((InternalRow r) -> r.isNullAt(INGEST) ? null : r.getLong(INGEST),
                    Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(r -> r.isNullAt(SRC_FILE) ? null : r.getUTF8String(SRC_FILE),
                    Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingLong(r -> r.getLong(SRC_ORDINAL));

    private final EtlConfig config;
    private final LakeFiles lake;
    private final Configuration hadoop;
    private final ParquetFiles parquet;
    private final String runId;
    private final StopPoint stop;
    private final Consumer<EtlPass.Phase> phaseListener;
    private final TableStore store;

    DriverPass(EtlConfig config, LakeFiles lake, Configuration hadoop, ParquetFiles parquet, String runId,
               StopPoint stop, Consumer<EtlPass.Phase> phaseListener) {
        this.phaseListener = phaseListener;
        this.config = config;
        this.lake = lake;
        this.hadoop = hadoop;
        this.parquet = parquet;
        this.runId = runId;
        this.stop = stop;
        // Listing files only: no session is used.
        this.store = new TableStore(null, lake);
    }

    /** Whether raw files this small may be a driver pass (decided for good once they are decoded). */
    static boolean mayTake(List<RawFile> todo, int maxEvents, EtlConfig config) {
        if (maxEvents <= 0) {
            return false;
        }
        for (String jar : config.pluginJars()) {
            // A plugin jar that is not a local file reaches the tasks only through Spark (SparkContext.addJar).
            if (jar.contains("://") && !jar.startsWith("file:")) {
                return false;
            }
        }
        long bytes = 0;
        for (RawFile f : todo) {
            bytes += f.size();
        }
        return bytes <= maxRawBytes(maxEvents);
    }

    /** Decodes and stages the pass; null when it is not one for the driver (nothing was staged then). */
    Outcome run(List<RawFile> todo, int maxEvents) throws IOException, EtlPass.Abandoned {
        LongAccumulator filtered = new LongAccumulator();
        LongAccumulator corrupt = new LongAccumulator();
        List<InternalRow> events = new ArrayList<>();
        List<InternalRow> quarantine = new ArrayList<>();
        List<RawFile> ordered = new ArrayList<>(todo);
        ordered.sort(Comparator.comparing(RawFile::relative));
        Iterator<InternalRow> decoded = new RawBatchDecoder(config, new HadoopConf(hadoop), filtered, corrupt)
                .call(ordered);
        while (decoded.hasNext()) {
            InternalRow r = decoded.next();
            if (r.getInt(KIND) == StageRows.KIND_EVENT) {
                if (r.isNullAt(SESSION) || events.size() >= maxEvents) {
                    return null;
                }
                events.add(r);
            } else {
                quarantine.add(r);
            }
        }
        phaseListener.accept(EtlPass.Phase.DECODED);
        stop.check();

        Set<TablePartition> eventPartitions = new LinkedHashSet<>();
        boolean withItems = false;
        for (InternalRow e : events) {
            eventPartitions.add(partitionOf(e));
            withItems |= !e.isNullAt(ITEMS);
        }
        List<TablePartition> touched = EtlPass.sorted(eventPartitions);
        List<String> deletes = new ArrayList<>();
        int rewritten = 0;
        long written = 0;
        if (!events.isEmpty()) {
            List<InternalRow> kept = keptCopies(events, touched);
            written = kept.size();
            stop.check();
            Map<TablePartition, List<InternalRow>> eventRows = new TreeMap<>(EtlPass.PARTITION_ORDER);
            Map<TablePartition, List<InternalRow>> itemRows = new TreeMap<>(EtlPass.PARTITION_ORDER);
            for (InternalRow e : kept) {
                TablePartition p = partitionOf(e);
                eventRows.computeIfAbsent(p, k -> new ArrayList<>()).add(EventTable.dataRow(e));
                List<InternalRow> items = ItemTable.dataRows(e);
                if (!items.isEmpty()) {
                    itemRows.computeIfAbsent(p, k -> new ArrayList<>()).addAll(items);
                }
            }
            stage(ModeledTables.EVENT, eventRows);
            stage(ModeledTables.ITEM, itemRows);
            stop.check();
            if (!kept.isEmpty()) {
                rewritten += updateSessions(kept, touched, deletes);
                stop.check();
                // (a pass of copies only changes no user: its users' partitions are left as they are)
                rewritten += updateUsers(kept, touched, deletes);
            }
        }
        Map<TablePartition, List<InternalRow>> quarantineRows = new TreeMap<>(EtlPass.PARTITION_ORDER);
        for (InternalRow q : quarantine) {
            quarantineRows.computeIfAbsent(partitionOf(q), k -> new ArrayList<>()).add(QuarantineTable.dataRow(q));
        }
        stage(ModeledTables.QUARANTINE, quarantineRows);
        return new Outcome(events.size(), written, quarantine.size(), filtered.value(), corrupt.value(), rewritten,
                deletes, touched, withItems, List.copyOf(quarantineRows.keySet()));
    }

    /**
     * The copies that land, in arrival order: not those of an event id its partition already holds (only the
     * {@code event_id} column of the touched partitions is read), and of a pass's copies of one id only the first
     * (ingest time, then raw position), as {@link EventTable#losingCopies} decides.
     */
    private List<InternalRow> keptCopies(List<InternalRow> events, List<TablePartition> touched) throws IOException {
        Set<List<UTF8String>> known = new HashSet<>();
        StructType idOnly = new StructType(new StructField[] {
                SparkSchemas.dataColumns(ModeledTables.EVENT).apply("event_id")});
        for (TablePartition p : touched) {
            UTF8String app = UTF8String.fromString(p.appId());
            UTF8String date = UTF8String.fromString(p.date().toString());
            for (String file : store.currentFiles(ModeledTables.EVENT, List.of(p))) {
                parquet.read(lake.uri(file), idOnly, r -> {
                    if (!r.isNullAt(0)) {
                        known.add(Arrays.asList(app, date, r.getUTF8String(0).copy()));
                    }
                });
            }
        }
        Map<List<UTF8String>, InternalRow> first = new HashMap<>();
        for (InternalRow e : events) {
            List<UTF8String> key = eventKey(e);
            if (!known.contains(key)) {
                first.merge(key, e, (a, b) -> FIRST_COPY.compare(a, b) <= 0 ? a : b);
            }
        }
        Set<InternalRow> winners = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        winners.addAll(first.values());
        List<InternalRow> kept = new ArrayList<>(winners.size());
        for (InternalRow e : events) {
            if (winners.contains(e)) {
                kept.add(e);
            }
        }
        return kept;
    }

    /**
     * The sessions of the landed events recomputed from all their events (these and the table's, a day either
     * side), and every session partition within a day that holds rows rewritten, as a small Spark pass does
     * ({@code EtlPass.updateSessions}). Returns the number of partitions rewritten.
     */
    private int updateSessions(List<InternalRow> kept, List<TablePartition> touched, List<String> deletes)
            throws IOException {
        Set<List<UTF8String>> affected = new HashSet<>();
        for (InternalRow e : kept) {
            affected.add(Arrays.asList(e.getUTF8String(APP), text(e, USER), e.getUTF8String(SESSION)));
        }
        List<TablePartition> nearby = EtlPass.around(touched, 1, 1);
        List<InternalRow> older = new ArrayList<>();
        List<String> input = sessionInputColumns();
        for (TablePartition p : nearby) {
            readPartition(ModeledTables.EVENT, p, input, r -> {
                // input columns: app_id, user_pseudo_id, session_id first
                if (!r.isNullAt(2) && affected.contains(Arrays.asList(r.getUTF8String(0), text(r, 1),
                        r.getUTF8String(2)))) {
                    older.add(r);
                }
            });
        }
        Set<TablePartition> days = new LinkedHashSet<>(touched);
        for (TablePartition p : nearby) {
            if (!store.currentFiles(ModeledTables.SESSION, List.of(p)).isEmpty()) {
                days.add(p);
            }
        }
        List<TablePartition> rewrite = EtlPass.sorted(days);
        Map<TablePartition, List<InternalRow>> out = new TreeMap<>(EtlPass.PARTITION_ORDER);
        for (InternalRow session : SessionTable.foldLocal(kept, older)) {
            addTableRow(ModeledTables.SESSION, out, session);
        }
        List<String> all = ModeledTables.SESSION.allColumns().stream().map(ModeledTables.Column::name).toList();
        int sessionId = all.indexOf("session_id");
        int user = all.indexOf("user_pseudo_id");
        for (TablePartition p : rewrite) {
            UTF8String app = UTF8String.fromString(p.appId());
            readPartition(ModeledTables.SESSION, p, all, r -> {
                if (r.isNullAt(sessionId)
                        || !affected.contains(Arrays.asList(app, text(r, user), r.getUTF8String(sessionId)))) {
                    addTableRow(ModeledTables.SESSION, out, r);
                }
            });
        }
        stage(ModeledTables.SESSION, out);
        deletes.addAll(store.currentFiles(ModeledTables.SESSION, rewrite));
        return rewrite.size();
    }

    /**
     * The users of the landed events folded into their rows, and the user partitions that hold them rewritten, as
     * {@code EtlPass.updateUsers} does: where a returning user lives is found from the {@code user_pseudo_id} column
     * of the apps' user files. Returns the number of partitions rewritten.
     */
    private int updateUsers(List<InternalRow> kept, List<TablePartition> touched, List<String> deletes)
            throws IOException {
        Map<List<UTF8String>, InternalRow> fresh = new HashMap<>();
        for (InternalRow n : UserTable.foldLocal(kept)) {
            fresh.put(Arrays.asList(n.getUTF8String(0), n.getUTF8String(1)), n);
        }
        Set<TablePartition> days = new LinkedHashSet<>(touched);
        Set<String> apps = new TreeSet<>();
        touched.forEach(p -> apps.add(p.appId()));
        StructType userOnly = new StructType(new StructField[] {
                SparkSchemas.dataColumns(ModeledTables.USER).apply("user_pseudo_id")});
        for (String file : store.filesOfApps(ModeledTables.USER, apps)) {
            TablePartition p = partitionOfFile(ModeledTables.USER, file);
            if (days.contains(p)) {
                continue;
            }
            UTF8String app = UTF8String.fromString(p.appId());
            boolean[] holds = new boolean[1];
            parquet.read(lake.uri(file), userOnly, r -> holds[0] |= !r.isNullAt(0)
                    && fresh.containsKey(Arrays.asList(app, r.getUTF8String(0))));
            if (holds[0]) {
                days.add(p);
            }
        }
        List<TablePartition> partitions = EtlPass.sorted(days);
        List<String> all = ModeledTables.USER.allColumns().stream().map(ModeledTables.Column::name).toList();
        int user = all.indexOf("user_pseudo_id");
        int appAt = all.indexOf("app_id");
        Map<TablePartition, List<InternalRow>> out = new TreeMap<>(EtlPass.PARTITION_ORDER);
        Set<List<UTF8String>> merged = new HashSet<>();
        for (TablePartition p : partitions) {
            readPartition(ModeledTables.USER, p, all, o -> {
                InternalRow n = null;
                if (!o.isNullAt(user)) {
                    List<UTF8String> key = Arrays.asList(o.getUTF8String(appAt), o.getUTF8String(user));
                    n = fresh.get(key);
                    if (n != null) {
                        merged.add(key);
                    }
                }
                addTableRow(ModeledTables.USER, out, UserTable.mergeRow(o, n));
            });
        }
        for (Map.Entry<List<UTF8String>, InternalRow> n : fresh.entrySet()) {
            if (!merged.contains(n.getKey())) {
                addTableRow(ModeledTables.USER, out, UserTable.mergeRow(null, n.getValue()));
            }
        }
        stage(ModeledTables.USER, out);
        deletes.addAll(store.currentFiles(ModeledTables.USER, partitions));
        return partitions.size();
    }

    /** The columns {@link SessionTable#foldLocal} reads of the event table's rows, in its order. */
    private static List<String> sessionInputColumns() {
        return Arrays.asList(SessionTable.inputSchema().fieldNames());
    }

    /**
     * Calls {@code sink} with every row of a partition's current files, in the given columns of the table (data or
     * partition columns), each row its own copy.
     */
    private void readPartition(ModeledTables.Table table, TablePartition p, List<String> columns,
                               Consumer<InternalRow> sink) throws IOException {
        List<String> files = store.currentFiles(table, List.of(p));
        if (files.isEmpty()) {
            return;
        }
        StructType data = SparkSchemas.dataColumns(table);
        List<ModeledTables.Column> partitionColumns = table.partitionColumns();
        List<StructField> requested = new ArrayList<>();
        int[] from = new int[columns.size()];
        DataType[] types = new DataType[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            String c = columns.get(i);
            if (c.equals(partitionColumns.get(0).name())) {
                from[i] = -1;
            } else if (c.equals(partitionColumns.get(1).name())) {
                from[i] = -2;
            } else {
                from[i] = requested.size();
                requested.add(data.apply(c));
                types[i] = data.apply(c).dataType();
            }
        }
        StructType schema = new StructType(requested.toArray(StructField[]::new));
        UTF8String app = UTF8String.fromString(p.appId());
        int day = (int) p.date().toEpochDay();
        for (String file : files) {
            parquet.read(lake.uri(file), schema, r -> {
                Object[] v = new Object[from.length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = from[i] == -1 ? app : from[i] == -2 ? (Object) day
                            : r.isNullAt(from[i]) ? null : InternalRow.copyValue(r.get(from[i], types[i]));
                }
                sink.accept(new GenericInternalRow(v));
            });
        }
    }

    /** Adds a row of table columns (data, then the two partition columns) to its partition's data rows. */
    private static void addTableRow(ModeledTables.Table table, Map<TablePartition, List<InternalRow>> out,
                                    InternalRow row) {
        int n = table.columns().size();
        if (row.isNullAt(n) || row.isNullAt(n + 1)) {
            throw new IllegalStateException("a " + table.tableName() + " row without its partition: " + row);
        }
        TablePartition p = new TablePartition(row.getUTF8String(n).toString(), LocalDate.ofEpochDay(row.getInt(n + 1)));
        Object[] data = new Object[n];
        StructType schema = SparkSchemas.dataColumns(table);
        for (int i = 0; i < n; i++) {
            data[i] = row.isNullAt(i) ? null : row.get(i, schema.fields()[i].dataType());
        }
        out.computeIfAbsent(p, k -> new ArrayList<>()).add(new GenericInternalRow(data));
    }

    private void stage(ModeledTables.Table table, Map<TablePartition, List<InternalRow>> rows) throws IOException {
        for (Map.Entry<TablePartition, List<InternalRow>> e : rows.entrySet()) {
            parquet.stage(lake, table, runId, e.getKey(), e.getValue());
        }
    }

    private static TablePartition partitionOf(InternalRow stage) {
        return new TablePartition(stage.getUTF8String(APP).toString(),
                LocalDate.parse(stage.getUTF8String(DATE).toString()));
    }

    /** The partition of a table's file from its lake-relative path ({@code .../app_id=A/event_date=D/part-...}). */
    static TablePartition partitionOfFile(ModeledTables.Table table, String file) {
        String app = segment(file, table.partitionColumns().get(0).name() + "=");
        String date = segment(file, table.partitionColumns().get(1).name() + "=");
        return new TablePartition(app, LocalDate.parse(date));
    }

    private static String segment(String path, String prefix) {
        for (String s : path.split("/")) {
            if (s.startsWith(prefix)) {
                return s.substring(prefix.length());
            }
        }
        throw new IllegalArgumentException("no " + prefix + " in " + path);
    }

    private static List<UTF8String> eventKey(InternalRow e) {
        return Arrays.asList(e.getUTF8String(APP), e.getUTF8String(DATE), text(e, EVENT_ID));
    }

    private static UTF8String text(InternalRow r, int ordinal) {
        return r.isNullAt(ordinal) ? null : r.getUTF8String(ordinal);
    }
}
