package io.clickstream.studio.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickstream.model.LakeCommitLock;
import io.clickstream.studio.fixture.ApiClient;
import io.clickstream.studio.fixture.StudioTestProperties;
import io.clickstream.studio.security.Roles;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole studio with its local runtime (real ingestion servers, in-process Spark, DuckDB over the lake): an
 * operator creates a pipeline for a project through the JSON API, events posted to its port reach the modeled
 * tables and its metrics, a bad one its quarantine; its no-data alarm fires when traffic stops (the studio's clock
 * moved on) and shows in the API and at {@code /actuator/prometheus}; deleting it closes its port and leaves nothing
 * of it running.
 */
// Spring Boot tests turn metrics export off unless asked: the Prometheus endpoint is part of what is tested here.
@AutoConfigureObservability(tracing = false)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"clickstream.demo=false", "clickstream.etl.interval=1h",
                // Samples are taken by the test, at the times it sets.
                "clickstream.pipelines.monitoring-interval=1h"})
class PipelinesEndToEndTest {

    static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0";
    static final String ADMIN = StudioTestProperties.TOKENS.get(Roles.ADMINISTRATOR);
    static final String OPERATOR = StudioTestProperties.TOKENS.get(Roles.OPERATOR);
    static final Path DATA_DIR = tempDir();
    static final MovableClock CLOCK = new MovableClock();

