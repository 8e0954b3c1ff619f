package io.clickstream.etl;

import io.clickstream.model.RawEnvelope;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * Cost of mid-size ETL passes (the thousands to tens of thousands of events that steady traffic brings per pass) on
 * one warm in-process local[2] session, as a Spark pass and as a driver pass: SDK-shaped visits of returning users
 * in the current day, cut into raw files of about 1,000 events (what ingestion publishes every second at 1,000
 * events/s), then passes of the given sizes one after the other over a growing lake. Prints per pass: events, wall,
 * process CPU, calling thread's CPU, Spark jobs and task CPU, GC time. Not a test: run its main on the test
 * classpath, e.g. {@code MidPassBenchmark --sizes=5000,20000,50000 --driver-events=0,100000}.
 */
public final class MidPassBenchmark {

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = List.of(2_000, 5_000, 20_000, 50_000, 20_000, 5_000);
        List<Integer> driverLimits = List.of(0, 100_000);
        String dir = "/tmp/clickstream-mid-pass";
        int warmup = 2;
        for (String a : args) {
            if (a.startsWith("--sizes=")) sizes = ints(a.substring(8));
            else if (a.startsWith("--driver-events=")) driverLimits = ints(a.substring(16));
            else if (a.startsWith("--dir=")) dir = a.substring(6);
            else if (a.startsWith("--warmup=")) warmup = Integer.parseInt(a.substring(9));
            else throw new IllegalArgumentException("unknown option " + a);
        }
        SparkSession spark = EtlSession.inProcess("local[2]").appName("mid-pass-bench").getOrCreate();
        Jobs jobs = new Jobs();
        spark.sparkContext().addSparkListener(jobs);
        System.out.printf("load at start: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
        for (int limit : driverLimits) {
            Path root = Path.of(dir, "lake-" + limit);
            deleteTree(root);
            RawLake raw = new RawLake(root);
            EtlConfig config = EtlConfig.parse(new String[] {"--lake=" + root});
            Visits visits = new Visits(new SplittableRandom(3));
            List<Integer> plan = new ArrayList<>();
            for (int w = 0; w < warmup; w++) {
                plan.add(sizes.get(0));
            }
            plan.addAll(sizes);
            long lakeEvents = 0;
            for (int i = 0; i < plan.size(); i++) {
                int n = plan.get(i);
                visits.write(raw, n);
                spark.sparkContext().listenerBus().waitUntilEmpty();
                long cpu0 = processCpu(), th0 = threadCpu(), gc0 = gcMs(), j0 = jobs.jobs.get(), t0 = jobs.taskCpu.get();
                for (java.lang.management.MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                    pool.resetPeakUsage();
                }
                long w0 = System.nanoTime();
                EtlRunSummary s = EtlJob.run(spark, config, EtlPass.SMALL_PASS_EVENTS, limit);
                long wall = (System.nanoTime() - w0) / 1_000_000;
                spark.sparkContext().listenerBus().waitUntilEmpty();
                lakeEvents += s.eventsWritten();
                System.out.printf("driver limit %,7d %s pass %d: %,6d events (%,d in lake), wall %,6d ms, cpu %,6d ms"
                                + " (thread %,6d), %2d spark jobs (task cpu %,6d ms), gc %,5d ms, %d partitions, heap peak %,d MiB%n",
                        limit, i < warmup ? "warmup" : "      ", i, s.eventsWritten(), lakeEvents, wall,
                        (processCpu() - cpu0) / 1_000_000, (threadCpu() - th0) / 1_000_000, jobs.jobs.get() - j0,
                        (jobs.taskCpu.get() - t0) / 1_000_000, gcMs() - gc0, s.partitionsRewritten(), heapPeak() >> 20);
                if (s.eventsWritten() != n) {
                    throw new IllegalStateException("wrote " + s.eventsWritten() + " of " + n + ": " + s);
                }
            }
        }
        System.out.printf("load at end: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
        spark.stop();
    }

    /** Visits of a pool of users, 9 events each on average, ingested now, SDK-shaped with sessions and items. */
    static final class Visits {
        private static final String[] TYPES = {"_page_view", "_page_view", "_page_view", "click", "add_to_cart",
            "_user_engagement", "view_item", "purchase"};
        private static final String[] PAGES = {"https://shop.example.com/",
            "https://shop.example.com/p/1?utm_source=news&utm_medium=email&utm_campaign=spring",
            "https://shop.example.com/p/2", "https://shop.example.com/cart?gclid=abc123"};
        private final SplittableRandom random;
        private final int[] sessions = new int[5_000];
        private long next;

        Visits(SplittableRandom random) {
            this.random = random;
        }

        void write(RawLake raw, int events) {
            long now = System.currentTimeMillis();
            List<RawEnvelope> file = new ArrayList<>();
            int inFile = 0;
            int written = 0;
            while (written < events) {
                int u = random.nextInt(sessions.length);
                int s = ++sessions[u];
                int n = Math.min(events - written, 1 + random.nextInt(17));
                long start = now - n * 5_000L;
                List<String> visit = new ArrayList<>();
                for (int k = 0; k < n; k++) {
                    long ts = start + k * 5_000L;
                    String items = random.nextInt(4) > 0 ? "" : ",\"items\":[{\"id\":\"i%d\",\"name\":\"Shoe\",\"price\":%d.5,\"quantity\":1}]"
                            .formatted(random.nextInt(40), 5 + random.nextInt(20));
                    String attrs = random.nextInt(5) > 0 ? "" : "\"tier\":{\"value\":\"t%d\",\"set_timestamp\":%d}"
                            .formatted(random.nextInt(3), ts);
                    visit.add(("{\"event_type\":\"%s\",\"event_id\":\"e%d\",\"timestamp\":%d,\"app_id\":\"shop\","
                            + "\"unique_id\":\"u%d\",\"platform\":\"Web\",\"locale\":\"en_US\",\"screen_width\":1440,"
                            + "\"sdk_name\":\"aws-solution-clickstream-sdk\",\"sdk_version\":\"0.12.4\",\"user\":{%s},"
                            + "\"attributes\":{\"_session_id\":\"s-%d-%d\",\"_session_number\":%d,"
                            + "\"_session_start_timestamp\":%d,\"_page_url\":\"%s\",\"_page_title\":\"T\","
                            + "\"_engagement_time_msec\":%d,\"color\":\"c%d\"}%s}")
                            .formatted(TYPES[random.nextInt(TYPES.length)], next++, ts, u, attrs, u, s, s, start,
                                    PAGES[random.nextInt(PAGES.length)], (ts % 5) * 1000, ts % 3, items));
                }
                written += n;
                inFile += n;
                // one request per visit, as the SDK sends them
                file.add(RawLake.envelope("r" + next, "shop", now, now, "[" + String.join(",", visit) + "]"));
                if (inFile >= 1_000 || written >= events) {
                    raw.write("shop", now, file);
                    file = new ArrayList<>();
                    inFile = 0;
                }
            }
        }
    }

    static final class Jobs extends SparkListener {
        final AtomicLong jobs = new AtomicLong(), taskCpu = new AtomicLong();

        @Override
        public void onJobStart(SparkListenerJobStart e) {
            jobs.incrementAndGet();
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd e) {
            if (e.taskMetrics() != null) {
                taskCpu.addAndGet(e.taskMetrics().executorCpuTime());
            }
        }
    }

    private static List<Integer> ints(String csv) {
        List<Integer> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            out.add(Integer.parseInt(s.trim()));
        }
        return out;
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long threadCpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /** Sum of the heap pools' peaks since their reset (with garbage not yet collected: an upper bound). */
    private static long heapPeak() {
        long peak = 0;
        for (java.lang.management.MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    private static long gcMs() {
        long gc = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            gc += Math.max(0, b.getCollectionTime());
        }
        return gc;
    }

    private static void deleteTree(Path root) throws Exception {
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
