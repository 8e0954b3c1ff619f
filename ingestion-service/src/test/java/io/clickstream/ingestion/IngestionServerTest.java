package io.clickstream.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.ingestion.sink.GzipMembers;
import io.clickstream.model.RawEnvelope;
import io.clickstream.model.RawEnvelopeCodec;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestionServerTest {

    private static final String APP = "shop";
    private static final String ORIGIN = "https://shop.example";

    @TempDir
    Path lake;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final StaticAppRegistry apps = StaticAppRegistry.of(new AppPolicy(APP, true, Set.of(ORIGIN)),
            new AppPolicy("retired", false, Set.of()));
    private IngestionServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private IngestionServer start(IngestionSettings settings) {
        server = IngestionServer.start(settings);
        return server;
    }

    private IngestionServer start() {
        return start(settings());
    }

    private IngestionSettings settings() {
        return IngestionSettings.defaults(lake, apps).withHost("127.0.0.1").withNodeId("test-node");
    }

    private HttpResponse<String> post(String query, String body, String... headers) throws Exception {
        return post(query, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    private HttpResponse<String> post(String query, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/collect?" + query))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    private static List<String> eventIds(List<RawEnvelope> envelopes) {
        List<String> ids = new ArrayList<>();
        for (RawEnvelope envelope : envelopes) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"event_id\":\"([^\"]+)\"")
                    .matcher(envelope.data());
            while (m.find()) {
                ids.add(m.group(1));
            }
        }
        return ids;
    }

    @Test
    void accepted_events_appear_in_the_lake_after_close() throws Exception {
        start();
        for (int r = 0; r < 3; r++) {
            HttpResponse<String> response = post("appId=shop&platform=Web&event_bundle_sequence_id=" + (r + 1)
                    + "&upload_timestamp=1763784000123", SdkBodies.batch(APP, "r" + r, 2), "User-Agent", "test-ua");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEmpty();
        }
        server.close();

        List<RawEnvelope> envelopes = LakeFiles.envelopes(lake);
        assertThat(envelopes).hasSize(3);
        assertThat(eventIds(envelopes)).containsExactlyInAnyOrder("r0-0", "r0-1", "r1-0", "r1-1", "r2-0", "r2-1");
        RawEnvelope first = envelopes.stream().filter(e -> e.bundleSeq() == 1L).findFirst().orElseThrow();
        assertThat(first.appId()).isEqualTo(APP);
        assertThat(first.platform()).isEqualTo("Web");
        assertThat(first.uploadTs()).isEqualTo(1763784000123L);
        assertThat(first.ip()).isEqualTo("127.0.0.1");
        assertThat(first.ua()).isEqualTo("test-ua");
        assertThat(first.uri()).startsWith("/collect?appId=shop");
        assertThat(first.compression()).isNull();
        assertThat(first.rid()).isNotBlank();
        assertThat(envelopes.stream().map(RawEnvelope::rid).distinct()).hasSize(3);
        assertThat(LakeFiles.rawBatches(lake)).allSatisfy(file -> {
            assertThat(file.getFileName().toString()).matches("test-node-\\d{12,}\\.jsonl\\.gz");
            assertThat(lake.relativize(file).toString()).matches("raw/app_id=shop/date=\\d{4}-\\d\\d-\\d\\d/hour=\\d\\d/.*");
        });
        assertThat(LakeFiles.inProgress(lake)).isEmpty();
    }

    @Test
    void accepts_gzip_base64_body() throws Exception {
        start();
        String json = SdkBodies.batch(APP, "gz", 3);
        HttpResponse<String> response = post("appId=shop&platform=Android&compression=gzip",
                SdkBodies.gzipBase64(json));
        assertThat(response.statusCode()).isEqualTo(200);
        server.close();

        List<RawEnvelope> envelopes = LakeFiles.envelopes(lake);
        assertThat(envelopes).hasSize(1);
        assertThat(envelopes.get(0).compression()).isEqualTo("gzip");
        assertThat(envelopes.get(0).data()).isEqualTo(json);
    }

    @Test
    void accepts_single_event_object() throws Exception {
        start();
        String json = SdkBodies.event(APP, "single-1", "login");
        assertThat(post("appId=shop", json).statusCode()).isEqualTo(200);
        server.close();

        assertThat(eventIds(LakeFiles.envelopes(lake))).containsExactly("single-1");
    }

    @Test
    void refuses_unknown_or_disabled_app_with_403_and_learns_new_apps_without_restart() throws Exception {
        start();
        HttpResponse<String> unknown = post("appId=nobody", SdkBodies.batch("nobody", "x", 1));
        assertThat(unknown.statusCode()).isEqualTo(403);
        assertThat(unknown.body()).contains("unknown or disabled appId");
        assertThat(post("appId=retired", SdkBodies.batch("retired", "x", 1)).statusCode()).isEqualTo(403);
        assertThat(post("platform=Web", SdkBodies.batch(APP, "x", 1)).statusCode()).isEqualTo(400);

        apps.put(AppPolicy.enabled("nobody"));
        assertThat(post("appId=nobody", SdkBodies.batch("nobody", "late", 1)).statusCode()).isEqualTo(200);
        apps.remove("nobody");
        assertThat(post("appId=nobody", SdkBodies.batch("nobody", "gone", 1)).statusCode()).isEqualTo(403);
        server.close();

        assertThat(eventIds(LakeFiles.envelopes(lake))).containsExactly("late-0");
    }

    @Test
    void rejects_malformed_bodies_with_a_reason() throws Exception {
        start();
        HttpResponse<String> badJson = post("appId=shop", "[{\"event_type\":\"x\",");
        assertThat(badJson.statusCode()).isEqualTo(400);
        assertThat(badJson.body()).contains("malformed JSON");

        HttpResponse<String> notArray = post("appId=shop", "\"hello\"");
        assertThat(notArray.statusCode()).isEqualTo(400);
        assertThat(notArray.body()).contains("array");

        HttpResponse<String> numbers = post("appId=shop", "[1,2]");
        assertThat(numbers.statusCode()).isEqualTo(400);
        assertThat(numbers.body()).contains("element 0");

        HttpResponse<String> badBase64 = post("appId=shop&compression=gzip", "@@not base64@@");
        assertThat(badBase64.statusCode()).isEqualTo(400);
        assertThat(badBase64.body()).contains("base64");

        String notGzip = java.util.Base64.getEncoder().encodeToString("plain text".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> badGzip = post("appId=shop&compression=gzip", notGzip);
        assertThat(badGzip.statusCode()).isEqualTo(400);
        assertThat(badGzip.body()).contains("gzip");

        byte[] gzip = SdkBodies.gzip(SdkBodies.batch(APP, "t", 5).getBytes(StandardCharsets.UTF_8));
        String truncated = java.util.Base64.getEncoder().encodeToString(Arrays.copyOf(gzip, gzip.length / 2));
        assertThat(post("appId=shop&compression=gzip", truncated).statusCode()).isEqualTo(400);

        HttpResponse<String> empty = post("appId=shop", "");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("empty");
        server.close();

        assertThat(LakeFiles.rawBatches(lake)).isEmpty();
    }

    @Test
    void rejects_body_over_one_mebibyte() throws Exception {
        start();
        StringBuilder big = new StringBuilder("[");
        while (big.length() < 1024 * 1024 + 100) {
            big.append(SdkBodies.event(APP, "big-" + big.length(), "view")).append(',');
        }
        big.setLength(big.length() - 1);
        big.append(']');
        HttpResponse<String> response = post("appId=shop", big.toString());
        assertThat(response.statusCode()).isEqualTo(413);

        // Far beyond anything a client may send: refused by the HTTP layer before it is buffered.
        HttpResponse<String> huge = post("appId=shop", new byte[3 * 1024 * 1024]);
        assertThat(huge.statusCode()).isEqualTo(413);
    }

    @Test
    void stops_a_gzip_bomb_early() throws Exception {
        start();
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            byte[] spaces = new byte[1024 * 1024];
            Arrays.fill(spaces, (byte) ' ');
            gzip.write('[');
            for (int i = 0; i < 1024; i++) {
                gzip.write(spaces);
            }
            gzip.write(']');
        }
        String bomb = java.util.Base64.getEncoder().encodeToString(compressed.toByteArray());
        assertThat(bomb.length()).isLessThan(2 * 1024 * 1024);
        long start = System.nanoTime();
        HttpResponse<String> response = post("appId=shop&compression=gzip", bomb);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(response.statusCode()).isEqualTo(413);
        // Inflating the whole gibibyte would take seconds; stopping at the limit takes a few milliseconds.
        assertThat(millis).isLessThan(1500);
    }

    @Test
    void answers_cors_preflight_and_echoes_only_allowed_origins() throws Exception {
        start();
        HttpResponse<String> preflight = client.send(HttpRequest.newBuilder(uri("/collect?appId=shop&platform=Web"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", ORIGIN)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).hasValue("content-type");

        HttpResponse<String> foreignPreflight = client.send(HttpRequest.newBuilder(uri("/collect?appId=shop"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(foreignPreflight.statusCode()).isEqualTo(403);
        assertThat(foreignPreflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

        HttpResponse<String> allowed = post("appId=shop", SdkBodies.batch(APP, "cors", 1), "Origin", ORIGIN);
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");

        HttpResponse<String> foreign = post("appId=shop", SdkBodies.batch(APP, "evil", 1),
                "Origin", "https://evil.example");
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

        apps.put(new AppPolicy(APP, true, Set.of("*")));
        HttpResponse<String> any = post("appId=shop", SdkBodies.batch(APP, "any", 1), "Origin", "https://other.example");
        assertThat(any.statusCode()).isEqualTo(200);
        assertThat(any.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://other.example");
        server.close();

        assertThat(eventIds(LakeFiles.envelopes(lake))).containsExactlyInAnyOrder("cors-0", "any-0");
    }

    @Test
    void recovers_complete_requests_of_an_in_progress_file_left_by_a_crash() throws Exception {
        Path ingest = Files.createDirectories(lake.resolve("_ingest/test-node"));
        GzipMembers members = new GzipMembers(1);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        for (int i = 0; i < 2; i++) {
            byte[] line = RawEnvelopeCodec.encode(new RawEnvelope("rid-" + i, 1763784000000L + i, APP, "Web", null,
                    null, "/collect?appId=shop", null, null, null, SdkBodies.batch(APP, "crash" + i, 2)));
            file.write(members.member(line, 0, line.length));
        }
        byte[] torn = RawEnvelopeCodec.encode(new RawEnvelope("rid-torn", 1763784000002L, APP, "Web", null, null,
                "/collect?appId=shop", null, null, null, SdkBodies.batch(APP, "torn", 2)));
        byte[] tornMember = members.member(torn, 0, torn.length);
        file.write(tornMember, 0, tornMember.length - 5);
        Files.write(ingest.resolve("1763784000000_2025-11-22_04_shop.inprogress"), file.toByteArray());
        Files.write(ingest.resolve("1763784000001_2025-11-22_05_shop.inprogress"),
                Arrays.copyOf(tornMember, 7));

        start();

        long deadline = System.currentTimeMillis() + 5000;
        while (!LakeFiles.inProgress(lake).isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(LakeFiles.inProgress(lake)).isEmpty();
        List<Path> batches = LakeFiles.rawBatches(lake);
        assertThat(batches).hasSize(1);
        // Recovered long after its hour: published into the current hour (LakeLayout.RAW_LATE_LIMIT).
        assertThat(lake.relativize(batches.get(0)).toString())
                .matches("raw/app_id=shop/date=\\d{4}-\\d\\d-\\d\\d/hour=\\d\\d/test-node-1763784000000.jsonl.gz")
                .doesNotContain("date=2025-11-22");
        assertThat(eventIds(LakeFiles.envelopes(lake)))
                .containsExactlyInAnyOrder("crash0-0", "crash0-1", "crash1-0", "crash1-1");

        // The next batch of this node must not reuse the recovered sequence number.
        assertThat(post("appId=shop", SdkBodies.batch(APP, "after", 1)).statusCode()).isEqualTo(200);
        server.close();
        assertThat(LakeFiles.rawBatches(lake)).hasSize(2);
        assertThat(eventIds(LakeFiles.envelopes(lake))).contains("after-0").hasSize(5);
    }

    @Test
    void publishes_a_batch_when_it_is_old_enough_while_running() throws Exception {
        start(settings().withRoll(64L * 1024 * 1024, Duration.ofMillis(200)));
        assertThat(post("appId=shop", SdkBodies.batch(APP, "fresh", 1)).statusCode()).isEqualTo(200);
        long deadline = System.currentTimeMillis() + 5000;
        while ((LakeFiles.rawBatches(lake).isEmpty() || !LakeFiles.inProgress(lake).isEmpty())
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(eventIds(LakeFiles.envelopes(lake))).containsExactly("fresh-0");
        assertThat(LakeFiles.inProgress(lake)).isEmpty();
    }

    @Test
    void answers_503_when_the_sink_buffer_is_full() throws Exception {
        start(settings().withMaxQueuedBytes(16));
        HttpResponse<String> response = post("appId=shop", SdkBodies.batch(APP, "full", 1));
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        server.close();
        assertThat(LakeFiles.rawBatches(lake)).isEmpty();
    }

    @Test
    void checks_hash_code_of_the_body_as_sent() throws Exception {
        start();
        String json = SdkBodies.batch(APP, "hash", 1);
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(json.getBytes(StandardCharsets.UTF_8))).substring(0, 8);
        assertThat(post("appId=shop&hashCode=" + hash, json).statusCode()).isEqualTo(200);
        HttpResponse<String> wrong = post("appId=shop&hashCode=00000000", json);
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("hashCode");

        String gzipBody = SdkBodies.gzipBase64(SdkBodies.batch(APP, "hashgz", 1));
        String gzipHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(gzipBody.getBytes(StandardCharsets.UTF_8))).substring(0, 8).toUpperCase();
        assertThat(post("appId=shop&compression=gzip&hashCode=" + gzipHash, gzipBody).statusCode()).isEqualTo(200);
        server.close();
        assertThat(eventIds(LakeFiles.envelopes(lake))).containsExactlyInAnyOrder("hash-0", "hashgz-0");
    }

    @Test
    void believes_x_forwarded_for_only_from_trusted_proxies() throws Exception {
        start(settings().withTrustedProxies(List.of("127.0.0.0/8")));
        assertThat(post("appId=shop&event_bundle_sequence_id=1", SdkBodies.batch(APP, "a", 1),
                "X-Forwarded-For", "203.0.113.9, 10.1.1.1, 127.0.0.5").statusCode()).isEqualTo(200);
        server.close();
        start(settings().withTrustedProxies(List.of("10.0.0.0/8")));
        assertThat(post("appId=shop&event_bundle_sequence_id=2", SdkBodies.batch(APP, "b", 1),
                "X-Forwarded-For", "203.0.113.9").statusCode()).isEqualTo(200);
        server.close();

        List<RawEnvelope> envelopes = LakeFiles.envelopes(lake);
        assertThat(envelopes).extracting(RawEnvelope::bundleSeq, RawEnvelope::ip)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(1L, "10.1.1.1"),
                        org.assertj.core.groups.Tuple.tuple(2L, "127.0.0.1"));
    }

    @Test
    void serves_ping_health_and_prometheus_metrics() throws Exception {
        start();
        assertThat(client.send(HttpRequest.newBuilder(uri("/ping")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(200);
        assertThat(post("appId=shop", SdkBodies.batch(APP, "m", 4)).statusCode()).isEqualTo(200);
        assertThat(post("appId=nobody", "[]").statusCode()).isEqualTo(403);

        HttpResponse<String> health = client.send(HttpRequest.newBuilder(uri("/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");

        String metrics = client.send(HttpRequest.newBuilder(uri("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("clickstream_ingest_events_total 4")
                .contains("clickstream_ingest_requests_total{code=\"200\"} 3")
                .contains("clickstream_ingest_rejections_total{reason=\"unknown_app\"} 1")
                .contains("clickstream_ingest_sink_ack_seconds_count 1")
                .contains("clickstream_ingest_queue_requests 0");
        assertThat(client.send(HttpRequest.newBuilder(uri("/nothing")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(404);
    }

    @Test
    void answers_pipelined_requests_in_order_a_head_without_its_body_and_closes_after_http_1_0() throws Exception {
        start();
        String body = SdkBodies.batch(APP, "pipe", 2);
        int length = body.getBytes(StandardCharsets.UTF_8).length;
        String post = "POST /collect?appId=shop HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + length + "\r\n";
        String requests = post + "\r\n" + body
                + "HEAD /ping HTTP/1.1\r\nHost: x\r\n\r\n"
                + post + "Origin: " + ORIGIN + "\r\n\r\n" + body
                + "POST /collect?appId=shop HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n[1]"
                + "GET /ping HTTP/1.1\r\nHost: x\r\n\r\n"
                + post.replace("HTTP/1.1", "HTTP/1.0") + "\r\n" + body;
        String answer;
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(requests.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            // The HTTP/1.0 request without keep-alive is answered last, and then the connection is closed.
            answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        String ok = netty(okResponse(null));
        String okForOrigin = netty(okResponse(ORIGIN));
        assertThat(okForOrigin).contains("access-control-allow-origin: " + ORIGIN + "\r\n");
        String pingHead = "HTTP/1.1 200 OK\r\ncontent-length: 3\r\ncontent-type: text/plain; charset=utf-8\r\n\r\n";
        assertThat(answer).startsWith(ok + pingHead + okForOrigin + "HTTP/1.1 400 Bad Request\r\n");
        int ping = answer.indexOf(pingHead + "ok\n");
        assertThat(ping).isPositive();
        var closing = okResponse(null);
        closing.headers().set("connection", "close");
        assertThat(answer.substring(ping + pingHead.length() + 3)).isEqualTo(netty(closing));
        server.close();
        assertThat(eventIds(LakeFiles.envelopes(lake))).containsExactlyInAnyOrder("pipe-0", "pipe-1", "pipe-0",
                "pipe-1", "pipe-0", "pipe-1");
    }

    /** What a 200 with no body (and the CORS headers of an allowed origin) encodes to through Netty's encoder. */
    private static FullHttpResponse okResponse(String origin) {
        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers().setInt("content-length", 0);
        if (origin != null) {
            response.headers().set("access-control-allow-origin", origin)
                    .set("access-control-allow-credentials", "true").set("vary", "Origin");
        }
        return response;
    }

    private static String netty(FullHttpResponse response) {
        var channel = new EmbeddedChannel(new HttpResponseEncoder());
        channel.writeOutbound(response);
        StringBuilder text = new StringBuilder();
        for (ByteBuf part; (part = channel.readOutbound()) != null; part.release()) {
            text.append(part.toString(StandardCharsets.ISO_8859_1));
        }
        channel.finishAndReleaseAll();
        return text.toString();
    }

    @Test
    void keeps_a_utf8_user_agent_as_sent() throws Exception {
        start();
        String[] agents = {"Dalvik/2.1.0 (Linux; U; Android 12; \u7ea2\u7c73 Note 11 Build/SKQ1)", "Caf\u00e9Browser/1.0"};
        byte[] latin1 = "Old/1.0 (\u00e9t\u00e9)".getBytes(StandardCharsets.ISO_8859_1); // not UTF-8: kept byte per char
        String body = SdkBodies.batch(APP, "ua", 1);
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(20_000);
            ByteArrayOutputStream requests = new ByteArrayOutputStream();
            List<byte[]> values = new ArrayList<>();
            for (String agent : agents) {
                values.add(agent.getBytes(StandardCharsets.UTF_8));
            }
            values.add(latin1);
            for (byte[] agent : values) {
                requests.write(("POST /collect?appId=shop HTTP/1.1\r\nHost: x\r\nContent-Length: "
                        + body.getBytes(StandardCharsets.UTF_8).length + "\r\nUser-Agent: ").getBytes(StandardCharsets.US_ASCII));
                requests.write(agent);
                requests.write(("\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            }
            socket.getOutputStream().write(requests.toByteArray());
            String answers = "";
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            while (answers.split("HTTP/1.1 200 OK", -1).length - 1 < 3) {
                int n = in.read(buffer);
                assertThat(n).isPositive();
                answers += new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
            }
        }
        server.close();
        assertThat(LakeFiles.envelopes(lake)).extracting(RawEnvelope::ua)
                .containsExactlyInAnyOrder(agents[0], agents[1], "Old/1.0 (\u00e9t\u00e9)");
    }

    @Test
    void serves_the_collect_endpoint_on_a_configured_path() throws Exception {
        start(settings().withPath("/events/in"));
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/events/in?appId=shop"))
                .POST(HttpRequest.BodyPublishers.ofString(SdkBodies.batch(APP, "p", 1))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(post("appId=shop", SdkBodies.batch(APP, "q", 1)).statusCode()).isEqualTo(404);
    }

    static byte[] readAll(Path file) throws IOException {
        return Files.readAllBytes(file);
    }
}
