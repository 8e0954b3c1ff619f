package io.clickstream.etl;

import static io.clickstream.etl.RawLake.envelope;
import static io.clickstream.etl.RawLake.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lake that runs for months: a pass lists only hours that are not sealed, the done set holds only open hours,
 * retention deletes raw batches once modeled and quarantine on its own schedule, disk use is measured, and a pass
 * asked to stop leaves nothing behind.
 */
class LakeLifecycleTest {

    static final Instant NOW = Instant.parse("2026-11-20T12:30:00Z");
    static final long HOUR = 3_600_000L;

    static SparkSession spark;

    @TempDir
    Path lakeDir;

    @BeforeAll
    static void startSpark() {
        spark = TestSpark.session();
    }

    private EtlRunSummary pass(Instant at, EtlConfig config) {
        return EtlJob.run(() -> spark, new Configuration(), config, () -> false, phase -> { },
                Clock.fixed(at, ZoneOffset.UTC));
    }

    private EtlRunSummary pass(Instant at) {
        return pass(at, EtlConfig.forLake(lakeDir.toString()));
    }

    private static void write(RawLake raw, String id, long at) {
        raw.write("shop", at, List.of(envelope("r-" + id, "shop", at, at,
                "[" + event("shop", id, "_page_view", at - 1000, "p-" + id) + "]")));
    }

    private List<String> progressLines() throws IOException {
        return Files.readAllLines(lakeDir.resolve("_state/raw-progress"));
    }

    private long events() {
        return spark.read().parquet(lakeDir.resolve("modeled/event").toString()).count();
    }

    @Test
    void a_pass_lists_only_hours_that_are_not_sealed() throws IOException {
        RawLake raw = new RawLake(lakeDir);
        long now = NOW.toEpochMilli();
        write(raw, "old", now - 3 * HOUR);
        write(raw, "current", now - 60_000);

        EtlRunSummary first = pass(NOW);

        assertThat(first.rawFilesRead()).isEqualTo(2);
        // 12:30 less the 15 minutes' seal delay is 12:15: hours through 11:00 are sealed, 12:00 stays open.
        assertThat(progressLines()).contains("sealed\tshop\t2026-11-20T11")
                .anyMatch(l -> l.startsWith("done\traw/app_id=shop/date=2026-11-20/hour=12/"))
                .noneMatch(l -> l.contains("hour=09"));
        assertThat(lakeDir.resolve("_state/commits")).as("folded into the progress").isEmptyDirectory();

        // A file in a sealed hour is never listed again (producers put late batches into the current hour); one in
        // the open hour is.
        write(raw, "violating-the-contract", now - 3 * HOUR);
        write(raw, "new", now);
        EtlRunSummary second = pass(NOW.plusSeconds(60));

        assertThat(second.rawFilesRead()).isEqualTo(1);
        assertThat(second.eventsWritten()).isEqualTo(1);
        assertThat(events()).isEqualTo(3);
    }

