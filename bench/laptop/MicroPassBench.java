import io.clickstream.etl.EtlConfig;
import io.clickstream.etl.EtlJob;
import io.clickstream.etl.EtlRunSummary;
import io.clickstream.etl.EtlSession;
import io.clickstream.model.LakeLayout;
import io.clickstream.model.RawEnvelope;
import io.clickstream.model.RawEnvelopeCodec;
import io.clickstream.pipeline.demo.DemoTrafficModel;
import io.clickstream.pipeline.demo.DemoVisit;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * The fixed cost of an ETL micro-batch as the studio's live trickle pays it, in one warm JVM: a lake seeded with the
 * demo's history (DemoTrafficModel, 2,000 users over 30 days, modeled by a few backfill passes as the studio's
 * backfill is), then N passes of one live visit each (a new raw batch of 1-10 events, then a pass), on the session
 * the studio's local runtime uses ({@code EtlSession.inProcess}) and through the entry point it calls. Prints, per
 * pass: wall time, process CPU (split into the pass's own thread, Spark's task CPU and the rest: JIT compilers, GC,
 * Spark's scheduler and listener threads), JIT compile time, GC time, Spark jobs, stages and tasks, classes compiled by
 * Spark's code generation; then the median of the last passes and the load average. Run with
 * bench/laptop/micro-pass.sh.
 */
public class MicroPassBench {

    public static void main(String[] args) throws Exception {
        int users = 2_000, days = 30, backfillBatches = 6, passes = 30, last = 20;
        long pauseMs = 0;
        boolean profile = false;
        String jfr = null;
        String dir = "/tmp/clickstream-micro-pass";
        String master = "local[2]";
        Map<String, String> conf = new java.util.LinkedHashMap<>();
        for (String a : args) {
            if (a.startsWith("--users=")) users = Integer.parseInt(a.substring(8));
            else if (a.startsWith("--days=")) days = Integer.parseInt(a.substring(7));
            else if (a.startsWith("--backfill-batches=")) backfillBatches = Integer.parseInt(a.substring(19));
            else if (a.startsWith("--passes=")) passes = Integer.parseInt(a.substring(9));
            else if (a.startsWith("--last=")) last = Integer.parseInt(a.substring(7));
            else if (a.startsWith("--pause-ms=")) pauseMs = Long.parseLong(a.substring(11));
            else if (a.startsWith("--dir=")) dir = a.substring(6);
            else if (a.startsWith("--master=")) master = a.substring(9);
            else if (a.equals("--profile")) profile = true;
            else if (a.startsWith("--jfr=")) jfr = a.substring(6);
            else if (a.startsWith("--conf=") && a.indexOf('=', 7) > 0) {
                conf.put(a.substring(7, a.indexOf('=', 7)), a.substring(a.indexOf('=', 7) + 1));
            } else {
                throw new IllegalArgumentException("unknown option " + a + " (--users=N --days=N --backfill-batches=N"
                        + " --passes=N --last=N --pause-ms=N --dir=PATH --master=M --conf=KEY=VALUE --profile --jfr=FILE)");
            }
        }
        last = Math.min(last, passes);
        Path lake = Path.of(dir, "lake");
        deleteTree(lake);
        System.out.printf("load     : %s (1, 5, 15-minute load average at the start)%n", loadAverage());

        // The demo's backfill: visits in the model's order (user by user, so each batch spans every day), cut into
        // a few raw batches published now, each modeled by a pass of its own.
        String app = "shop";
        DemoTrafficModel model = DemoTrafficModel.lastDays(app, users, days, 42);
        List<DemoVisit> history = new ArrayList<>();
        model.forEach(history::add);
        int per = (history.size() + backfillBatches - 1) / backfillBatches;
        SparkSession.Builder builder = EtlSession.inProcess(master).appName("micro-pass-bench");
        conf.forEach(builder::config);
        SparkSession spark = builder.getOrCreate();
        Counters counters = new Counters();
        spark.sparkContext().addSparkListener(counters);
        EtlConfig config = EtlConfig.parse(new String[] {"--lake=" + lake, "--master=" + master,
                "--session-timeout-minutes=30"});
        try {
            // As the studio's backfill: raw batches published one after the other, a pass for each.
            long t0 = System.nanoTime();
            long historyEvents = 0, modeled = 0;
            for (int b = 0; b < backfillBatches; b++) {
                historyEvents += writeRaw(lake, app, "backfill-" + b, System.currentTimeMillis(), history.subList(
                        Math.min(history.size(), b * per), Math.min(history.size(), (b + 1) * per)));
                modeled += EtlJob.run(() -> spark, config, () -> false).eventsWritten();
            }
            System.out.printf("backfill : %,d users, %d days, %,d visits, %,d events in %d raw batches, %,d modeled by"
                    + " %d passes in %.1f s%n", users, days, history.size(), historyEvents, backfillBatches, modeled,
                    backfillBatches, (System.nanoTime() - t0) / 1e9);

            SplittableRandom random = new SplittableRandom(7);
            List<Pass> results = new ArrayList<>();
            jdk.jfr.Recording recording = null;
            for (int i = 1; i <= passes; i++) {
                if (jfr != null && i == passes - last + 1) {
                    // Java Flight Recorder's profile over the measured passes only
                    recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
                    recording.start();
                }
                if (pauseMs > 0) {
                    Thread.sleep(pauseMs);
                }
                long now = System.currentTimeMillis();
                DemoVisit visit = model.liveVisit(now, random);
                int events = (int) writeRaw(lake, app, "live-" + i, now, List.of(visit));
                spark.sparkContext().listenerBus().waitUntilEmpty();
                Snapshot before = Snapshot.take(counters);
                counters.startProfile(profile && i == passes);
                long w = System.nanoTime();
                EtlRunSummary s = EtlJob.run(() -> spark, config, () -> false);
                long wall = System.nanoTime() - w;
                // the tasks' CPU comes with the listener's events: every event of the pass delivered first
                spark.sparkContext().listenerBus().waitUntilEmpty();
                Snapshot after = Snapshot.take(counters);
                long seen = s.eventsWritten() + s.duplicatesDropped() + s.eventsFiltered() + s.eventsQuarantined();
                if (s.rawFilesRead() != 1 || seen != events) {
                    throw new IllegalStateException("pass " + i + " read " + s.rawFilesRead() + " raw files and wrote "
                            + s.eventsWritten() + " of " + events + " events: " + s);
                }
                Pass p = Pass.of(i, events, wall, before, after, s.partitionsRewritten());
                results.add(p);
                System.out.println(p);
            }
            if (recording != null) {
                recording.dump(Path.of(jfr));
                recording.close();
                System.out.println("jfr      : " + jfr);
            }
            if (profile) {
                System.out.println("profile of the last pass (ms since its start):");
                counters.profile.forEach(line -> System.out.println("  " + line));
            }
            List<Pass> tail = results.subList(results.size() - last, results.size());
            System.out.printf("RESULT last %d of %d passes, median (min-max): wall %s ms, cpu %s ms (driver %s, tasks %s,"
                            + " other %s), jit %s ms, gc %s ms, jobs %s, stages %s, tasks %s, codegen %s%n",
                    last, passes, stats(tail, Pass::wallMs), stats(tail, Pass::cpuMs), stats(tail, Pass::driverMs),
                    stats(tail, Pass::taskMs), stats(tail, Pass::otherMs), stats(tail, Pass::jitMs),
                    stats(tail, Pass::gcMs), stats(tail, Pass::jobs), stats(tail, Pass::stages),
                    stats(tail, Pass::tasks), stats(tail, Pass::compiles));
            StringBuilder code = new StringBuilder();
            for (java.lang.management.MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getName().startsWith("CodeHeap") || pool.getName().equals("CodeCache")) {
                    code.append(String.format(" %s %,d KiB;", pool.getName(), pool.getUsage().getUsed() >> 10));
                }
            }
            System.out.printf("jvm      : %,d classes loaded, JIT %,d ms in all;%s%n",
                    ManagementFactory.getClassLoadingMXBean().getLoadedClassCount(),
                    ManagementFactory.getCompilationMXBean().getTotalCompilationTime(), code);
            System.out.printf("load     : %s (1, 5, 15-minute load average at the end)%n", loadAverage());
        } finally {
            spark.stop();
        }
    }

    /** One pass's figures. */
    record Pass(int n, int events, long wallMs, long cpuMs, long driverMs, long taskMs, long otherMs, long jitMs,
                long gcMs, long jobs, long stages, long tasks, long compiles, long rewritten) {

        static Pass of(int n, int events, long wallNanos, Snapshot a, Snapshot b, long rewritten) {
            long cpu = (b.cpu - a.cpu) / 1_000_000, driver = (b.driverCpu - a.driverCpu) / 1_000_000;
            long tasks = (b.taskCpu - a.taskCpu) / 1_000_000;
            return new Pass(n, events, wallNanos / 1_000_000, cpu, driver, tasks, cpu - driver - tasks,
                    b.jit - a.jit, b.gc - a.gc, b.jobs - a.jobs, b.stages - a.stages, b.tasks - a.tasks,
                    b.compiles - a.compiles, rewritten);
        }

        @Override
        public String toString() {
            return String.format("pass %3d: %2d events, wall %,6d ms, cpu %,6d ms (driver %,5d, tasks %,5d, other %,5d),"
                            + " jit %,5d ms, gc %,4d ms, %2d jobs, %2d stages, %3d tasks, codegen %3d, partitions %d",
                    n, events, wallMs, cpuMs, driverMs, taskMs, otherMs, jitMs, gcMs, jobs, stages, tasks, compiles,
                    rewritten);
        }
    }

    /** Counters of the JVM and of Spark at one moment. */
    record Snapshot(long cpu, long driverCpu, long taskCpu, long jit, long gc, long jobs, long stages, long tasks,
                    long compiles) {
        static Snapshot take(Counters c) {
            long gc = 0;
            for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
                gc += Math.max(0, b.getCollectionTime());
            }
            return new Snapshot(
                    ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                            .getProcessCpuTime(),
                    ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime(),
                    c.taskCpu.get(), ManagementFactory.getCompilationMXBean().getTotalCompilationTime(), gc,
                    c.jobs.get(), c.stages.get(), c.tasks.get(),
                    org.apache.spark.metrics.source.CodegenMetrics.METRIC_COMPILATION_TIME().getCount());
        }
    }

    /** Spark's jobs, stages and tasks, and the CPU of its tasks; with a profile, each job's start and end. */
    static final class Counters extends SparkListener {
        final AtomicLong jobs = new AtomicLong(), stages = new AtomicLong(), tasks = new AtomicLong(),
                taskCpu = new AtomicLong();
        final List<String> profile = java.util.Collections.synchronizedList(new ArrayList<>());
        private final Map<Integer, Long> jobStarts = new ConcurrentHashMap<>();
        private volatile boolean profiling;
        private volatile long passStart;

        void startProfile(boolean on) {
            profile.clear();
            passStart = System.nanoTime();
            profiling = on;
        }

        private String at() {
            return String.format("+%6.0f", (System.nanoTime() - passStart) / 1e6);
        }

        @Override
        public void onJobStart(SparkListenerJobStart e) {
            jobs.incrementAndGet();
            if (profiling) {
                jobStarts.put(e.jobId(), System.nanoTime());
                String desc = e.properties() == null ? null : e.properties().getProperty("spark.job.description");
                profile.add(at() + " job " + e.jobId() + " starts: " + e.stageInfos().size() + " stages, "
                        + (desc != null ? desc : e.stageInfos().last().name()));
            }
        }

        @Override
        public void onJobEnd(SparkListenerJobEnd e) {
            Long s = jobStarts.remove(e.jobId());
            if (profiling && s != null) {
                profile.add(String.format("%s job %d ends (%.0f ms)", at(), e.jobId(), (System.nanoTime() - s) / 1e6));
            }
        }

        @Override
        public void onStageSubmitted(SparkListenerStageSubmitted e) {
            stages.incrementAndGet();
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd e) {
            tasks.incrementAndGet();
            if (e.taskMetrics() != null) {
                taskCpu.addAndGet(e.taskMetrics().executorCpuTime());
            }
        }
    }

    static <T> String stats(List<T> values, java.util.function.ToLongFunction<T> f) {
        long[] v = values.stream().mapToLong(f).sorted().toArray();
        return String.format("%,d (%,d-%,d)", v[v.length / 2], v[0], v[v.length - 1]);
    }

    static String loadAverage() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }

    /** Writes one raw batch as ingestion publishes it (gzip envelope lines, in the hour of its publication). */
    static long writeRaw(Path lake, String app, String name, long ingestMillis, List<DemoVisit> visits)
            throws IOException {
        Instant at = Instant.ofEpochMilli(ingestMillis);
        Path d = Path.of(new LakeLayout(lake.toString()).rawPartition(app, LocalDate.ofInstant(at, ZoneOffset.UTC),
                at.atZone(ZoneOffset.UTC).getHour()));
        Files.createDirectories(d);
        String[] ips = {"2.125.160.216", "81.2.69.142", "216.160.83.56", "89.160.20.112", "2001:218::1"};
        Path tmp = d.resolve("." + name + ".tmp");
        long events = 0, rid = 0;
        try (OutputStream out = new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
            for (DemoVisit v : visits) {
                rid++;
                out.write(RawEnvelopeCodec.encode(new RawEnvelope(name + "-" + rid, ingestMillis, app, v.platform(),
                        ips[(int) (rid % ips.length)], v.userAgent(), "/collect?appId=" + app + "&platform="
                        + v.platform(), v.gzip() ? "gzip" : null, rid, ingestMillis, v.bodyJson())));
                events += v.eventCount();
            }
        }
        Files.move(tmp, d.resolve(name + LakeLayout.RAW_SUFFIX));
        return events;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
