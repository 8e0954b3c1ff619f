package io.clickstream.etl;

import static io.clickstream.etl.RawLake.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.model.RawEnvelope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Micro passes modeled on the driver ({@link DriverPass}) against general Spark passes over the same raw batches:
 * sessions and users spanning passes and days, retries within a batch and of earlier passes, a batch of retries
 * only, a late event that moves a user's first visit days back, items, a quarantined event, plain events that the
 * ETL sessionizes (which go to Spark), and compaction after a few passes. Every table must hold exactly the same
 * rows, and a driver pass must start no Spark job.
 */
class DriverPassTest {

    static SparkSession spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSpark() {
        spark = TestSpark.session();
    }

    @Test
    void driver_passes_model_exactly_the_tables_of_spark_passes_without_a_spark_job() throws Exception {
        List<List<RawEnvelope>> batches = new ArrayList<>(SmallPassTest.microBatches(new SplittableRandom(11)));
        long last = batches.get(batches.size() - 1).get(0).ingestTime();
        // a retry of a whole earlier batch: every copy dropped
        batches.add(List.of(retried(batches.get(4).get(0), last + SmallPassTest.MIN)));
        // a late event two days back: the user's first visit moves to that day
        long late = SmallPassTest.T0 - 2 * 86_400_000L;
        batches.add(List.of(envelope("late", "shop", last + 2 * SmallPassTest.MIN, last + 2 * SmallPassTest.MIN,
                "[" + RawLake.event("shop", "late-1", "_page_view", late, "u1") + "]")));
        RawLake driver = new RawLake(dir.resolve("driver"));
        RawLake general = new RawLake(dir.resolve("general"));
        List<Integer> driverJobs = new ArrayList<>();
        for (List<RawEnvelope> batch : batches) {
            long ingest = batch.get(0).ingestTime();
            driver.write("shop", ingest, batch);
            general.write("shop", ingest, batch);
            driverJobs.add(SmallPassTest.jobsOf(spark, () -> EtlJob.run(spark, config(driver),
                    EtlPass.SMALL_PASS_EVENTS, DriverPass.MAX_EVENTS)));
            EtlJob.run(spark, config(general), 0, 0);
        }

        for (String table : List.of("modeled/event", "modeled/session", "modeled/user", "modeled/item", "quarantine")) {
            assertThat(SmallPassTest.rows(spark, driver.root.resolve(table))).as(table)
                    .isNotEmpty()
                    .containsExactlyElementsOf(SmallPassTest.rows(spark, general.root.resolve(table)));
        }
        // Batches 2 and 5 hold plain events that the ETL sessionizes: those passes go to Spark; no other does.
        for (int b = 0; b < batches.size(); b++) {
            if (b == 2 || b == 5) {
                assertThat(driverJobs.get(b)).as("jobs of pass %d", b).isPositive();
            } else {
                assertThat(driverJobs.get(b)).as("jobs of pass %d", b).isZero();
            }
        }
        assertThat(parquetFiles(driver.root.resolve("modeled/event")))
                .as("compacted: fewer event files than passes").isLessThan(batches.size());
    }

    @Test
    void a_driver_pass_needs_no_spark_session() {
        RawLake raw = new RawLake(dir.resolve("lake"));
        long t = System.currentTimeMillis();
        raw.write("shop", t, List.of(envelope("r", "shop", t, t, "[" + RawLake.event("shop", "e1", "_page_view", t,
                "u1") + "]")));
        Supplier<SparkSession> none = () -> {
            throw new AssertionError("a micro pass asked for a Spark session");
        };

        EtlRunSummary s = EtlJob.run(none, new Configuration(), EtlConfig.forLake(raw.root.toString()), () -> false,
                phase -> { }, Clock.systemUTC());

        assertThat(s.rawFilesRead()).isEqualTo(1);
        assertThat(s.eventsWritten()).isEqualTo(1);
        assertThat(spark.read().parquet(raw.root.resolve("modeled/session").toString()).count()).isEqualTo(1);
    }

    private static RawEnvelope retried(RawEnvelope e, long ingest) {
        return new RawEnvelope(e.rid() + "-retry", ingest, e.appId(), e.platform(), e.ip(), e.ua(), e.uri(),
                e.compression(), e.bundleSeq(), ingest, e.data());
    }

    private static EtlConfig config(RawLake lake) {
        return EtlConfig.parse(new String[] {"--lake=" + lake.root, "--compact-min-files=3"})
                .withHousekeeping(RawLake.REPLAYING_HISTORY);
    }

    private static long parquetFiles(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".parquet")).count();
        }
    }
}
