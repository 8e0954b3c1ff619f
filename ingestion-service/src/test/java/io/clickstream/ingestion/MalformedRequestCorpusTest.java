package io.clickstream.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A corpus of bad requests: each gets its 4xx, the service stays healthy, and nothing bad reaches the lake. */
class MalformedRequestCorpusTest {

    @TempDir
    Path lake;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private IngestionServer server;

    private record Case(String name, String query, String contentType, byte[] body, int expected) {
    }

    @BeforeEach
    void start() {
        server = IngestionServer.start(IngestionSettings.defaults(lake, StaticAppRegistry.ofAppIds("shop"))
                .withHost("127.0.0.1").withNodeId("corpus").withRequestTimeout(Duration.ofMillis(600)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void answers_each_malformed_request_with_its_status_and_stays_healthy() throws Exception {
        Random random = new Random(42);
        byte[] noise = new byte[4096];
        random.nextBytes(noise);
        byte[] gzip = SdkBodies.gzip(SdkBodies.batch("shop", "g", 20).getBytes(StandardCharsets.UTF_8));
        StringBuilder deep = new StringBuilder("[{\"event_type\":\"x\",\"attributes\":{\"a\":");
        deep.append("[".repeat(200)).append("]".repeat(200)).append("}}]");
        StringBuilder items = new StringBuilder("[{\"event_type\":\"x\",\"items\":[");
        for (int i = 0; i < 101; i++) {
            items.append(i == 0 ? "" : ",").append("{\"id\":\"").append(i).append("\"}");
        }
        items.append("]}]");
        String valid = SdkBodies.batch("shop", "ok", 2);

        List<Case> corpus = new ArrayList<>(List.of(
                new Case("random bytes", "appId=shop", "application/json", noise, 400),
                new Case("random bytes said to be gzip", "appId=shop&compression=gzip", "application/json", noise,
                        400),
                new Case("base64 of random bytes", "appId=shop&compression=gzip", "application/json",
                        bytes(Base64.getEncoder().encodeToString(noise)), 400),
                new Case("truncated gzip", "appId=shop&compression=gzip", "application/json",
                        bytes(Base64.getEncoder().encodeToString(Arrays.copyOf(gzip, gzip.length - 12))), 400),
                new Case("bad base64", "appId=shop&compression=gzip", "application/json", bytes("a$b%c^"), 400),
                new Case("gzip bomb", "appId=shop&compression=gzip", "application/json", gzipBomb(), 413),
                new Case("deep nesting", "appId=shop", "application/json", bytes(deep.toString()), 400),
                new Case("too many items", "appId=shop", "application/json", bytes(items.toString()), 400),
                new Case("xml content type", "appId=shop", "application/xml", bytes(valid), 415),
                new Case("multipart content type", "appId=shop", "multipart/form-data; boundary=x", bytes(valid),
                        415),
                new Case("oversize", "appId=shop", "application/json", new byte[1024 * 1024 + 1], 413),
                new Case("missing appId", "platform=Web", "application/json", bytes(valid), 400),
                new Case("unknown appId", "appId=other", "application/json", bytes(valid), 403),
                new Case("unsupported compression", "appId=shop&compression=br", "application/json", bytes(valid),
                        400),
                new Case("number body", "appId=shop", "application/json", bytes("42"), 400),
                new Case("array of arrays", "appId=shop", "application/json", bytes("[[1],[2]]"), 400),
                new Case("trailing garbage", "appId=shop", "application/json", bytes(valid + " trailing"), 400),
                new Case("unterminated string", "appId=shop", "application/json", bytes("[{\"event_type\":\"x}]"),
                        400),
                new Case("hash mismatch", "appId=shop&hashCode=deadbeef", "application/json", bytes(valid), 400),
                new Case("empty body", "appId=shop", "application/json", new byte[0], 400)));

        SoftAssertions softly = new SoftAssertions();
        for (Case c : corpus) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.port() + "/collect?" + c.query()))
                    .header("Content-Type", c.contentType())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(c.body())).build(),
                    HttpResponse.BodyHandlers.ofString());
            softly.assertThat(response.statusCode()).as(c.name() + ": " + response.body()).isEqualTo(c.expected());
            softly.assertThat(response.body()).as(c.name() + " explains itself").isNotBlank();
        }
        softly.assertThat(rawExchange("GARBAGE / NOTHTTP\r\n\r\n")).as("garbage request line").startsWith(
                "HTTP/1.1 400");
        softly.assertAll();

        assertThat(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        HttpResponse<String> ok = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/collect?appId=shop"))
                .POST(HttpRequest.BodyPublishers.ofString(valid)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        server.close();

        assertThat(LakeFiles.inProgress(lake)).isEmpty();
        assertThat(LakeFiles.envelopes(lake)).singleElement()
                .satisfies(envelope -> assertThat(envelope.data()).isEqualTo(valid));
    }

    @Test
    void answers_408_to_a_client_that_sends_its_body_too_slowly() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(bytes("POST /collect?appId=shop HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n[{\"event_type\":"));
            out.flush();
            long start = System.nanoTime();
            String answer = readAll(socket.getInputStream());
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(answer).startsWith("HTTP/1.1 408");
            assertThat(millis).isBetween(300L, 4000L);
        }
        // The stalled connection cost nothing: the service still answers.
        assertThat(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/ping"))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void closes_idle_keep_alive_connections() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            assertThat(socket.getInputStream().read()).as("server closes the idle connection").isEqualTo(-1);
        }
    }

    private String rawExchange(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(bytes(request));
            socket.getOutputStream().flush();
            return readAll(socket.getInputStream());
        }
    }

    private static String readAll(InputStream in) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int n;
        while ((n = in.read(buffer)) > 0) {
            out.write(buffer, 0, n);
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] gzipBomb() throws Exception {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 256; i++) {
                gzip.write(zeros);
            }
        }
        return bytes(Base64.getEncoder().encodeToString(compressed.toByteArray()));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
