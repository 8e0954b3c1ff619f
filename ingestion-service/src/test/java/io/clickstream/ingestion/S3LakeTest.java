package io.clickstream.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import io.clickstream.ingestion.sink.S3LakeDestination;
import io.clickstream.model.RawEnvelope;
import io.clickstream.model.RawEnvelopeCodec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Batches published to an S3 lake through the real AWS SDK client, against S3Mock running in this JVM. */
class S3LakeTest {

    private static final String BUCKET = "clickstream-lake";

    @RegisterExtension
    static final S3MockExtension S3_MOCK = S3MockExtension.builder().silent().withSecureConnection(false)
            .withInitialBuckets(BUCKET).build();

    @TempDir
    Path buffer;

    private final S3Client s3 = S3Client.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .region(Region.US_EAST_1)
            .endpointOverride(URI.create(S3_MOCK.getServiceEndpoint()))
            .forcePathStyle(true)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .build();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private IngestionServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        s3.close();
    }

    private int post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + "/collect?appId=shop&platform=Web")).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private List<S3Object> objects(String bucket, String prefix) {
        return s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix)).contents();
    }

    private List<RawEnvelope> envelopes(String bucket, String key) throws Exception {
        ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
        List<RawEnvelope> envelopes = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(bytes.asInputStream()), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                envelopes.add(RawEnvelopeCodec.decode(line));
            }
        }
        return envelopes;
    }

    @Test
    void publishes_batches_as_objects_under_the_lake_prefix() throws Exception {
        server = IngestionServer.start(IngestionSettings.defaults(buffer, StaticAppRegistry.ofAppIds("shop"))
                .withHost("127.0.0.1").withNodeId("s3-node")
                .withDestination(S3LakeDestination.of(s3, "s3://" + BUCKET + "/lake")));
        List<String> bodies = List.of(SdkBodies.batch("shop", "a", 2), SdkBodies.batch("shop", "b", 3));
        for (String body : bodies) {
            assertThat(post(body)).isEqualTo(200);
        }
        server.close();

        List<S3Object> objects = objects(BUCKET, "lake/raw/");
        assertThat(objects).isNotEmpty().allSatisfy(o -> assertThat(o.key())
                .matches("lake/raw/app_id=shop/date=\\d{4}-\\d\\d-\\d\\d/hour=\\d\\d/s3-node-\\d+\\.jsonl\\.gz"));
        List<String> data = new ArrayList<>();
        for (S3Object object : objects) {
            envelopes(BUCKET, object.key()).forEach(e -> data.add(e.data()));
        }
        assertThat(data).containsExactlyInAnyOrderElementsOf(bodies);
        assertThat(LakeFiles.inProgress(buffer)).isEmpty();
        assertThat(buffer.resolve("raw")).doesNotExist();
    }

    @Test
    void keeps_batches_and_reports_unhealthy_until_the_bucket_can_take_them() throws Exception {
        String late = "late-bucket";
        server = IngestionServer.start(IngestionSettings.defaults(buffer, StaticAppRegistry.ofAppIds("shop"))
                .withHost("127.0.0.1").withNodeId("s3-node").withRoll(64L * 1024 * 1024, Duration.ofMillis(100))
                .withDestination(S3LakeDestination.of(s3, "s3://" + late)));
        String body = SdkBodies.batch("shop", "late", 1);
        assertThat(post(body)).as("durable in the local buffer").isEqualTo(200);

        awaitTrue(() -> !server.healthy(), "health reports the failing destination");
        assertThat(LakeFiles.inProgress(buffer)).as("the batch waits in the buffer").isNotEmpty();

        s3.createBucket(b -> b.bucket(late));
        awaitTrue(() -> !objects(late, "raw/").isEmpty() && server.healthy(), "published after the bucket appeared");
        S3Object object = objects(late, "raw/").get(0);
        assertThat(envelopes(late, object.key())).extracting(RawEnvelope::data).containsExactly(body);
        awaitTrue(() -> LakeFiles.inProgress(buffer).isEmpty(), "buffer emptied");
    }

    @Test
    void uploads_large_batches_in_parts() throws Exception {
        S3LakeDestination destination = new S3LakeDestination(s3, BUCKET, "big", S3LakeDestination.MIN_PART_BYTES);
        byte[] content = new byte[12 * 1024 * 1024 + 17];
        new Random(1).nextBytes(content);
        Path file = Files.write(buffer.resolve("batch.inprogress"), content);

        destination.publish(file, "shop", LocalDate.of(2026, 11, 22), 4, "n-1.jsonl.gz");

        ResponseBytes<GetObjectResponse> stored = s3.getObjectAsBytes(b -> b.bucket(BUCKET)
                .key("big/raw/app_id=shop/date=2026-11-22/hour=04/n-1.jsonl.gz"));
        assertThat(stored.asByteArray()).isEqualTo(content);
        assertThat(stored.response().eTag()).as("a multipart ETag names its part count").endsWith("-3\"");
        assertThat(file).doesNotExist();
        assertThat(s3.listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).isEmpty();
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(50);
        }
    }
}