    @LocalServerPort
    int port;
    @Autowired
    PipelineMonitor monitor;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        // A data dir of its own: this context runs pipelines, which other test contexts must not see.
        registry.add("clickstream.data-dir", DATA_DIR::toString);
        int ingestionPort = freePort();
        registry.add("clickstream.ingestion.port", () -> ingestionPort);
        StudioTestProperties.TOKENS.forEach((role, token) -> {
            registry.add("clickstream.api.service-tokens." + role.toLowerCase() + ".token", () -> token);
            registry.add("clickstream.api.service-tokens." + role.toLowerCase() + ".role", () -> role);
        });
    }

    /** The studio's clock, which the test moves forward to let time pass for the alarms. */
    @TestConfiguration
    static class ClockConfiguration {
        @Bean
        @Primary
        Clock movableClock() {
            return CLOCK;
        }
    }

    @Test
    void a_pipeline_created_through_the_api_models_its_events_alarms_when_traffic_stops_and_is_deleted_cleanly()
            throws Exception {
        ApiClient api = new ApiClient(port);
        assertThat(api.call("POST", "/api/v1/projects", ADMIN, Map.of("id", "e2e-shop")).status()).isEqualTo(201);
        assertThat(api.call("POST", "/api/v1/projects/e2e-shop/apps", ADMIN, Map.of("appId", "e2e-web")).status())
                .isEqualTo(201);

        // The studio's embedded ingestion and ETL are the default pipeline.
        JsonNode all = api.call("GET", "/api/v1/pipelines", OPERATOR, null).json();
        assertThat(all).extracting(p -> p.get("name").asText()).containsExactly("default");

        // Invalid definitions are refused field by field; the minimal one is valid.
        ApiClient.Answer bad = api.call("POST", "/api/v1/projects/e2e-shop/pipelines", OPERATOR,
                Map.of("name", "edge", "ingestion", Map.of("port", 70000)));
        assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
        assertThat(bad.header("Content-Type")).startsWith("application/problem+json");
        assertThat(bad.json().get("errors")).extracting(e -> e.get("field").asText()).contains("ingestion.port");

        int edgePort = freePort();
        ApiClient.Answer created = api.call("POST", "/api/v1/projects/e2e-shop/pipelines", OPERATOR,
                "{\"name\":\"edge\",\"ingestion\":{\"port\":" + edgePort + "}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("status").asText()).isEqualTo("Creating");
        String id = created.json().get("id").asText();
        assertThat(created.header("Location")).isEqualTo("/api/v1/pipelines/" + id);

        JsonNode edge = awaitStatus(api, id, "Active");
        assertThat(edge.get("projectId").asText()).isEqualTo("e2e-shop");
        assertThat(edge.at("/definition/ingestion/port").asInt()).isEqualTo(edgePort);
        assertThat(edge.at("/endpoints/ingestion").asText()).isEqualTo("http://localhost:" + edgePort + "/collect");
        assertThat(edge.get("history")).extracting(h -> h.get("to").asText()).containsExactly("Creating", "Active");
        assertThat(api.call("GET", "/api/v1/projects/e2e-shop/pipelines", OPERATOR, null).json())
                .extracting(p -> p.get("id").asText()).containsExactly(id);

        // One action at a time, one pipeline per project.
        ApiClient.Answer retry = api.call("POST", "/api/v1/pipelines/" + id + "/retry", OPERATOR, null);
        assertThat(retry.status()).as(retry.toString()).isEqualTo(409);
        assertThat(retry.json().get("detail").asText()).contains("only a failed pipeline can be retried");
        ApiClient.Answer second = api.call("POST", "/api/v1/projects/e2e-shop/pipelines", OPERATOR,
                Map.of("name", "edge-2", "ingestion", Map.of("port", freePort())));
        assertThat(second.status()).isEqualTo(400);
        assertThat(second.json().get("errors")).extracting(e -> e.get("field").asText()).containsExactly("projectId");

        // Its ingestion follows the store's apps within seconds of going Active: wait until it takes the project's
        // app (an empty batch; refusals before that are counted, so the check below compares with this baseline).
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (collect(edgePort, "e2e-web", "") == 403 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        monitor.sample();
        long unknownBefore = api.call("GET", "/api/v1/pipelines/" + id + "/metrics", OPERATOR, null).json()
                .at("/rejectedByReason/unknown_app").asLong(0);

        // Events to its port: two good requests, one event without a timestamp, one unknown app.
        monitor.sample();
        assertThat(collect(edgePort, "e2e-web", event("e-1", true) + "," + event("e-2", true))).isEqualTo(200);
        assertThat(collect(edgePort, "e2e-web", event("e-3", true) + "," + event("bad-1", false))).isEqualTo(200);
        assertThat(collect(edgePort, "demo", event("d-1", true))).isEqualTo(403);
        CLOCK.advance(Duration.ofSeconds(10));
        monitor.sample();
        JsonNode metrics = api.call("GET", "/api/v1/pipelines/" + id + "/metrics", OPERATOR, null).json();
        assertThat(metrics.get("running").asBoolean()).isTrue();
        assertThat(metrics.get("apps")).extracting(JsonNode::asText).containsExactly("e2e-web");
        // 4 events in 3 requests over the 10 s between the samples (the refused request counts as a request).
        assertThat(metrics.get("eventsPerSecond").asDouble()).isCloseTo(0.4, within(1e-9));
        assertThat(metrics.get("requestsPerSecond").asDouble()).isCloseTo(0.3, within(1e-9));
        assertThat(metrics.at("/rejectedByReason/unknown_app").asLong()).isEqualTo(unknownBefore + 1);

        await(Duration.ofMinutes(5), () -> eventIds("e2e-web").containsAll(List.of("e-1", "e-2", "e-3")));
        assertThat(eventIds("e2e-web")).containsExactlyInAnyOrder("e-1", "e-2", "e-3");
        await(Duration.ofMinutes(1), () -> {
            CLOCK.advance(Duration.ofSeconds(1));
            monitor.sample();
            return api.call("GET", "/api/v1/pipelines/" + id + "/metrics", OPERATOR, null).json().get("runs").size()
                    > 0 && api.call("GET", "/api/v1/pipelines/" + id + "/metrics", OPERATOR, null).json()
                    .get("pendingBatches").asInt() == 0;
        });
        metrics = api.call("GET", "/api/v1/pipelines/" + id + "/metrics", OPERATOR, null).json();
        long modeled = 0;
        long quarantined = 0;
        for (JsonNode run : metrics.get("runs")) {
            modeled += run.get("events").asLong();
            quarantined += run.get("quarantined").asLong();
            assertThat(run.get("error").isNull()).isTrue();
        }
        assertThat(modeled).isEqualTo(3);
        assertThat(quarantined).isEqualTo(1);
        assertThat(metrics.get("etlLagSeconds").isNull()).as("nothing waits").isTrue();
        assertThat(metrics.get("tableUpdated").has("event")).isTrue();
        assertThat(metrics.at("/lake/totalBytes").asLong()).isPositive();

        JsonNode quarantine = api.call("GET", "/api/v1/pipelines/" + id + "/quarantine", OPERATOR, null).json();
        assertThat(quarantine.get("reasons")).hasSize(1);
        assertThat(quarantine.at("/reasons/0/reason").asText()).contains("missing timestamp");
        assertThat(quarantine.at("/reasons/0/records").asLong()).isEqualTo(1);
        assertThat(quarantine.at("/reasons/0/samples/0/raw").asText()).contains("bad-1");

        // Alarms: no data for 1 minute, set through the API; traffic stops, the studio's clock moves on.
        ApiClient.Answer set = api.call("PUT", "/api/v1/pipelines/" + id + "/alarms", OPERATOR,
                Map.of("rules", List.of(Map.of("kind", "noData", "enabled", true, "threshold", 1))));
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        assertThat(api.call("PUT", "/api/v1/pipelines/" + id + "/alarms", OPERATOR,
                Map.of("rules", List.of(Map.of("kind", "noData", "threshold", 0)))).json().at("/errors/0/field")
                .asText()).isEqualTo("noData.threshold");
        assertThat(collect(edgePort, "e2e-web", event("e-4", true))).isEqualTo(200);
        monitor.sample();
        assertThat(alarm(api, id, "noData").get("state").asText()).isEqualTo("OK");
        CLOCK.advance(Duration.ofSeconds(90));
        Instant quietSample = CLOCK.instant();
        monitor.sample();
        JsonNode noData = alarm(api, id, "noData");
        assertThat(noData.get("state").asText()).isEqualTo("FIRING");
        assertThat(noData.get("reason").asText()).startsWith("no events for 1 min");
        assertThat(Instant.parse(noData.get("since").asText())).isEqualTo(quietSample);
        assertThat(api.call("GET", "/api/v1/pipelines/" + id, OPERATOR, null).json().at("/alarms/0/kind").asText())
                .isEqualTo("noData");

        // Every pipeline metric and alarm state at /actuator/prometheus, for an Operator's token only.
        ApiClient.Answer scrape = api.call("GET", "/actuator/prometheus", OPERATOR, null);
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.text()).contains("clickstream_pipeline_alarm_firing{alarm=\"noData\",pipeline=\"edge\"} 1.0")
                .contains("clickstream_pipeline_ingest_events_total{pipeline=\"edge\"} 5.0")
                .contains("clickstream_pipeline_ingest_rejections_total{pipeline=\"edge\",reason=\"unknown_app\"} " + (unknownBefore + 1) + ".0")
                .contains("clickstream_pipeline_etl_quarantined_total{pipeline=\"edge\"} 1.0")
                .contains("clickstream_pipeline_status{pipeline=\"edge\",status=\"Active\"} 1.0")
                .contains("clickstream_lake_disk_bytes{area=\"total\"}");
        assertThat(api.call("GET", "/actuator/prometheus", StudioTestProperties.TOKENS.get(Roles.ANALYST), null)
                .status()).isEqualTo(403);
        assertThat(api.call("GET", "/actuator/prometheus", null, null).status()).isEqualTo(401);
        assertThat(api.call("GET", "/actuator/health", null, null).status()).isEqualTo(200);

        // Traffic comes back: the alarm clears.
        assertThat(collect(edgePort, "e2e-web", event("e-5", true))).isEqualTo(200);
        CLOCK.advance(Duration.ofSeconds(5));
        monitor.sample();
        assertThat(alarm(api, id, "noData").get("state").asText()).isEqualTo("OK");

        // Delete: the port closes, nothing of the pipeline keeps running, its apps go back to the default.
        ApiClient.Answer deleting = api.call("DELETE", "/api/v1/pipelines/" + id, OPERATOR, null);
        assertThat(deleting.status()).as(deleting.toString()).isEqualTo(202);
        assertThat(deleting.json().get("status").asText()).isEqualTo("Deleting");
        assertThat(awaitStatus(api, id, "Deleted").get("history")).extracting(h -> h.get("to").asText())
                .containsExactly("Creating", "Active", "Deleting", "Deleted");
        assertThat(listening(edgePort)).as("the deleted pipeline's port").isFalse();
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .noneMatch(name -> name.contains("local-edge"));
        assertThat(api.call("GET", "/api/v1/projects/e2e-shop/pipelines", OPERATOR, null).json()).isEmpty();
        monitor.sample();
        assertThat(api.call("GET", "/actuator/prometheus", OPERATOR, null).text())
                .doesNotContain("pipeline=\"edge\"");
        assertThat(api.call("GET", "/api/v1/audit", ADMIN, null).text())
                .contains("pipeline.create", "pipeline.alarms", "pipeline.delete");
    }

    private static JsonNode alarm(ApiClient api, String id, String kind) {
        for (JsonNode rule : api.call("GET", "/api/v1/pipelines/" + id + "/alarms", OPERATOR, null).json()
                .get("rules")) {
            if (rule.get("kind").asText().equals(kind)) {
                return rule;
            }
        }
        throw new AssertionError("no alarm " + kind);
    }

    private static JsonNode awaitStatus(ApiClient api, String id, String status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode p = api.call("GET", "/api/v1/pipelines/" + id, OPERATOR, null).json();
        while (!p.get("status").asText().equals(status) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            p = api.call("GET", "/api/v1/pipelines/" + id, OPERATOR, null).json();
        }
        assertThat(p.get("status").asText()).as(p.toString()).isEqualTo(status);
        return p;
    }

    private static String event(String id, boolean withTimestamp) {
        return "{\"event_type\":\"_page_view\",\"event_id\":\"" + id + "\","
                + (withTimestamp ? "\"timestamp\":" + System.currentTimeMillis() + "," : "")
                + "\"app_id\":\"e2e-web\",\"unique_id\":\"u-1\"}";
    }

    private static int collect(int port, String appId, String events) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/collect?appId=" + appId))
                        .header("Content-Type", "application/json; charset=utf-8")
                        .header("User-Agent", BROWSER)
                        .POST(HttpRequest.BodyPublishers.ofString("[" + events + "]")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static Set<String> eventIds(String appId) {
        Set<String> ids = new HashSet<>();
        Path events = DATA_DIR.resolve("lake/modeled/event/app_id=" + appId);
        if (!Files.isDirectory(events)) {
            return ids;
        }
        Lock lock = LakeCommitLock.of(DATA_DIR.resolve("lake").toAbsolutePath().toString()).readLock();
        lock.lock();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             PreparedStatement q = duck.prepareStatement("SELECT event_id FROM read_parquet(?)")) {
            q.setString(1, events.toAbsolutePath() + "/**/*.parquet");
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        } catch (java.sql.SQLException e) {
            // No Parquet yet.
        } finally {
            lock.unlock();
        }
        return ids;
    }

    private static void await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s", timeout).isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("studio-pipelines-");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A clock that stands still until the test moves it forward, so that rates and alarm times are exact. */
    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
