package io.clickstream.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.clickstream.model.RawEnvelope;
import io.clickstream.model.RawEnvelopeCodec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The Kinesis sink through the real SDK client against a local stub of the Kinesis API that decodes every
 * PutRecords call (CBOR, as the SDK sends it), checks it, and answers with throttling and partial failures.
 */
class KinesisSinkTest {

    private static final String STREAM = "clickstream-raw";
    private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());

    /** One PutRecords call as the stub received it. */
    private record Call(String target, String stream, List<String> partitionKeys, List<byte[]> data) {
    }

    @TempDir
    Path lake;

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<byte[]> stored = new CopyOnWriteArrayList<>();
    private final AtomicInteger callNumber = new AtomicInteger();
    private volatile Function<Integer, String> failures = call -> null;
    private volatile boolean throttleFirstCall;
    private HttpServer stub;
    private KinesisClient kinesis;
    private IngestionServer server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void startStub() throws IOException {
        stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/", this::handle);
        stub.start();
        kinesis = KinesisClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create("http://127.0.0.1:" + stub.getAddress().getPort()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        kinesis.close();
        stub.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        int number = callNumber.incrementAndGet();
        JsonNode request = CBOR.readTree(exchange.getRequestBody());
        List<String> keys = new ArrayList<>();
        List<byte[]> data = new ArrayList<>();
        for (JsonNode record : request.path("Records")) {
            keys.add(record.path("PartitionKey").asText());
            data.add(record.path("Data").binaryValue());
        }
        calls.add(new Call(exchange.getRequestHeaders().getFirst("X-Amz-Target"), request.path("StreamName").asText(),
                keys, data));
        ObjectNode response = CBOR.createObjectNode();
        int status = 200;
        if (throttleFirstCall && number == 1) {
            status = 400;
            exchange.getResponseHeaders().add("x-amzn-ErrorType", "ProvisionedThroughputExceededException");
            response.put("__type", "ProvisionedThroughputExceededException");
            response.put("message", "Rate exceeded for stream " + STREAM);
        } else {
            ArrayNode results = response.putArray("Records");
            int failed = 0;
            for (int i = 0; i < data.size(); i++) {
                String error = i == 0 ? failures.apply(number) : null;
                ObjectNode result = results.addObject();
                if (error != null) {
                    failed++;
                    result.put("ErrorCode", error);
                    result.put("ErrorMessage", "simulated " + error);
                } else {
                    stored.add(data.get(i));
                    result.put("SequenceNumber", "4960" + number + "00" + i);
                    result.put("ShardId", "shardId-000000000000");
                }
            }
            response.put("FailedRecordCount", failed);
        }
        byte[] body = CBOR.writeValueAsBytes(response);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-cbor-1.1");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private void start(int maxAttempts) {
        server = IngestionServer.start(IngestionSettings.defaults(lake, StaticAppRegistry.ofAppIds("shop"))
                .withHost("127.0.0.1").withNodeId("kinesis-node")
                .withKinesis(new KinesisTarget(kinesis, STREAM, maxAttempts)));
    }

    private int post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + "/collect?appId=shop&platform=Web")).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void retries_throttled_calls_and_refused_records_until_each_request_is_stored_once() throws Exception {
        throttleFirstCall = true;
        failures = call -> call == 2 ? "ProvisionedThroughputExceededException"
                : call == 4 ? "InternalFailure" : null;
        start(5);
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String body = SdkBodies.batch("shop", "kin" + i, 2);
            assertThat(post(body)).isEqualTo(200);
            bodies.add(body);
        }
        server.close();

        List<String> storedBodies = new ArrayList<>();
        for (byte[] record : stored) {
            RawEnvelope envelope = RawEnvelopeCodec.decode(new String(record, StandardCharsets.UTF_8).strip());
            assertThat(envelope.appId()).isEqualTo("shop");
            storedBodies.add(envelope.data());
        }
        assertThat(storedBodies).as("every acknowledged request stored exactly once")
                .containsExactlyInAnyOrderElementsOf(bodies);
        assertThat(calls).allSatisfy(call -> {
            assertThat(call.target()).isEqualTo("Kinesis_20131202.PutRecords");
            assertThat(call.stream()).isEqualTo(STREAM);
            assertThat(call.partitionKeys()).allSatisfy(key -> assertThat(key).startsWith("shop/"));
            assertThat(call.data()).allSatisfy(d -> assertThat(d[d.length - 1]).isEqualTo((byte) '\n'));
        });
        // The throttled call, the call whose record was refused, and the one with an internal failure were all
        // followed by a call carrying the same record again.
        assertThat(calls.size()).isGreaterThanOrEqualTo(bodies.size() + 3);
        assertThat(calls.get(1).data().get(0)).isEqualTo(calls.get(0).data().get(0));
        assertThat(calls.get(2).data().get(0)).isEqualTo(calls.get(1).data().get(0));
        assertThat(calls.get(4).data().get(0)).isEqualTo(calls.get(3).data().get(0));
    }

    @Test
    void answers_503_when_a_record_keeps_being_refused() throws Exception {
        failures = call -> "ProvisionedThroughputExceededException";
        start(3);
        assertThat(post(SdkBodies.batch("shop", "never", 1))).isEqualTo(503);
        assertThat(calls).hasSize(3);
        assertThat(stored).isEmpty();
    }
}
