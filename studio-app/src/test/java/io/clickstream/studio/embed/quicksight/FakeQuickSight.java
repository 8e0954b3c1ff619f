package io.clickstream.studio.embed.quicksight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A local stand-in for QuickSight's REST-JSON API, which cannot run here: it records each request the SDK sends
 * (method, path, JSON body, SigV4 authorization) and replays scripted answers in order, as QuickSight shapes them
 * (errors carry their type in {@code x-amzn-ErrorType}).
 */
final class FakeQuickSight implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    record Request(String method, String path, JsonNode body, String authorization) {
    }

    record Answer(int status, String errorType, String body) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Deque<Answer> script = new ArrayDeque<>();

    FakeQuickSight() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] in = exchange.getRequestBody().readAllBytes();
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    in.length == 0 ? null : JSON.readTree(in), exchange.getRequestHeaders().getFirst("Authorization")));
            Answer answer;
            synchronized (script) {
                answer = script.isEmpty() ? new Answer(500, "InternalFailureException",
                        "{\"Message\":\"nothing scripted\"}") : script.poll();
            }
            byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("x-amzn-RequestId", "req-" + requests.size());
            if (answer.errorType() != null) {
                exchange.getResponseHeaders().add("x-amzn-ErrorType", answer.errorType());
            }
            exchange.sendResponseHeaders(answer.status(), out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
    }

    /**
     * Points a studio test context at this stand-in: QuickSight account, region, endpoint and the template of users'
     * ARNs, and a fresh data directory.
     */
    void configure(DynamicPropertyRegistry registry, String account, String dataDirPrefix) {
        registry.add("clickstream.data-dir", () -> {
            try {
                return Files.createTempDirectory(dataDirPrefix).toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        registry.add("clickstream.quicksight.account-id", () -> account);
        registry.add("clickstream.quicksight.region", () -> "eu-west-1");
        registry.add("clickstream.quicksight.endpoint", () -> uri().toString());
        registry.add("clickstream.quicksight.user-arn-template",
                () -> "arn:aws:quicksight:eu-west-1:" + account + ":user/default/{user}");
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next answer: a fresh embed URL, as QuickSight returns it. */
    FakeQuickSight embedUrl(String url) {
        return answer(new Answer(200, null, "{\"Status\":200,\"EmbedUrl\":\"" + url + "\",\"RequestId\":\"r-1\"}"));
    }

    /** The next answer: a refusal of this type and status. */
    FakeQuickSight error(int status, String type, String message) {
        return answer(new Answer(status, type, "{\"Message\":\"" + message + "\",\"RequestId\":\"r-2\"}"));
    }

    private FakeQuickSight answer(Answer answer) {
        synchronized (script) {
            script.add(answer);
        }
        return this;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
