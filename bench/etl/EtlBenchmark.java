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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * ETL throughput benchmark: writes N raw events of the demo traffic model (pipeline-engine's DemoTrafficModel) as
 * ingestion would (gzip JSON-lines envelopes under raw/app_id=/date=/hour=), then, in one JVM and one local Spark
 * session, times (1) one full ETL pass and (2) the floor: a bare Spark JSON-to-Parquet conversion of the same files
 * with a schema given up front (inferred beforehand from a sample, untimed). Prints events/s and the ratio.
 *
 * Run with bench/etl/run.sh (builds nothing; needs etl-job/target/etl-job.jar and pipeline-engine installed).
 */
public class EtlBenchmark {

    public static void main(String[] args) throws Exception {
        long events = 2_000_000;
        String dir = "/tmp/clickstream-etl-bench";
        String master = "local[2]";
        String geoip = null;
        for (String a : args) {
            if (a.startsWith("--events=")) events = Long.parseLong(a.substring(9));
            else if (a.startsWith("--dir=")) dir = a.substring(6);
            else if (a.startsWith("--master=")) master = a.substring(9);
            else if (a.startsWith("--geoip-db=")) geoip = a.substring(11);
            else throw new IllegalArgumentException("unknown option " + a
                    + " (--events=N --dir=PATH --master=local[2] --geoip-db=FILE)");
        }
        Path lake = Path.of(dir, "lake");
        Path floorOut = Path.of(dir, "floor-parquet");
        long generated = generate(lake, events);

        SparkSession spark = EtlSession.builder(master).config("spark.sql.shuffle.partitions", "4").getOrCreate();
        try {
            String rawGlob = lake.resolve("raw") + "/app_id=*/date=*/hour=*/*.jsonl.gz";
            // Floor schema from a 2% sample, outside the timing: the floor then parses and writes, nothing more.
            StructType schema = spark.read().option("samplingRatio", "0.02").json(rawGlob).schema();

            EtlConfig config = EtlConfig.forLake(lake.toString()).withGeoipDb(geoip);
            // Both sides warm: one ETL pass and one floor conversion of a single day first (untimed), so that
            // neither pays alone for class loading, JIT compilation and Spark's code generation.
            Path warm = warmUpLake(lake, Path.of(dir, "warmup-lake"));
            EtlJob.run(spark, EtlConfig.forLake(warm.toString()).withGeoipDb(geoip));
            deleteTree(Path.of(dir, "warmup-floor"));
            spark.read().schema(schema).json(warm.resolve("raw") + "/app_id=*/date=*/hour=*/*.jsonl.gz").write()
                    .parquet(Path.of(dir, "warmup-floor").toString());
            long c0 = cpuNanos();
            EtlRunSummary s = EtlJob.run(spark, config);
            double etlSeconds = s.duration().toNanos() / 1e9;
            double etlCpu = (cpuNanos() - c0) / 1e9;

            // A micro-batch after the backfill: one more raw file (new event ids) into the latest day. With
            // append-only event files its cost follows the batch, not the size of the day it lands in.
            Path extra = microBatch(lake);
            EtlRunSummary micro;
            try {
                micro = EtlJob.run(spark, config);
            } finally {
                Files.deleteIfExists(extra);
            }

            deleteTree(floorOut);
            long f0 = System.nanoTime();
            long fc0 = cpuNanos();
            spark.read().schema(schema).json(rawGlob).write().parquet(floorOut.toString());
            double floorSeconds = (System.nanoTime() - f0) / 1e9;
            double floorCpu = (cpuNanos() - fc0) / 1e9;

            System.out.printf("%nraw events generated: %,d in %d files (%s)%n", generated, s.rawFilesRead(), lake);
            System.out.printf("ETL pass : %,d written, %,d duplicates dropped, %,d filtered (bots), %,d quarantined, "
                            + "%d partitions rewritten%n", s.eventsWritten(), s.duplicatesDropped(), s.eventsFiltered(),
                    s.eventsQuarantined(), s.partitionsRewritten());
            System.out.printf("ETL pass : %.1f s  -> %,.0f events/s on %s (all tables: event, item, session, user)%n",
                    etlSeconds, generated / etlSeconds, master);
            System.out.printf("floor    : %.1f s  -> %,.0f events/s (spark.read.json(schema).write.parquet)%n",
                    floorSeconds, generated / floorSeconds);
            System.out.printf("ratio    : ETL / floor = %.2f%n", etlSeconds / floorSeconds);
            // CPU time of this JVM: on a machine shared with other builds, wall time says more about them than
            // about the ETL; CPU seconds (over 2 cores) estimate what an idle machine would give.
            System.out.printf("cpu      : ETL %.1f cpu-s (%,.0f events/s if 2 cores were ours), floor %.1f cpu-s, "
                            + "ratio %.2f%n", etlCpu, generated / (etlCpu / 2), floorCpu, etlCpu / floorCpu);
            System.out.printf("load     : %.2f (1-minute load average at the end)%n",
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            System.out.printf("micro    : next pass with one new raw file: %,d events written in %.1f s "
                            + "(%d partitions rewritten or compacted)%n", micro.eventsWritten(),
                    micro.duration().toNanos() / 1e9, micro.partitionsRewritten());
        } finally {
            spark.stop();
        }
    }

    /** Writes the raw lake (once; reused when it already holds the same number of events). */
    static long generate(Path lake, long target) throws IOException {
        Path marker = lake.resolve("_bench_events_" + target);
        if (Files.exists(marker)) {
            System.out.println("reusing raw lake " + lake);
            cleanOutputs(lake);
            return Long.parseLong(Files.readString(marker).trim());
        }
        deleteTree(lake);
        long t0 = System.nanoTime();
        LakeLayout layout = new LakeLayout(lake.toString());
        // Users are sized so the model yields a little more than the target; the tail is cut.
        DemoTrafficModel model = new DemoTrafficModel(42, "shop", (int) Math.max(100, target / 9),
                LocalDate.now(ZoneOffset.UTC).minusDays(29), 30, ZoneId.of("UTC"), System.currentTimeMillis());
        String[] ips = {"2.125.160.216", "81.2.69.142", "81.2.69.160", "216.160.83.56", "89.160.20.112",
                "67.43.156.1", "202.196.224.1", "175.16.199.1", "2001:218::1", "149.101.100.1"};
        Map<String, OutputStream> open = new HashMap<>();
        long written = 0, rid = 0;
        for (DemoVisit v : model) {
            if (written >= target) {
                break;
            }
            long ingest = v.firstEventMillis() + 30_000;
            Instant at = Instant.ofEpochMilli(ingest);
            LocalDate date = LocalDate.ofInstant(at, ZoneOffset.UTC);
            int hour = at.atZone(ZoneOffset.UTC).getHour();
            String key = date + "/" + hour;
            OutputStream out = open.get(key);
            if (out == null) {
                Path d = Path.of(layout.rawPartition("shop", date, hour));
                Files.createDirectories(d);
                out = new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(
                        d.resolve(LakeLayout.rawFileName("bench", open.size() + 1L))), 1 << 16), 1 << 16);
                open.put(key, out);
            }
            rid++;
            out.write(RawEnvelopeCodec.encode(new RawEnvelope("r" + rid, ingest, "shop", v.platform(),
                    ips[(int) (rid % ips.length)], v.userAgent(), "/collect?appId=shop&platform=" + v.platform(),
                    v.gzip() ? "gzip" : null, rid, ingest, v.bodyJson())));
            written += v.eventCount();
        }
        for (OutputStream out : open.values()) {
            out.close();
        }
        Files.writeString(marker, Long.toString(written));
        System.out.printf("generated %,d raw events in %d files in %.1f s%n", written, open.size(),
                (System.nanoTime() - t0) / 1e9);
        return written;
    }

    /** A fresh lake holding a copy of the raw files of the lake's first day. */
    static Path warmUpLake(Path lake, Path warm) throws IOException {
        deleteTree(warm);
        Path raw = lake.resolve("raw");
        Path firstDay;
        try (Stream<Path> days = Files.list(raw.resolve("app_id=shop"))) {
            firstDay = days.sorted().findFirst().orElseThrow();
        }
        try (Stream<Path> files = Files.walk(firstDay)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path target = warm.resolve("raw").resolve(raw.relativize(f));
                Files.createDirectories(target.getParent());
                Files.copy(f, target);
            }
        }
        return warm;
    }

    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Copies the newest raw file under a new name, giving its events new ids; returns the copy. */
    static Path microBatch(Path lake) throws IOException {
        Path newest;
        try (Stream<Path> files = Files.walk(lake.resolve("raw"))) {
            newest = files.filter(p -> p.toString().endsWith(LakeLayout.RAW_SUFFIX)).max(Comparator.naturalOrder())
                    .orElseThrow();
        }
        Path copy = newest.resolveSibling("zz-microbatch" + LakeLayout.RAW_SUFFIX);
        try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                new java.util.zip.GZIPInputStream(Files.newInputStream(newest)), java.nio.charset.StandardCharsets.UTF_8));
             OutputStream out = new GZIPOutputStream(Files.newOutputStream(copy))) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write((line.replace("\"event_id\":\"", "\"event_id\":\"mb-") + "\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return copy;
    }

    static void cleanOutputs(Path lake) throws IOException {
        for (String d : new String[] {"modeled", "quarantine", "_state"}) {
            deleteTree(lake.resolve(d));
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
