package io.clickstream.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.ingestion.sink.KafkaLakeLoader;
import io.clickstream.model.RawEnvelope;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** The Kafka sink and the topic-to-lake loader against a real KRaft broker started in this JVM. */
class KafkaSinkTest {

    private static final String TOPIC = "clickstream-raw";
    private static EmbeddedKafkaKraftBroker broker;

    @TempDir
    Path buffer;
    @TempDir
    Path lake;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 2, TOPIC);
        broker.afterPropertiesSet();
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    @Test
    void acknowledges_after_kafka_and_the_loader_writes_the_same_raw_batches() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<String> bodies = new ArrayList<>();
        try (IngestionServer server = IngestionServer.start(IngestionSettings.defaults(buffer,
                        StaticAppRegistry.ofAppIds("shop", "blog"))
                .withHost("127.0.0.1").withNodeId("kafka-node")
                .withKafka(new KafkaTarget(broker.getBrokersAsString(), TOPIC)))) {
            for (int i = 0; i < 6; i++) {
                String app = i % 2 == 0 ? "shop" : "blog";
                String body = SdkBodies.batch(app, "k" + i, 2);
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + server.port() + "/collect?appId=" + app + "&platform=Web"))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                bodies.add(body);
            }
        }
        assertThat(LakeFiles.rawBatches(buffer)).as("the Kafka sink writes no lake files itself").isEmpty();

        try (KafkaLakeLoader loader = new KafkaLakeLoader(broker.getBrokersAsString(), TOPIC, "lake-loader", lake,
                null, "loader-node", Duration.ofMillis(200), 1)) {
            long deadline = System.currentTimeMillis() + 30_000;
            while (loader.committedRecords() < bodies.size() && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertThat(loader.committedRecords()).isEqualTo(bodies.size());
        }

        List<RawEnvelope> envelopes = LakeFiles.envelopes(lake);
        assertThat(envelopes).extracting(RawEnvelope::data).containsExactlyInAnyOrderElementsOf(bodies);
        assertThat(envelopes).allSatisfy(e -> assertThat(e.data()).contains("\"app_id\":\"" + e.appId() + "\""));
        assertThat(LakeFiles.rawBatches(lake)).anySatisfy(f -> assertThat(f.toString()).contains("app_id=blog"))
                .anySatisfy(f -> assertThat(f.toString()).contains("app_id=shop"));
        assertThat(LakeFiles.inProgress(lake)).isEmpty();

        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        try (Admin client = Admin.create(admin)) {
            Map<TopicPartition, OffsetAndMetadata> committed = client.listConsumerGroupOffsets("lake-loader")
                    .partitionsToOffsetAndMetadata().get();
            assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum())
                    .as("offsets committed only for stored records").isEqualTo(bodies.size());
        }
    }
}
