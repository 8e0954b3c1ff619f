package io.clickstream.pipeline.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickstream.etl.EtlConfig;
import io.clickstream.etl.EtlJob;
import io.clickstream.etl.EtlRunSummary;
import io.clickstream.etl.EtlSession;
import io.clickstream.ingestion.IngestionServer;
import io.clickstream.ingestion.IngestionSettings;
import io.clickstream.ingestion.StaticAppRegistry;
import io.clickstream.pipeline.demo.DemoTrafficModel;
import io.clickstream.pipeline.demo.DemoTrafficSender;
import io.clickstream.pipeline.demo.DemoVisit;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole slice through real components: SDK-shaped requests over HTTP into the ingestion service, the Spark
 * ETL over the lake it wrote, and DuckDB over the Parquet the ETL wrote, checked against counts computed
 * independently from the request bodies that got a 200.
 */
class LocalPipelineEndToEndTest {

    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final LocalDate FIRST = LocalDate.of(2026, 10, 1);
    private static final long END = FIRST.plusDays(10).atStartOfDay(UTC).toInstant().toEpochMilli();

    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = EtlSession.builder("local[2]").appName("e2e")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    /** Counts computed straight from the JSON that was sent, with a general-purpose JSON parser. */
    private record Expected(Map<String, Long> perEventName, Map<LocalDate, Long> perDay, long distinctUsers) {
        static Expected of(List<DemoVisit> visits) throws Exception {
            ObjectMapper json = new ObjectMapper();
            Map<String, Long> perName = new TreeMap<>();
            Map<LocalDate, Long> perDay = new TreeMap<>();
            Set<String> users = new HashSet<>();
            for (DemoVisit visit : visits) {
                for (JsonNode event : json.readTree(visit.bodyJson())) {
                    perName.merge(event.get("event_type").asText(), 1L, Long::sum);
                    LocalDate day = Instant.ofEpochMilli(event.get("timestamp").asLong()).atZone(UTC).toLocalDate();
                    perDay.merge(day, 1L, Long::sum);
                    users.add(event.get("unique_id").asText());
                }
            }
            return new Expected(perName, perDay, users.size());
        }
    }

    @Test
    void events_posted_over_http_come_out_of_the_etl_with_exact_counts(@TempDir Path dir) throws Exception {
        Path lake = dir.resolve("lake");
        List<DemoVisit> visits = new ArrayList<>();
        new DemoTrafficModel(11, "shop", 80, FIRST, 10, UTC, END).forEach(visits::add);

        DemoTrafficSender.Outcome outcome;
        IngestionSettings settings = IngestionSettings.defaults(lake, StaticAppRegistry.ofAppIds("shop"))
                .withHost("127.0.0.1");
        try (IngestionServer server = IngestionServer.start(settings)) {
            DemoTrafficSender sender = new DemoTrafficSender(
                    URI.create("http://127.0.0.1:" + server.port() + "/collect"), "shop", 4);
            outcome = sender.sendAll(visits, events -> { });
            // An SDK that lost the response retries the whole batch: it must not be counted twice.
            for (int i = 0; i < 5; i++) {
                assertThat(sender.send(visits.get(i))).isTrue();
            }
        }
        assertThat(outcome.failedRequests()).isZero();
        assertThat(outcome.requests()).isEqualTo(visits.size());

        EtlConfig config = EtlConfig.parse(new String[] {"--lake=" + lake});
        EtlRunSummary first = EtlJob.run(spark, config);
        Expected expected = Expected.of(visits);
        long sent = expected.perEventName().values().stream().mapToLong(Long::longValue).sum();
        assertThat(first.eventsWritten()).isEqualTo(sent);
        assertThat(first.eventsQuarantined()).isZero();

        assertLakeMatches(lake, expected);

        // A second pass over the same lake finds nothing new and changes nothing.
        EtlRunSummary second = EtlJob.run(spark, config);
        assertThat(second.eventsWritten()).isZero();
        assertLakeMatches(lake, expected);
    }

    private static void assertLakeMatches(Path lake, Expected expected) throws Exception {
        String events = "read_parquet('" + lake.resolve("modeled/event").toAbsolutePath()
                + "/**/*.parquet', hive_partitioning = true)";
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            Map<String, Long> perName = new TreeMap<>();
            try (PreparedStatement q = duck.prepareStatement(
                    "SELECT event_name, count(*) FROM " + events + " WHERE app_id = ? GROUP BY event_name")) {
                q.setString(1, "shop");
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        perName.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            Map<LocalDate, Long> perDay = new TreeMap<>();
            try (PreparedStatement q = duck.prepareStatement(
                    "SELECT CAST(event_date AS DATE), count(*) FROM " + events + " GROUP BY 1")) {
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        perDay.put(rs.getObject(1, LocalDate.class), rs.getLong(2));
                    }
                }
            }
            long users;
            try (PreparedStatement q = duck.prepareStatement(
                    "SELECT count(DISTINCT user_pseudo_id) FROM " + events);
                 ResultSet rs = q.executeQuery()) {
                rs.next();
                users = rs.getLong(1);
            }
            assertThat(perName).isEqualTo(expected.perEventName());
            assertThat(perDay).isEqualTo(expected.perDay());
            assertThat(users).isEqualTo(expected.distinctUsers());
        }
    }
}
