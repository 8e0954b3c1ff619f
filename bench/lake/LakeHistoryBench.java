import io.clickstream.etl.EtlConfig;
import io.clickstream.etl.EtlJob;
import io.clickstream.etl.EtlRunSummary;
import io.clickstream.etl.EtlSession;
import io.clickstream.model.LakeLayout;
import io.clickstream.model.RawEnvelope;
import io.clickstream.model.RawEnvelopeCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;

/**
 * Per-pass overhead of the ETL against the length of the lake's raw history. Writes D days of simulated raw history
 * (F files an hour of E events each, ingested when they happened, as a long-running lake holds them), models it
 * with one pass, then times passes on a warm local[2] session: passes with nothing new (the cost of finding out)
 * and micro-batches of one new raw file of a few events in the current hour. Prints the median and range of each,
 * the Spark jobs a pass ran, and what a pass listed. Run with bench/lake/run.sh.
 */
public class LakeHistoryBench {

    static volatile long passStart = System.nanoTime();

    public static void main(String[] args) throws Exception {
        int days = 1, filesPerHour = 2, eventsPerFile = 5, passes = 7;
        boolean profile = false;
        String dir = "/tmp/clickstream-lake-bench";
        java.util.Map<String, String> conf = new java.util.LinkedHashMap<>();
        for (String a : args) {
            if (a.startsWith("--days=")) days = Integer.parseInt(a.substring(7));
            else if (a.startsWith("--files-per-hour=")) filesPerHour = Integer.parseInt(a.substring(17));
            else if (a.startsWith("--events-per-file=")) eventsPerFile = Integer.parseInt(a.substring(18));
            else if (a.startsWith("--passes=")) passes = Integer.parseInt(a.substring(9));
            else if (a.startsWith("--dir=")) dir = a.substring(6);
            else if (a.equals("--profile")) profile = true;
            else if (a.startsWith("--conf=") && a.indexOf('=', 7) > 0) {
                conf.put(a.substring(7, a.indexOf('=', 7)), a.substring(a.indexOf('=', 7) + 1));
            }
            else throw new IllegalArgumentException("unknown option " + a
                    + " (--days=N --files-per-hour=N --events-per-file=N --passes=N --dir=PATH --conf=KEY=VALUE --profile)");
        }
        Path lake = Path.of(dir, "lake-" + days + "d");
        deleteTree(lake);
        Instant now = Instant.now();
        Instant firstHour = now.truncatedTo(ChronoUnit.HOURS).minus(days * 24L, ChronoUnit.HOURS);
        long t0 = System.nanoTime();
        int files = 0;
        for (Instant h = firstHour; h.isBefore(now.truncatedTo(ChronoUnit.HOURS)); h = h.plus(1, ChronoUnit.HOURS)) {
            for (int f = 0; f < filesPerHour; f++) {
                long at = h.toEpochMilli() + f * (3_600_000L / filesPerHour) + 1_000;
                writeRaw(lake, "hist-" + files, at, eventsPerFile);
                files++;
            }
        }
        System.out.printf("history: %d days, %,d raw files, %,d events, written in %.1f s%n", days, files,
                (long) files * eventsPerFile, (System.nanoTime() - t0) / 1e9);

        SparkSession.Builder builder = EtlSession.builder("local[2]")
                // as the local runtime built its session before it had settings of its own (--conf adds more)
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.session.timeZone", "UTC");
        conf.forEach(builder::config);
        SparkSession spark = builder.getOrCreate();
        AtomicInteger jobs = new AtomicInteger();
        List<String> jobLog = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.Map<Integer, Long> jobStarts = new java.util.concurrent.ConcurrentHashMap<>();
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart jobStart) {
                jobs.incrementAndGet();
                jobStarts.put(jobStart.jobId(), System.nanoTime());
                jobLog.add(String.format("  +%6.0f ms start job %d: %s", (System.nanoTime() - passStart) / 1e6,
                        jobStart.jobId(), jobStart.stageInfos().head().name()));
            }

