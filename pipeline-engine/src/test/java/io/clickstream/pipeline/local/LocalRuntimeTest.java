package io.clickstream.pipeline.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import io.clickstream.model.LakeCommitLock;
import io.clickstream.model.SdkEventCodec;
import java.util.concurrent.locks.Lock;
import io.clickstream.metadata.MetadataStore;
import io.clickstream.metadata.apps.AppRecord;
import io.clickstream.metadata.apps.AppRepository;
import io.clickstream.metadata.sqlite.SqliteMetadataStore;
import java.util.List;
import io.clickstream.pipeline.demo.DemoTrafficModel;
import io.clickstream.pipeline.demo.DemoTrafficSender;
import io.clickstream.pipeline.demo.DemoVisit;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The studio's {@code default} pipeline on its own: the demo's first start, micro-batches, apps from the store. */
class LocalRuntimeTest {

    @Test
    void first_start_registers_the_demo_app_sends_its_traffic_and_models_it(@TempDir Path dataDir) throws Exception {
        LocalRuntimeSettings settings = new LocalRuntimeSettings(dataDir, "127.0.0.1", 0, Duration.ofMinutes(10),
                "local[2]", true, 25, null);
        try (MetadataStore store = SqliteMetadataStore.open(dataDir.resolve("metadata.db"));
             DefaultPipeline local = DefaultPipeline.open(settings, store)) {
            LocalPipelineRuntime runtime = local.runtime();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (runtime.etlStatus().lastEvents() == 0 && System.nanoTime() < deadline) {
                assertThat(runtime.etlStatus().lastError()).isNull();
                Thread.sleep(500);
            }
            long firstRun = runtime.etlStatus().lastEvents();
            assertThat(firstRun).as("events modeled by the first ETL run").isPositive();
            assertThat(runtime.apps().find(LocalRuntimeSettings.DEMO_APP_ID)).isPresent();
            assertThat(new AppRepository(store).find("demo").orElseThrow().value().projectId()).isEqualTo("demo");

            // The backfill takes longer than a raw batch's age, so it may be modeled over several runs.
            long[] counts = demoCounts(dataDir);
            while (counts[1] < 25 && System.nanoTime() < deadline) {
                Thread.sleep(500);
                counts = demoCounts(dataDir);
            }
            assertThat(counts[0]).isGreaterThanOrEqualTo(firstRun);
            assertThat(counts[1]).as("distinct demo users modeled").isEqualTo(25);
        }
    }

    private static long[] demoCounts(Path dataDir) throws Exception {
        Lock lock = LakeCommitLock.of(dataDir.resolve("lake").toString()).readLock();
        lock.lock();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement q = duck.createStatement();
             ResultSet rs = q.executeQuery("SELECT count(*), count(DISTINCT user_pseudo_id) FROM read_parquet('"
                     + dataDir.resolve("lake/modeled/event").toAbsolutePath()
                     + "/**/*.parquet', hive_partitioning = true) WHERE app_id = 'demo'")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        } finally {
            lock.unlock();
        }
    }

    @Test
    void events_are_modeled_soon_after_ingestion_publishes_them_without_waiting_for_the_interval(
            @TempDir Path dataDir) throws Exception {
        LocalRuntimeSettings settings = new LocalRuntimeSettings(dataDir, "127.0.0.1", 0, Duration.ofHours(1),
                "local[2]", false, 0, null);
        try (MetadataStore store = SqliteMetadataStore.open(dataDir.resolve("metadata.db"));
             DefaultPipeline local = DefaultPipeline.open(settings, store)) {
            LocalPipelineRuntime runtime = local.runtime();
            new AppRepository(store).create(new AppRecord("fresh", "default", "Fresh", "", "UTC", true, List.of(),
                    List.of()));
            runtime.apps().refresh();
            DemoTrafficModel model = DemoTrafficModel.lastDays("fresh", 50, 1, 7);
            DemoTrafficSender sender = new DemoTrafficSender(
                    URI.create("http://127.0.0.1:" + local.ingestionPort() + "/collect"), "fresh", 2);
            SplittableRandom random = new SplittableRandom(3);
            Set<String> expected = new HashSet<>();
            // Two rounds: the second arrives while or after the first is modeled, and must not wait for the hour.
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < 5; i++) {
                    DemoVisit visit = model.liveVisit(System.currentTimeMillis(), random.split());
                    assertThat(sender.send(visit)).isTrue();
                    SdkEventCodec.decodeBatch(visit.bodyJson()).forEach(e -> expected.add(e.event().eventId()));
                }
                Set<String> seen = new HashSet<>();
                // The second round's small batch waits for the coalescing window after the first round's pass.
                long deadline = System.nanoTime() + Duration.ofSeconds(90)
                        .plus(LocalPipelineRuntime.MAX_COALESCE_WINDOW).toNanos();
                while (!seen.containsAll(expected) && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                    seen = eventIds(dataDir);
                }
                assertThat(seen).as("round %d modeled without waiting for the hourly interval", round)
                        .containsAll(expected);
                assertThat(seen).hasSize(expected.size());
            }
        }
    }

    @Test
    void an_apps_json_of_an_earlier_version_is_imported_at_start_and_apps_added_later_are_accepted_within_5_s(
            @TempDir Path dataDir) throws Exception {
        Files.writeString(dataDir.resolve("apps.json"),
                "[ {\"app_id\": \"shop\", \"time_zone\": \"Europe/Berlin\", \"enabled\": true} ]");
        LocalRuntimeSettings settings = new LocalRuntimeSettings(dataDir, "127.0.0.1", 0, Duration.ofHours(1),
                "local[2]", false, 0, null);
        try (MetadataStore store = SqliteMetadataStore.open(dataDir.resolve("metadata.db"));
             DefaultPipeline local = DefaultPipeline.open(settings, store)) {
            LocalPipelineRuntime runtime = local.runtime();
            URI collect = URI.create("http://127.0.0.1:" + local.ingestionPort() + "/collect");
            assertThat(post(collect, "shop")).isEqualTo(200);
            assertThat(dataDir.resolve("apps.json")).doesNotExist();
            assertThat(new AppRepository(store).find("shop").orElseThrow().value().timeZone())
                    .isEqualTo("Europe/Berlin");

            assertThat(post(collect, "later")).isEqualTo(403);
            new AppRepository(store).create(new AppRecord("later", "default", null, null, null, true, List.of(),
                    List.of()));
            long start = System.nanoTime();
            while (post(collect, "later") != 200) {
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
                Thread.sleep(100);
            }
        }
    }

    private static int post(URI collect, String appId) throws Exception {
        String body = "[{\"event_type\":\"_page_view\",\"event_id\":\"" + System.nanoTime()
                + "\",\"timestamp\":" + System.currentTimeMillis() + ",\"app_id\":\"" + appId + "\"}]";
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(collect + "?appId=" + appId))
                        .header("Content-Type", "application/json; charset=utf-8")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static Set<String> eventIds(Path dataDir) throws Exception {
        Set<String> ids = new HashSet<>();
        Lock lock = LakeCommitLock.of(dataDir.resolve("lake").toString()).readLock();
        lock.lock();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement q = duck.createStatement();
             ResultSet rs = q.executeQuery("SELECT event_id FROM read_parquet('"
                     + dataDir.resolve("lake/modeled/event").toAbsolutePath() + "/**/*.parquet')")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        } catch (java.sql.SQLException e) {
            // No Parquet yet.
        } finally {
            lock.unlock();
        }
        return ids;
    }
}