    @Test
    void a_pass_scoped_to_some_apps_leaves_the_others_unlisted_and_unsealed_for_their_own_pass() throws IOException {
        RawLake raw = new RawLake(lakeDir);
        long now = NOW.toEpochMilli();
        for (String app : List.of("shop", "blog")) {
            raw.write(app, now - 3 * HOUR, List.of(envelope("r-" + app, app, now - 3 * HOUR, now - 3 * HOUR,
                    "[" + event(app, app + "-old", "_page_view", now - 3 * HOUR - 1000, "p-" + app) + "]")));
        }
        EtlConfig config = EtlConfig.forLake(lakeDir.toString());

        EtlRunSummary shopOnly = pass(NOW, config.withApps(EtlConfig.AppScope.only(java.util.Set.of("shop"))));

        assertThat(shopOnly.rawFilesRead()).isEqualTo(1);
        assertThat(progressLines()).contains("sealed\tshop\t2026-11-20T11").noneMatch(l -> l.contains("blog"));
        // The other pipeline's pass, hours later, still finds blog's batch of a long-sealed hour of shop's.
        EtlRunSummary rest = pass(NOW.plusSeconds(2 * 3600),
                config.withApps(EtlConfig.AppScope.except(java.util.Set.of("shop"))));
        assertThat(rest.rawFilesRead()).isEqualTo(1);
        assertThat(rest.eventsWritten()).isEqualTo(1);
        assertThat(events()).isEqualTo(2);
        assertThat(EtlConfig.parse(new String[] {"--lake=/l", "--apps=a,b"}).apps().includes("b")).isTrue();
        assertThat(EtlConfig.parse(new String[] {"--lake=/l", "--skip-apps=a"}).apps().includes("a")).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EtlConfig.parse(
                        new String[] {"--lake=/l", "--apps=a", "--skip-apps=b"}))
                .hasMessageContaining("exclude each other");
    }

    @Test
    void the_done_set_holds_only_open_hours_however_long_the_lake_runs() throws IOException {
        RawLake raw = new RawLake(lakeDir);
        long start = NOW.toEpochMilli();
        int maxDone = 0;
        // A pass every hour for 30 hours; traffic every sixth hour (passes without new files start no Spark).
        for (int h = 0; h < 30; h++) {
            long at = start + h * HOUR;
            if (h % 6 == 0) {
                write(raw, "h" + h + "a", at);
                write(raw, "h" + h + "b", at + 20 * 60_000);
            }
            EtlRunSummary s = pass(Instant.ofEpochMilli(at + 25 * 60_000));
            assertThat(s.rawFilesRead()).as("hour %d", h).isEqualTo(h % 6 == 0 ? 2 : 0);
            maxDone = Math.max(maxDone, (int) progressLines().stream().filter(l -> l.startsWith("done\t")).count());
            try (Stream<Path> commits = Files.list(lakeDir.resolve("_state/commits"))) {
                assertThat(commits.count()).isZero();
            }
        }
        // At most the files of the current hour and the one before are remembered one by one.
        assertThat(maxDone).isLessThanOrEqualTo(2);
        assertThat(progressLines()).contains("sealed\tshop\t2026-11-21T16");
        assertThat(events()).isEqualTo(10);
    }

    @Test
    void a_lake_of_an_earlier_version_is_listed_once_and_its_done_files_are_not_read_again() throws IOException {
        RawLake raw = new RawLake(lakeDir);
        long now = NOW.toEpochMilli();
        write(raw, "a", now - 5 * HOUR);
        pass(NOW);
        // What the earlier version left: no progress file, a merged commit record listing every done raw file.
        Path file;
        try (Stream<Path> files = Files.walk(lakeDir.resolve("raw"))) {
            file = files.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        Files.delete(lakeDir.resolve("_state/raw-progress"));
        Files.writeString(lakeDir.resolve("_state/commits/20261120T000000000Z-00000000-merged.commit"),
                "# clickstream etl commit legacy\nraw\t" + lakeDir.relativize(file) + "\nend\n");
        Files.writeString(lakeDir.resolve("_state/commits/20261120T000000000Z-00000000-merged.applied"), "");
        write(raw, "b", now - 4 * HOUR);

        EtlRunSummary s = pass(NOW);

        assertThat(s.rawFilesRead()).isEqualTo(1);
        assertThat(events()).isEqualTo(2);
        assertThat(progressLines()).contains("sealed\tshop\t2026-11-20T11");
    }

    @Test
    void raw_batches_past_retention_are_deleted_once_modeled_and_quarantine_after_its_own_retention()
            throws IOException {
        RawLake raw = new RawLake(lakeDir);
        long now = NOW.toEpochMilli();
        long day = 24 * HOUR;
        for (long age : new long[] {10 * day, 3 * day, HOUR}) {
            write(raw, "e" + age, now - age);
            // an event without a timestamp: quarantined under the raw file's date
            raw.write("shop", now - age, List.of(envelope("bad" + age, "shop", now - age, now - age,
                    "[{\"event_type\":\"x\",\"event_id\":\"bad" + age + "\",\"app_id\":\"shop\"}]")));
        }
        EtlConfig config = EtlConfig.forLake(lakeDir.toString()).withHousekeeping(new EtlConfig.LakeHousekeeping(
                EtlConfig.LakeHousekeeping.DEFAULT.sealDelay(), Duration.ofDays(5), Duration.ofDays(2)));

        EtlRunSummary s = pass(NOW, config);

        assertThat(s.eventsWritten()).isEqualTo(3);
        assertThat(s.eventsQuarantined()).isEqualTo(3);
        assertThat(lakeDir.resolve("raw/app_id=shop/date=2026-11-10")).doesNotExist();
        assertThat(lakeDir.resolve("raw/app_id=shop/date=2026-11-17")).isDirectory();
        assertThat(lakeDir.resolve("raw/app_id=shop/date=2026-11-20")).isDirectory();
        assertThat(lakeDir.resolve("quarantine/app_id=shop/date=2026-11-10")).doesNotExist();
        assertThat(lakeDir.resolve("quarantine/app_id=shop/date=2026-11-17")).doesNotExist();
        assertThat(lakeDir.resolve("quarantine/app_id=shop/date=2026-11-20")).isDirectory();
        assertThat(events()).as("modeled events are kept").isEqualTo(3);
        assertThat(progressLines()).anyMatch(l -> l.startsWith("purged\t"));
    }

    @Test
    void disk_use_adds_up_the_files_of_each_area() throws IOException {
        RawLake raw = new RawLake(lakeDir);
        write(raw, "a", NOW.toEpochMilli());
        write(raw, "b", NOW.toEpochMilli() - HOUR);
        pass(NOW);

        LakeDiskUse use = LakeDiskUse.measure(lakeDir.toString(), new Configuration());

        assertThat(use.rawFiles()).isEqualTo(2);
        assertThat(use.rawBytes()).isEqualTo(bytesBelow(lakeDir.resolve("raw")));
        assertThat(use.modeledBytes().get("event")).isEqualTo(bytesBelow(lakeDir.resolve("modeled/event")));
        assertThat(use.totalBytes()).isEqualTo(bytesBelow(lakeDir));
        assertThat(use.describe()).contains("raw ", "in 2 files", "event ");
    }

    @Test
    void a_pass_asked_to_stop_before_its_commit_point_leaves_nothing_and_the_next_takes_its_files()
            throws IOException {
        RawLake raw = new RawLake(lakeDir);
        write(raw, "a", NOW.toEpochMilli());
        AtomicBoolean stop = new AtomicBoolean();

        EtlRunSummary abandoned = EtlJob.run(() -> spark, new Configuration(), EtlConfig.forLake(lakeDir.toString()),
                stop::get, phase -> {
                    if (phase == EtlPass.Phase.STAGED) {
                        // everything written to staging, nothing committed
                        assertThat(filesBelow(lakeDir.resolve("_state/runs"))).isNotEmpty();
                        stop.set(true);
                    }
                }, Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(abandoned.abandoned()).isTrue();
        assertThat(lakeDir.resolve("modeled")).doesNotExist();
        assertThat(filesBelow(lakeDir.resolve("_state/runs"))).as("staging removed").isEmpty();
        EtlRunSummary next = pass(NOW);
        assertThat(next.rawFilesRead()).isEqualTo(1);
        assertThat(events()).isEqualTo(1);
    }

    @Test
    void a_pass_with_nothing_new_starts_no_spark() {
        RawLake raw = new RawLake(lakeDir);
        write(raw, "a", NOW.toEpochMilli());
        pass(NOW);
        Supplier<SparkSession> none = () -> {
            throw new AssertionError("a pass with nothing new asked for a Spark session");
        };

        EtlRunSummary s = EtlJob.run(none, new Configuration(), EtlConfig.forLake(lakeDir.toString()), () -> false,
                phase -> { }, Clock.fixed(NOW.plusSeconds(30), ZoneOffset.UTC));

        assertThat(s.rawFilesRead()).isZero();
    }

    private static List<Path> filesBelow(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long bytesBelow(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