            @Override
            public void onJobEnd(org.apache.spark.scheduler.SparkListenerJobEnd jobEnd) {
                Long s = jobStarts.remove(jobEnd.jobId());
                jobLog.add(String.format("  +%6.0f ms end   job %d (%.0f ms)", (System.nanoTime() - passStart) / 1e6,
                        jobEnd.jobId(), s == null ? -1 : (System.nanoTime() - s) / 1e6));
            }
        });
        EtlConfig config = EtlConfig.forLake(lake.toString());
        try {
            long b = System.nanoTime();
            EtlRunSummary first = EtlJob.run(spark, config);
            System.out.printf("backfill pass: %,d raw files, %,d events in %.1f s%n", first.rawFilesRead(),
                    first.eventsWritten(), (System.nanoTime() - b) / 1e9);
            // warm-up: one idle and one micro pass, untimed
            EtlJob.run(spark, config);
            writeRaw(lake, "warm", System.currentTimeMillis(), eventsPerFile);
            EtlJob.run(spark, config);

            List<Double> idle = new ArrayList<>(), idleCpu = new ArrayList<>();
            int idleJobs = 0;
            for (int i = 0; i < passes; i++) {
                jobs.set(0);
                long cpu = cpuNanos(), w = System.nanoTime();
                EtlRunSummary s = EtlJob.run(spark, config);
                idle.add((System.nanoTime() - w) / 1e6);
                idleCpu.add((cpuNanos() - cpu) / 1e6);
                idleJobs = jobs.get();
                if (s.rawFilesRead() != 0) {
                    throw new IllegalStateException("an idle pass read " + s.rawFilesRead() + " raw files");
                }
            }
            List<Double> micro = new ArrayList<>(), microCpu = new ArrayList<>();
            int microJobs = 0;
            for (int i = 0; i < passes; i++) {
                writeRaw(lake, "micro-" + i, System.currentTimeMillis(), eventsPerFile);
                jobs.set(0);
                jobLog.clear();
                passStart = System.nanoTime();
                long cpu = cpuNanos(), w = System.nanoTime();
                EtlRunSummary s = EtlJob.run(spark, config);
                micro.add((System.nanoTime() - w) / 1e6);
                microCpu.add((cpuNanos() - cpu) / 1e6);
                microJobs = jobs.get();
                if (s.rawFilesRead() != 1 || s.eventsWritten() != eventsPerFile) {
                    throw new IllegalStateException("a micro pass read " + s.rawFilesRead() + " files, wrote "
                            + s.eventsWritten() + " events");
                }
            }
            if (profile) {
                System.out.println("PROFILE of the last micro pass (" + micro.get(micro.size() - 1) + " ms):");
                jobLog.forEach(System.out::println);
            }
            System.out.printf("RESULT days=%d raw_files=%d idle_pass_ms=%s idle_cpu_ms=%s idle_jobs=%d "
                            + "micro_pass_ms=%s micro_cpu_ms=%s micro_jobs=%d%n", days, files, stats(idle),
                    stats(idleCpu), idleJobs, stats(micro), stats(microCpu), microJobs);
        } finally {
            spark.stop();
        }
    }

    /** median (min-max) */
    static String stats(List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        v.sort(null);
        return String.format("%.0f(%.0f-%.0f)", v.get(v.size() / 2), v.get(0), v.get(v.size() - 1));
    }

    static void writeRaw(Path lake, String name, long ingestMillis, int events) throws IOException {
        Instant at = Instant.ofEpochMilli(ingestMillis);
        Path d = Path.of(new LakeLayout(lake.toString()).rawPartition("shop", LocalDate.ofInstant(at, ZoneOffset.UTC),
                at.atZone(ZoneOffset.UTC).getHour()));
        Files.createDirectories(d);
        StringBuilder data = new StringBuilder("[");
        for (int e = 0; e < events; e++) {
            long ts = ingestMillis - 1_000 + e * 100L;
            int user = Math.floorMod(name.hashCode() + e, 500);
            data.append(e == 0 ? "" : ",").append("""
                    {"event_type":"%s","event_id":"%s-%d","timestamp":%d,"app_id":"shop","unique_id":"u%d",\
                    "platform":"Web","attributes":{"_session_id":"s-%s","_session_number":1,\
                    "_session_start_timestamp":%d,"_page_url":"https://shop.example.com/p/%d"}}"""
                    .formatted(e == 0 ? "_page_view" : "click", name, e, ts, user, name, ingestMillis - 1_000, e));
        }
        Path tmp = d.resolve("." + name + ".tmp");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp))) {
            out.write(RawEnvelopeCodec.encode(new RawEnvelope("r-" + name, ingestMillis, "shop", "Web",
                    "203.0.113.9", "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0", "/collect?appId=shop", null, 1L,
                    ingestMillis, data.append(']').toString())));
        }
        Files.move(tmp, d.resolve("bench-" + name + LakeLayout.RAW_SUFFIX));
    }

    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
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
