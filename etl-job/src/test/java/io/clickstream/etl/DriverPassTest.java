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

    /**
     * Generated traffic, pass by pass both ways: visits of a few users across midnight whose SDK sessions continue
     * over passes, user attributes set again and again (and an older value arriving late), items, traffic sources,
     * retries within a batch and of earlier passes, late events days back, bad events beside good ones, a line that
     * is not JSON, an unreadable file, a bot's events, then events the ETL sessionizes and a pass above the driver's
     * size limit (both of which must go to Spark). Every pass must count the same, and every table (full rows,
     * including the sessions' event lists and the quarantine's reasons) must be the same after each pass.
     */
    @Test
    void driver_passes_match_spark_passes_on_generated_traffic() throws Exception {
        for (long seed : new long[] {7}) {
            Traffic traffic = new Traffic(new SplittableRandom(seed));
            RawLake driver = new RawLake(dir.resolve("driver-" + seed));
            RawLake general = new RawLake(dir.resolve("general-" + seed));
            long dropped = 0;
            for (int b = 0; b < Traffic.BATCHES; b++) {
                traffic.writeBatch(b, driver);
                traffic.writeBatch(b, general);
                // the last batch holds more events than this pass lets the driver take
                int limit = b == Traffic.BATCHES - 1 ? 2 : DriverPass.MAX_EVENTS;
                EtlRunSummary[] d = new EtlRunSummary[1];
                int jobs = SmallPassTest.jobsOf(spark, () -> d[0] = EtlJob.run(spark, config(driver),
                        EtlPass.SMALL_PASS_EVENTS, limit));
                EtlRunSummary g = EtlJob.run(spark, config(general), 0, 0);
                String pass = "seed " + seed + ", pass " + b;
                assertThat(counts(d[0])).as(pass).isEqualTo(counts(g));
                if (b >= Traffic.BATCHES - 2) {
                    assertThat(jobs).as(pass + ": sessionizing or too big, so Spark").isPositive();
                } else {
                    assertThat(jobs).as(pass + ": a driver pass").isZero();
                }
                dropped += d[0].duplicatesDropped();
                if (b == 4) {
                    // right after the late pass: later passes may set u1's tier again and hide a wrong merge
                    assertSameTables(driver, general, pass);
                    assertThat(SmallPassTest.rows(spark, driver.root.resolve("modeled/user")))
                            .anyMatch(r -> r.contains("user_pseudo_id=u1") && r.contains("tier -> "))
                            .noneMatch(r -> r.contains("tier -> stale"));
                }
            }
            assertSameTables(driver, general, "seed " + seed);
            // The scenario did what it says (else the comparison above proves little).
            assertThat(dropped).as("retried copies dropped").isPositive();
            String quarantine = String.join("\n", SmallPassTest.rows(spark, driver.root.resolve("quarantine")));
            assertThat(quarantine).contains("missing event_type", "missing timestamp", "missing event_id",
                    "event is not a JSON object", "unreadable raw file");
            assertThat(SmallPassTest.rows(spark, driver.root.resolve("modeled/user")))
                    .anyMatch(r -> r.contains("tier -> "))
                    .anyMatch(r -> r.contains("first_visit_date=2024-04-2"))
                    .noneMatch(r -> r.contains("tier -> stale"));
            assertThat(spark.read().parquet(driver.root.resolve("modeled/session").toString())
                    .filter("size(event_names) > 3 AND size(event_dates) > 3").count())
                    .as("sessions continued over passes").isPositive();
        }
    }

    /**
     * Passes of steady traffic (thousands to tens of thousands of events, the size a busy site's passes have, which
     * the driver now takes up to {@link DriverPass#MAX_EVENTS}) both ways: a few hundred returning users whose SDK
     * sessions continue over passes and over midnight, user attributes set again, items, retries within a pass and
     * of the previous pass, a bad event. Each pass is modeled on the driver in one lake (no Spark job) and by the
     * general Spark pass in the other; counts and every table's rows must be the same after each pass.
     */
    @Test
    void mid_size_driver_passes_match_spark_passes() throws Exception {
        SteadyTraffic traffic = new SteadyTraffic(new SplittableRandom(5));
        RawLake driver = new RawLake(dir.resolve("driver-mid"));
        RawLake general = new RawLake(dir.resolve("general-mid"));
        int[] sizes = {3_000, 15_000, 45_000};
        for (int b = 0; b < sizes.length; b++) {
            List<RawEnvelope> batch = traffic.batch(b, sizes[b]);
            long ingest = batch.get(0).ingestTime();
            // ingestion publishes a file every few seconds: a pass reads several
            for (int from = 0; from < batch.size(); from += 400) {
                List<RawEnvelope> file = batch.subList(from, Math.min(batch.size(), from + 400));
                driver.write("shop", ingest, file);
                general.write("shop", ingest, file);
            }
            EtlRunSummary[] d = new EtlRunSummary[1];
            int jobs = SmallPassTest.jobsOf(spark, () -> d[0] = EtlJob.run(spark, config(driver),
                    EtlPass.SMALL_PASS_EVENTS, DriverPass.MAX_EVENTS));
            EtlRunSummary g = EtlJob.run(spark, config(general), 0, 0);
            String pass = "mid-size pass " + b;
            assertThat(jobs).as(pass + ": a driver pass").isZero();
            assertThat(counts(d[0])).as(pass).isEqualTo(counts(g));
            assertThat(d[0].eventsWritten()).as(pass + ": events landed").isGreaterThan(sizes[b] * 9L / 10);
            if (b > 0) {
                assertThat(d[0].duplicatesDropped()).as(pass + ": retries dropped").isPositive();
            }
            assertSameTables(driver, general, pass);
        }
        // The scenario did what it says (else the comparison above proves little).
        assertThat(spark.read().parquet(driver.root.resolve("modeled/session").toString())
                .filter("size(event_dates) > 1 AND event_dates[0] <> event_dates[size(event_dates) - 1]").count())
                .as("sessions over midnight").isPositive();
        assertThat(spark.read().parquet(driver.root.resolve("modeled/user").toString())
                .filter("size(user_properties) > 0").count()).as("users with attributes").isPositive();
    }

    /**
     * Steady traffic leaves a partition with a merged file and new small files: compaction on the driver merges the
     * smallest files that fit its byte budget and leaves the bigger file alone (no Spark session asked for); with a
     * budget too small for enough files, the partition goes to Spark whole. The table's rows stay the same.
     */
    @Test
    void compaction_merges_the_smallest_files_on_the_driver_and_the_rest_with_spark() throws Exception {
        SteadyTraffic traffic = new SteadyTraffic(new SplittableRandom(9));
        RawLake raw = new RawLake(dir.resolve("tiered"));
        EtlConfig noCompaction = EtlConfig.parse(new String[] {"--lake=" + raw.root, "--compact-min-files=0"})
                .withHousekeeping(RawLake.REPLAYING_HISTORY);
        int[] sizes = {6_000, 300, 300, 300, 300};
        for (int b = 0; b < sizes.length; b++) {
            List<RawEnvelope> batch = traffic.batch(b, sizes[b]);
            raw.write("shop", batch.get(0).ingestTime(), batch);
            EtlJob.run(spark, noCompaction, EtlPass.SMALL_PASS_EVENTS, DriverPass.MAX_EVENTS);
        }
        io.clickstream.etl.io.TablePartition day = new io.clickstream.etl.io.TablePartition("shop",
                java.time.LocalDate.parse("2024-05-01"));
        Path partition = raw.root.resolve("modeled/event/app_id=shop/event_date=2024-05-01");
        java.util.Map<Path, Long> before = sizes(partition);
        assertThat(before).as("a big file and small ones").hasSizeGreaterThanOrEqualTo(4);
        Path biggest = before.entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey();
        long others = before.values().stream().mapToLong(Long::longValue).sum() - before.get(biggest);
        List<String> rows = SmallPassTest.rows(spark, raw.root.resolve("modeled/event"));
        EtlConfig compactAtThree = noCompaction.withCompaction(3, 64L << 20);
        io.clickstream.etl.io.LakeFiles lake = io.clickstream.etl.io.LakeFiles.open(new Configuration(),
                raw.root.toString());
        Supplier<SparkSession> none = () -> {
            throw new AssertionError("compaction on the driver asked for a Spark session");
        };

        int compacted = new io.clickstream.etl.io.Compaction(none, new io.clickstream.etl.io.ParquetFiles(
                new Configuration()), lake, new io.clickstream.etl.io.CommitLog(lake), compactAtThree, others)
                .compact(java.util.Map.of(io.clickstream.model.ModeledTables.EVENT, List.of(day)));

        assertThat(compacted).isEqualTo(1);
        assertThat(sizes(partition)).as("the big file kept, the others merged into one").hasSize(2)
                .containsEntry(biggest, before.get(biggest));
        assertThat(SmallPassTest.rows(spark, raw.root.resolve("modeled/event"))).isEqualTo(rows);

        // With a budget too small for three files, the partition waits (no Spark) until it holds three times the
        // threshold's small files; then Spark merges them all.
        io.clickstream.etl.io.Compaction tiny = new io.clickstream.etl.io.Compaction(() -> spark,
                new io.clickstream.etl.io.ParquetFiles(new Configuration()), lake,
                new io.clickstream.etl.io.CommitLog(lake), compactAtThree, 1);
        int b = 0;
        while (sizes(partition).size() < 9) {
            List<RawEnvelope> batch = traffic.batch(b++ % 3, 300);
            raw.write("shop", batch.get(0).ingestTime(), batch);
            EtlJob.run(spark, noCompaction, EtlPass.SMALL_PASS_EVENTS, DriverPass.MAX_EVENTS);
            if (sizes(partition).size() < 9) {
                java.util.Map<Path, Long> waiting = sizes(partition);
                int[] none2 = new int[1];
                none2[0] = SmallPassTest.jobsOf(spark, () -> compact(tiny, day));
                assertThat(none2[0]).as("waits: no Spark job").isZero();
                assertThat(sizes(partition)).isEqualTo(waiting);
            }
        }
        rows = SmallPassTest.rows(spark, raw.root.resolve("modeled/event"));
        int jobs = SmallPassTest.jobsOf(spark, () -> compact(tiny, day));
        assertThat(jobs).as("Spark merged them").isPositive();
        assertThat(sizes(partition)).hasSize(1);
        assertThat(SmallPassTest.rows(spark, raw.root.resolve("modeled/event"))).isEqualTo(rows);
    }

    private static void compact(io.clickstream.etl.io.Compaction compaction, io.clickstream.etl.io.TablePartition p) {
        try {
            compaction.compact(java.util.Map.of(io.clickstream.model.ModeledTables.EVENT, List.of(p)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static java.util.Map<Path, Long> sizes(Path partition) throws Exception {
        java.util.Map<Path, Long> out = new java.util.TreeMap<>();
        try (Stream<Path> files = Files.list(partition)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".parquet")).toList()) {
                out.put(f, Files.size(f));
            }
        }
        return out;
    }

    /** Steady SDK traffic of returning users around midnight, generated from a seed. */
    static final class SteadyTraffic {
        private static final long T0 = java.time.Instant.parse("2024-05-01T23:58:00Z").toEpochMilli();
        private static final int USERS = 600;
        private final SplittableRandom random;
        private final int[] sessionNumber = new int[USERS];
        private final long[] sessionStart = new long[USERS];
        private final List<String> previous = new ArrayList<>();
        private int next;

        SteadyTraffic(SplittableRandom random) {
            this.random = random;
        }

        /** About {@code events} events in one envelope per visit, ingested a minute after the previous batch. */
        List<RawEnvelope> batch(int b, int events) {
            long ingest = T0 + b * 60_000L;
            List<RawEnvelope> out = new ArrayList<>();
            List<String> sent = new ArrayList<>();
            int count = 0;
            while (count < events) {
                int u = random.nextInt(USERS);
                long ts = ingest - random.nextInt(90_000);
                if (sessionNumber[u] == 0 || random.nextInt(4) == 0) {
                    sessionNumber[u]++;
                    sessionStart[u] = ts;
                }
                List<String> visit = new ArrayList<>();
                int n = 1 + random.nextInt(12);
                for (int k = 0; k < n; k++) {
                    String attrs = random.nextInt(6) > 0 ? "" : "\"tier\":{\"value\":\"t%d\",\"set_timestamp\":%d}"
                            .formatted(random.nextInt(3), ts + k);
                    String items = random.nextInt(5) > 0 ? null
                            : "[{\"id\":\"i%d\",\"name\":\"Shoe\",\"price\":%d.5,\"quantity\":%d}]"
                                    .formatted(random.nextInt(30), 5 + random.nextInt(20), 1 + random.nextInt(3));
                    visit.add(Traffic.sdkEvent("m" + (next++), Traffic.TYPES[random.nextInt(Traffic.TYPES.length)],
                            ts + k * 1_000L, "u" + u, "s-u" + u + "-" + sessionNumber[u], sessionNumber[u],
                            sessionStart[u], Traffic.PAGES[random.nextInt(Traffic.PAGES.length)],
                            Traffic.REFERRERS[random.nextInt(Traffic.REFERRERS.length)], attrs, items));
                }
                if (random.nextInt(50) == 0) {
                    visit.add(visit.get(random.nextInt(visit.size()))); // a retry within the pass
                }
                if (!previous.isEmpty() && random.nextInt(50) == 0) {
                    visit.add(previous.get(random.nextInt(previous.size()))); // a retry of the previous pass's
                }
                if (count == 0) {
                    visit.add("{\"event_type\":\"click\",\"event_id\":\"bad-" + b + "\",\"app_id\":\"shop\"}");
                }
                count += visit.size();
                sent.addAll(visit);
                out.add(envelope("mid-" + b + "-" + out.size(), "shop", ingest, ingest,
                        "[" + String.join(",", visit) + "]"));
            }
            previous.clear();
            previous.addAll(sent);
            return out;
        }
    }

    private static void assertSameTables(RawLake driver, RawLake general, String when) {
        for (String table : List.of("modeled/event", "modeled/session", "modeled/user", "modeled/item",
                "quarantine")) {
            assertThat(SmallPassTest.rows(spark, driver.root.resolve(table))).as(when + ": " + table)
                    .isNotEmpty()
                    .containsExactlyElementsOf(SmallPassTest.rows(spark, general.root.resolve(table)));
        }
    }

    /** What a pass counted, without its timing and without how many partitions it chose to rewrite. */
    private static List<Long> counts(EtlRunSummary s) {
        return List.of(s.rawFilesRead(), s.corruptFiles(), s.eventsWritten(), s.duplicatesDropped(),
                s.eventsFiltered(), s.eventsQuarantined());
    }

    /** Raw batches of a few users' SDK visits, generated from a seed; the same calls give the same files. */
    static final class Traffic {
        static final int BATCHES = 10;
        private static final long T0 = java.time.Instant.parse("2024-05-01T23:05:00Z").toEpochMilli();
        private static final String[] PAGES = {"https://shop.example.com/",
            "https://shop.example.com/p/1?utm_source=news&utm_medium=email&utm_campaign=spring",
            "https://shop.example.com/p/2", "https://shop.example.com/cart?gclid=abc123"};
        private static final String[] REFERRERS = {null, "https://www.google.com/", "https://t.co/x"};
        private static final String[] TYPES = {"_page_view", "_page_view", "click", "add_to_cart", "purchase",
            "_user_engagement"};
        private static final String[] TIERS = {"gold", "silver", "bronze"};

        private final List<List<RawEnvelope>> batches = new ArrayList<>();
        private final List<String> corrupt = new ArrayList<>();

        Traffic(SplittableRandom random) {
            int[] sessionNumber = new int[5];
            long[] sessionStart = new long[5];
            List<String> sent = new ArrayList<>();
            for (int b = 0; b < BATCHES; b++) {
                long ingest = T0 + b * 9 * SmallPassTest.MIN + random.nextInt(60_000);
                List<String> events = new ArrayList<>();
                int n = 3 + random.nextInt(5);
                for (int k = 0; k < n; k++) {
                    // the late batch (4) has no current event of u1: its stale attribute meets newer table rows
                    int u = random.nextInt(5);
                    u = b == 4 && u == 1 ? 2 : u;
                    long ts = ingest - random.nextInt(8 * 60_000);
                    if (sessionNumber[u] == 0 || random.nextInt(5) == 0) {
                        sessionNumber[u]++;
                        sessionStart[u] = ts;
                    }
                    String attrs = random.nextInt(2) == 0 ? "" : "\"tier\":{\"value\":\"%s\",\"set_timestamp\":%d}"
                            .formatted(TIERS[random.nextInt(3)], ts);
                    if (random.nextInt(3) == 0) {
                        attrs += (attrs.isEmpty() ? "" : ",") + "\"_user_id\":{\"value\":\"id-u%d\",\"set_timestamp\":%d}"
                                .formatted(u, ts);
                    }
                    String items = random.nextInt(3) > 0 ? null
                            : "[{\"id\":\"i%d\",\"name\":\"Shoe\",\"price\":%d.5,\"quantity\":%d}]"
                                    .formatted(random.nextInt(4), 5 + random.nextInt(20), 1 + random.nextInt(3));
                    events.add(sdkEvent("g" + b + "-" + k, TYPES[random.nextInt(TYPES.length)], ts, "u" + u,
                            "s-u" + u + "-" + sessionNumber[u], sessionNumber[u], sessionStart[u],
                            PAGES[random.nextInt(PAGES.length)], REFERRERS[random.nextInt(REFERRERS.length)], attrs,
                            items));
                }
                if (b == 0) {
                    // u1 sets its tier now; the late batch (4) brings an older value, which must not win
                    events.add(sdkEvent("tier-u1", "_page_view", ingest, "u1", "s-u1-0", 1, ingest, PAGES[0], null,
                            "\"tier\":{\"value\":\"gold\",\"set_timestamp\":" + ingest + "}", null));
                }
                if (random.nextInt(3) == 0) {
                    events.add(events.get(random.nextInt(events.size()))); // a retry within the batch
                }
                if (b >= 2) {
                    events.add(sent.get(random.nextInt(sent.size()))); // a retry of an earlier pass's event
                }
                sent.addAll(events);
                if (b == 3) {
                    events.add("{\"event_id\":\"bad-1\",\"timestamp\":" + ingest + ",\"app_id\":\"shop\"}");
                    events.add("{\"event_type\":\"click\",\"event_id\":\"bad-2\",\"app_id\":\"shop\"}");
                    events.add("{\"event_type\":\"click\",\"timestamp\":" + ingest + ",\"app_id\":\"shop\"}");
                    events.add("1");
                }
                if (b == 4) {
                    // late: a returning user's events days back (an older tier must not win), and a new user's
                    long late = T0 - 2 * 86_400_000L - random.nextInt(3_600_000);
                    events.add(sdkEvent("late-1", "_page_view", late, "u1", "s-u1-late", 1, late, PAGES[2],
                            REFERRERS[1], "\"tier\":{\"value\":\"stale\",\"set_timestamp\":" + late + "}", null));
                    events.add(sdkEvent("late-2", "_page_view", late - 86_400_000L, "newcomer", "s-n-1", 1,
                            late - 86_400_000L, PAGES[1], null, "", null));
                }
                if (b == BATCHES - 2) {
                    events.add(RawLake.plainEvent("shop", "plain-" + b, "_page_view", ingest - 1000, "plain-user", ""));
                }
                List<RawEnvelope> batch = new ArrayList<>();
                batch.add(envelope("r" + b, "shop", ingest, ingest, "[" + String.join(",", events) + "]"));
                if (b == 5) {
                    batch.add(envelope("r-broken", "shop", ingest, ingest, "[{\"event_type\":\"click\","));
                }
                if (b == 6) {
                    batch.add(new RawEnvelope("r-bot", ingest, "shop", "Web", "203.0.113.7",
                            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
                            "/collect?appId=shop", null, 1L, ingest, "[" + sdkEvent("bot-1", "_page_view", ingest,
                                    "crawler", "s-c-1", 1, ingest, PAGES[0], null, "", null) + "]"));
                }
                batches.add(batch);
                corrupt.add(b == 2 ? "[" + sdkEvent("torn-1", "click", ingest, "u2", "s-u2-torn", 9, ingest,
                        PAGES[0], null, "", null) + "]" : null);
            }
        }

        void writeBatch(int b, RawLake lake) {
            long ingest = batches.get(b).get(0).ingestTime();
            lake.write("shop", ingest, batches.get(b));
            if (corrupt.get(b) != null) {
                lake.writeCorrupt("shop", ingest, List.of(envelope("r-torn", "shop", ingest, ingest, corrupt.get(b))));
            }
        }

        private static String sdkEvent(String id, String type, long ts, String user, String session,
                                       int sessionNumber, long sessionStart, String page, String referrer,
                                       String userAttributes, String items) {
            return ("{\"event_type\":\"%s\",\"event_id\":\"%s\",\"timestamp\":%d,\"app_id\":\"shop\","
                    + "\"unique_id\":\"%s\",\"platform\":\"Web\",\"locale\":\"en_US\",\"screen_width\":1440,"
                    + "\"sdk_name\":\"aws-solution-clickstream-sdk\",\"sdk_version\":\"0.12.4\",\"user\":{%s},"
                    + "\"attributes\":{\"_session_id\":\"%s\",\"_session_number\":%d,"
                    + "\"_session_start_timestamp\":%d,\"_page_url\":\"%s\",\"_page_title\":\"T %s\",%s"
                    + "\"_engagement_time_msec\":%d,\"color\":\"c%d\"}%s}")
                    .formatted(type, id, ts, user, userAttributes, session, sessionNumber, sessionStart, page,
                            page.length() % 7, referrer == null ? "" : "\"_page_referrer\":\"" + referrer + "\",",
                            (ts % 5) * 1000, ts % 3, items == null ? "" : ",\"items\":" + items);
        }
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

    @Test
    void a_small_heap_takes_fewer_events_on_the_driver() {
        assertThat(DriverPass.maxEvents(3L << 30)).isEqualTo(DriverPass.MAX_EVENTS);
        assertThat(DriverPass.maxEvents(600L << 20)).as("the studio's heap").isBetween(45_000, DriverPass.MAX_EVENTS);
        assertThat(DriverPass.maxEvents(128L << 20)).isBetween(DriverPass.MAX_EVENTS / 10, DriverPass.MAX_EVENTS / 4);
        assertThat(DriverPass.maxRawBytes(DriverPass.MAX_EVENTS)).isEqualTo(DriverPass.MAX_RAW_BYTES);
        assertThat(DriverPass.maxRawBytes(2)).as("a floor for the trickle").isEqualTo(512 << 10);
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
