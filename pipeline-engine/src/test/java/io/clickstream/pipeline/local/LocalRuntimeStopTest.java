package io.clickstream.pipeline.local;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.clickstream.metadata.MetadataStore;
import io.clickstream.metadata.apps.AppRecord;
import io.clickstream.metadata.apps.AppRepository;
import io.clickstream.metadata.sqlite.SqliteMetadataStore;
import io.clickstream.model.LakeCommitLock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A stop in the middle of an ETL pass (the studio's Ctrl-C or SIGTERM) ends or abandons the pass quietly, and the
 * next start models every acknowledged event exactly once.
 */
class LocalRuntimeStopTest {

    private static final String APP = "stops";
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        logged.start();
        root().addAppender(logged);
    }

    @AfterEach
    void releaseLog() {
        root().detachAppender(logged);
    }

    @Test
    void a_stop_during_an_etl_pass_logs_no_error_and_the_restart_models_every_acknowledged_event_once(
            @TempDir Path dataDir) throws Exception {
        LocalRuntimeSettings settings = new LocalRuntimeSettings(dataDir, "127.0.0.1", 0, Duration.ofHours(1),
                "local[2]", false, 0, null);
        List<String> acknowledged = new ArrayList<>();
        try (MetadataStore store = SqliteMetadataStore.open(dataDir.resolve("metadata.db"))) {
            new AppRepository(store).create(new AppRecord(APP, "default", "Stops", "", "UTC", true, List.of(),
                    List.of()));
            DefaultPipeline local = DefaultPipeline.open(settings, store);
            LocalPipelineRuntime runtime = local.runtime();
            boolean stoppedDuringPass;
            try {
                URI collect = URI.create("http://127.0.0.1:" + local.ingestionPort() + "/collect?appId=" + APP);
                for (int request = 0; request < 20; request++) {
                    List<String> ids = new ArrayList<>();
                    for (int e = 0; e < 25; e++) {
                        ids.add("r" + request + "-e" + e);
                    }
                    if (post(collect, ids) == 200) {
                        acknowledged.addAll(ids);
                    }
                }
                assertThat(acknowledged).as("events acknowledged by ingestion").hasSize(500);
                // The pass is well under way once it writes its staged files (after starting Spark and decoding).
                Path runs = dataDir.resolve("lake/_state/runs");
                long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
                while (!hasChild(runs) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                stoppedDuringPass = runtime.etlStatus().running() && hasChild(runs);
            } finally {
                runtime.close();
            }
            assertThat(stoppedDuringPass).as("the stop came while a pass was writing its staged files").isTrue();
            assertThat(hasChild(dataDir.resolve("lake/_state/runs"))).as("run folders left behind").isFalse();
            assertThat(errors()).as("ERROR lines of the stop").isEmpty();

            try (DefaultPipeline restarted = DefaultPipeline.open(settings, store)) {
                Map<String, Integer> modeled = Map.of();
                long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
                while (!modeled.keySet().containsAll(acknowledged) && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                    modeled = eventIdCounts(dataDir);
                }
                assertThat(modeled.keySet()).as("acknowledged events modeled after the restart")
                        .containsExactlyInAnyOrderElementsOf(acknowledged);
                assertThat(modeled).as("events modeled more than once")
                        .allSatisfy((id, copies) -> assertThat(copies).as(id).isEqualTo(1));
            }
            assertThat(errors()).as("ERROR lines of the restart").isEmpty();
        }
    }

    private List<String> errors() {
        return logged.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
                .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()).toList();
    }

    private static Logger root() {
        return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private static boolean hasChild(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.findAny().isPresent();
        }
    }

    private static int post(URI collect, List<String> eventIds) throws Exception {
        long now = System.currentTimeMillis();
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < eventIds.size(); i++) {
            body.append(i == 0 ? "" : ",").append("""
                    {"event_type":"_page_view","event_id":"%s","timestamp":%d,"app_id":"%s","unique_id":"u%d",\
                    "attributes":{"_session_id":"s%d","_session_start_timestamp":%d,"_session_number":1}}"""
                    .formatted(eventIds.get(i), now + i, APP, i % 7, i % 7, now));
        }
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(collect)
                        .header("Content-Type", "application/json; charset=utf-8")
                        .POST(HttpRequest.BodyPublishers.ofString(body.append(']').toString())).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Copies of each event id in the modeled event table. */
    private static Map<String, Integer> eventIdCounts(Path dataDir) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        Lock lock = LakeCommitLock.of(dataDir.resolve("lake").toString()).readLock();
        lock.lock();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             PreparedStatement q = duck.prepareStatement("SELECT event_id, count(*) FROM read_parquet('"
                     + dataDir.resolve("lake/modeled/event").toAbsolutePath()
                     + "/**/*.parquet', hive_partitioning = true) WHERE app_id = ? GROUP BY event_id")) {
            q.setString(1, APP);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getInt(2));
                }
            }
        } catch (java.sql.SQLException e) {
            // No Parquet yet.
        } finally {
            lock.unlock();
        }
        return counts;
    }
}
