package io.clickstream.etl;

import static io.clickstream.etl.RawLake.envelope;
import static io.clickstream.etl.RawLake.plainEvent;
import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.model.RawEnvelope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small Spark pass (its event keys brought to the driver by the job that counts its rows) against the general pass
 * over the same micro-batches: retries within a batch and across passes, sessions and users spanning batches and days,
 * plain events sessionized by the ETL, items and a quarantined event. Every table must hold exactly the same rows.
 */
class SmallPassTest {

    static final long T0 = Instant.parse("2024-05-01T22:00:00Z").toEpochMilli();
    static final long MIN = 60_000L;

    static SparkSession spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSpark() {
        spark = TestSpark.session();
    }

    @Test
    void small_passes_model_exactly_the_tables_of_general_passes_and_run_fewer_spark_jobs() throws Exception {
        List<List<RawEnvelope>> batches = microBatches(new SplittableRandom(11));
        RawLake small = new RawLake(dir.resolve("small"));
        RawLake general = new RawLake(dir.resolve("general"));
        List<Integer> smallJobs = new ArrayList<>();
        List<Integer> generalJobs = new ArrayList<>();
        for (int b = 0; b < batches.size(); b++) {
            long ingest = batches.get(b).get(0).ingestTime();
            small.write("shop", ingest, batches.get(b));
            general.write("shop", ingest, batches.get(b));
            smallJobs.add(jobsOf(spark, () -> EtlJob.run(spark, config(small), EtlPass.SMALL_PASS_EVENTS, 0)));
            generalJobs.add(jobsOf(spark, () -> EtlJob.run(spark, config(general), 0, 0)));
        }

        for (String table : List.of("modeled/event", "modeled/session", "modeled/user", "modeled/item", "quarantine")) {
            assertThat(rows(spark, small.root.resolve(table))).as(table)
                    .isNotEmpty()
                    .containsExactlyElementsOf(rows(spark, general.root.resolve(table)));
        }
        // The first pass has nothing to compare with, and batch 3 retries an event: both ways ask Spark alike.
        // A pass without copies to drop asks fewer questions when it is small.
        assertThat(smallJobs.get(4)).isLessThan(generalJobs.get(4));
    }

    private static EtlConfig config(RawLake lake) {
        return EtlConfig.forLake(lake.root.toString()).withHousekeeping(RawLake.REPLAYING_HISTORY);
    }

    /**
     * Eight micro-batches of a few users' visits around midnight (so sessions and users span two days), with
     * a retried event within a batch (3) and one of an earlier pass (3), plain HTTP events without session ids (2, 5),
     * an event with items (every batch) and an event without an id (6).
     */
    static List<List<RawEnvelope>> microBatches(SplittableRandom random) {
        List<List<RawEnvelope>> batches = new ArrayList<>();
        String retried = null;
        for (int b = 0; b < 8; b++) {
            long ingest = T0 + b * 20 * MIN;
            List<String> events = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                String user = "u" + random.nextInt(4);
                String id = "e" + b + "-" + k;
                long ts = ingest - random.nextInt(15) * MIN;
                events.add(RawLake.event("shop", id, k == 0 ? "_page_view" : "click", ts, user));
                retried = b == 1 && k == 2 ? events.get(events.size() - 1) : retried;
            }
            events.add(plainEvent("shop", "p" + b, "purchase", ingest - MIN, "u" + random.nextInt(4),
                    "\"items\":[{\"id\":\"i" + b + "\",\"name\":\"Shoe\",\"price\":9.5,\"quantity\":1}],"
                            + "\"attributes\":{\"_session_id\":\"s-u9\",\"_page_url\":\"https://shop.example.com/c\"}"));
            if (b == 2 || b == 5) {
                events.add(plainEvent("shop", "h" + b, "_page_view", ingest - 2 * MIN, "plain-user", ""));
            }
            if (b == 3) {
                events.add(retried);
                events.add(events.get(0));
            }
            if (b == 6) {
                events.add("{\"event_type\":\"click\",\"timestamp\":" + ingest + ",\"app_id\":\"shop\"}");
            }
            batches.add(List.of(envelope("r" + b, "shop", ingest, ingest, "[" + String.join(",", events) + "]")));
        }
        return batches;
    }

    /** Every row of a table as text, sorted. */
    static List<String> rows(SparkSession spark, Path table) {
        if (!Files.exists(table)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Row r : spark.read().parquet(table.toString()).collectAsList()) {
            Map<String, Object> values = new TreeMap<>();
            for (String field : r.schema().fieldNames()) {
                values.put(field, r.getAs(field));
            }
            out.add(values.toString());
        }
        out.sort(null);
        return out;
    }

    /** Spark jobs a pass started. */
    static int jobsOf(SparkSession spark, Runnable pass) throws Exception {
        AtomicInteger jobs = new AtomicInteger();
        SparkListener counter = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart jobStart) {
                jobs.incrementAndGet();
            }
        };
        spark.sparkContext().addSparkListener(counter);
        try {
            pass.run();
            // Listeners hear of jobs on their own thread: wait until every event of the pass was delivered.
            spark.sparkContext().listenerBus().waitUntilEmpty();
            return jobs.get();
        } finally {
            spark.sparkContext().removeSparkListener(counter);
        }
    }
}
