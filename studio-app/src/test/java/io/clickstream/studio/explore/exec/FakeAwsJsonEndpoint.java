package io.clickstream.studio.explore.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A local stand-in for an AWS JSON-protocol service (Athena, Redshift Data API), which cannot run here: it records
 * every request the SDK sends (operation from {@code X-Amz-Target}, JSON body, headers) and answers each
 * operation from a script of realistic responses, the last one repeating.
 */
final class FakeAwsJsonEndpoint implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG"));

    /** A request as received. */
    record Request(String operation, JsonNode body, String contentType, String authorization) {
    }

    /** A scripted answer. */
    record Answer(int status, String body) {
    }

    private final HttpServer server;
    private final String targetPrefix;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Answer>> script = new HashMap<>();

    FakeAwsJsonEndpoint(String targetPrefix) throws IOException {
        this.targetPrefix = targetPrefix;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = target == null ? "?" : target.substring(target.indexOf('.') + 1);
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            requests.add(new Request(operation, body, exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization")));
            Answer answer;
            synchronized (script) {
                Deque<Answer> answers = script.get(operation);
                answer = answers == null || answers.isEmpty() ? new Answer(400,
                        "{\"__type\":\"InvalidRequestException\",\"message\":\"unexpected " + operation + "\"}")
                        : answers.size() == 1 ? answers.peek() : answers.poll();
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.getResponseHeaders().add("x-amzn-RequestId", "req-" + requests.size());
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers the operation with these bodies (status 200), in order; the last one repeats. */
    FakeAwsJsonEndpoint on(String operation, String... bodies) {
        for (String body : bodies) {
            answer(operation, 200, body);
        }
        return this;
    }

    FakeAwsJsonEndpoint answer(String operation, int status, String body) {
        synchronized (script) {
            script.computeIfAbsent(operation, o -> new ArrayDeque<>()).add(new Answer(status, body));
        }
        return this;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<Request> requests(String operation) {
        return requests.stream().filter(r -> r.operation().equals(operation)).toList();
    }

    String targetPrefix() {
        return targetPrefix;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
