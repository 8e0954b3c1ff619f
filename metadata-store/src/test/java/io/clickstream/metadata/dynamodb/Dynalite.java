package io.clickstream.metadata.dynamodb;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * A DynamoDB-compatible server for tests: npm's {@code dynalite} (in memory) on Node, started on a free loopback port
 * by {@code src/test/dynalite/server.js} of the metadata-store module, whose build installs it with {@code npm install}
 * from the pinned lock file. The server exits when this JVM does, since it stops when its standard input closes.
 * Other modules' tests use it through metadata-store's test jar.
 */
public final class Dynalite implements AutoCloseable {

    /** The region the test clients name; dynalite accepts any. */
    public static final String REGION = "us-east-1";
    /** dynalite checks that requests are signed, not by whom. */
    public static final String ACCESS_KEY = "dynalite-test";
    public static final String SECRET_KEY = "dynalite-test-secret";

    private static final Pattern LISTENING = Pattern.compile("dynalite listening on port (\\d+)");
    private static final AtomicInteger TABLES = new AtomicInteger();

    private final Process process;
    private final URI endpoint;

    private Dynalite(Process process, int port) {
        this.process = process;
        this.endpoint = URI.create("http://127.0.0.1:" + port);
    }

    /** Starts a server and waits until it listens (a few hundred milliseconds). */
    public static Dynalite start() {
        Path dir = serverDir();
        if (!Files.isDirectory(dir.resolve("node_modules/dynalite"))) {
            throw new IllegalStateException("dynalite is not installed in " + dir + ": the metadata-store build "
                    + "installs it (npm install in generate-test-resources); or run `npm install` there. Node.js and "
                    + "npm must be on the PATH.");
        }
        Process process;
        try {
            process = new ProcessBuilder("node", "server.js").directory(dir.toFile()).redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start dynalite with `node` (is Node.js on the PATH?): "
                    + e.getMessage(), e);
        }
        CompletableFuture<Integer> port = new CompletableFuture<>();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    Matcher listening = LISTENING.matcher(line);
                    if (listening.find()) {
                        port.complete(Integer.parseInt(listening.group(1)));
                    } else if (!port.isDone()) {
                        output.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                // The server stopped.
            }
            port.completeExceptionally(new IllegalStateException("dynalite exited: " + output));
        }, "dynalite-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new Dynalite(process, port.get(30, TimeUnit.SECONDS));
        } catch (TimeoutException | InterruptedException | java.util.concurrent.ExecutionException e) {
            process.destroyForcibly();
            throw new IllegalStateException("dynalite did not start: " + e.getMessage() + " " + output, e);
        }
    }

    private static Path serverDir() {
        for (Path candidate : List.of(Path.of("src/test/dynalite"), Path.of("../metadata-store/src/test/dynalite"))) {
            if (Files.isRegularFile(candidate.resolve("server.js"))) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new UncheckedIOException(new IOException("metadata-store/src/test/dynalite/server.js not found from "
                + Path.of("").toAbsolutePath()));
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A client of this server with the test credentials; the caller closes it (or the store it is given to). */
    public DynamoDbClient client() {
        return DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    /** Creates a new, empty table keyed as the metadata store needs, and returns its name. */
    public String createTable() {
        String name = "metadata-" + TABLES.incrementAndGet();
        try (DynamoDbClient client = client()) {
            client.createTable(r -> r.tableName(name)
                    .attributeDefinitions(
                            a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                            a -> a.attributeName("sk").attributeType(ScalarAttributeType.S))
                    .keySchema(
                            k -> k.attributeName("pk").keyType(KeyType.HASH),
                            k -> k.attributeName("sk").keyType(KeyType.RANGE))
                    .billingMode(BillingMode.PAY_PER_REQUEST));
            // The SDK's waiter polls every 20 s; dynalite makes a table active within milliseconds.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (client.describeTable(r -> r.tableName(name)).table().tableStatus() != TableStatus.ACTIVE) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("table " + name + " did not become active");
                }
                sleep(20);
            }
        }
        return name;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
