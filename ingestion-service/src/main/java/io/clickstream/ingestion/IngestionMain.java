package io.clickstream.ingestion;

import io.clickstream.ingestion.sink.S3LakeDestination;
import io.clickstream.metadata.MetadataStore;
import io.clickstream.metadata.dynamodb.DynamoDbMetadataStore;
import io.clickstream.metadata.dynamodb.DynamoDbSettings;
import io.clickstream.metadata.sqlite.SqliteMetadataStore;
import io.netty.util.ResourceLeakDetector;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The standalone collector: {@code java -jar ingestion-service.jar --port=8088 --lake=./data/lake --apps=shop}, or
 * {@code --apps-from=./data/metadata.db} to accept the apps of the studio's metadata store as they change.
 * Runs until SIGTERM/SIGINT, then flushes, acknowledges and publishes everything it holds.
 */
public final class IngestionMain {

    private static final Map<String, String> OPTIONS = new LinkedHashMap<>();
    private static final String DYNAMODB = "dynamodb:";

    static {
        OPTIONS.put("port", "port to listen on (default 8088; 0 picks a free one)");
        OPTIONS.put("host", "address to bind (default 0.0.0.0)");
        OPTIONS.put("path", "collect path the SDKs post to (default /collect)");
        OPTIONS.put("lake", "lake root: a directory (default ./data/lake) or s3://bucket/prefix");
        OPTIONS.put("buffer", "directory of in-progress batches when the lake is on S3 (default ./data/ingest-buffer)");
        OPTIONS.put("s3-endpoint", "S3 endpoint URL for S3-compatible stores (default: AWS)");
        OPTIONS.put("s3-region", "S3 region (default: AWS_REGION, else us-east-1)");
        OPTIONS.put("kafka", "send requests to Kafka/MSK at these bootstrap servers instead of lake files");
        OPTIONS.put("kafka-topic", "topic for --kafka (default clickstream-raw)");
        OPTIONS.put("kafka-tls", "true to reach --kafka over TLS, as Amazon MSK's TLS listener (default false)");
        OPTIONS.put("kinesis", "send requests to this Kinesis stream instead of lake files (region from AWS_REGION)");
        OPTIONS.put("kinesis-endpoint", "Kinesis endpoint URL (default: AWS)");
        OPTIONS.put("apps", "comma-separated app ids to accept (this or --apps-from)");
        OPTIONS.put("allowed-origins", "with --apps: comma-separated web origins allowed for every app, or *"
                + " (default none)");
        OPTIONS.put("apps-from", "accept the apps of the studio's metadata store, following its changes within "
                + StoreAppRegistry.DEFAULT_POLL.toSeconds() + " s: the path of its SQLite file (<data-dir>/metadata.db)"
                + " or dynamodb:TABLE?region=REGION&endpoint=URL (both optional: region and credentials from the AWS"
                + " SDK's default chain, AWS_REGION and AWS_ACCESS_KEY_ID/... or the profile or role)");
        OPTIONS.put("node", "node id used in raw file names; keep it stable across restarts (default host name)");
        OPTIONS.put("roll-bytes", "publish a raw batch after this many uncompressed bytes (default 67108864)");
        OPTIONS.put("roll-seconds", "publish a raw batch after this many seconds (default 10)");
        OPTIONS.put("trusted-proxies", "comma-separated IPs/CIDRs whose X-Forwarded-For is believed (default none)");
        OPTIONS.put("queue-bytes", "bound of the buffer in front of the sink; beyond it 503 (default 67108864)");
        OPTIONS.put("gzip-level", "deflate level of raw batches, applied on the sync threads as each group commit is"
                + " written, 0-9 (default 1: the collector's own fast deflate encoder; 2-9 are zlib's levels, 0 stores)");
        OPTIONS.put("io-threads", "network threads (default: one per core; in front of the local lake they share the sink's sync threads)");
        OPTIONS.put("max-request-bytes", "largest body as sent, before decoding (default 2097152)");
        OPTIONS.put("request-timeout-seconds", "408 for a request not received within this time; idle connections"
                + " are closed after it too (default 30)");
        OPTIONS.put("auth-issuer", "require a bearer JWT of this OIDC issuer on every collect request (its keys are"
                + " found through <issuer>/.well-known/openid-configuration); 403 otherwise (default: no auth)");
        OPTIONS.put("auth-audience", "the audience (aud) the tokens must name; required with --auth-issuer");
        OPTIONS.put("auth-clock-skew-seconds", "tolerance on the tokens' exp and nbf (default 30)");
        OPTIONS.put("help", "print this help");
    }

    private IngestionMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (System.getProperty("logback.configurationFile") == null) {
            // Logback's default configuration logs Netty and the AWS SDK at DEBUG; the jar's own file is not named
            // logback.xml so that an embedding application (the studio) keeps its logging configuration. Set before
            // anything logs: opening the store of --apps-from does.
            System.setProperty("logback.configurationFile", "io/clickstream/ingestion/ingestion-logback.xml");
        }
        IngestionSettings settings;
        try {
            Map<String, String> values = parse(args);
            if (values.containsKey("help")) {
                usage(System.out);
                return;
            }
            settings = settings(values);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println("run with --help to list the options");
            System.exit(2);
            return;
        }
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            // Netty's default samples one buffer in 128 and records a stack trace for it (~1 % of the event loops'
            // CPU under load, bench/ingestion/README.md). The test suite keeps the default, so leaks are still caught
            // there; -Dio.netty.leakDetection.level=simple (or paranoid) turns it back on here.
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        IngestionServer server = IngestionServer.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            if (settings.apps() instanceof StoreAppRegistry store) {
                store.close();
            }
            stopped.countDown();
        }, "ingestion-shutdown"));
        System.out.println("ingestion listening on port " + server.port());
        stopped.await();
    }

    static Map<String, String> parse(String[] args) {
        return parse(args, OPTIONS);
    }

    /** {@code --name=value} arguments, each name one of {@code options}' keys ({@code --help} takes no value). */
    static Map<String, String> parse(String[] args, Map<String, String> options) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'; options look like --name=value");
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
            if (!options.containsKey(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            if (eq < 0 && !name.equals("help")) {
                throw new IllegalArgumentException("option --" + name + " needs a value: --" + name + "=...");
            }
            values.put(name, eq < 0 ? "" : arg.substring(eq + 1));
        }
        return values;
    }

    /**
     * The settings the options describe. With {@code --apps-from} the store is opened last, once every other option
     * is known to be valid; the returned settings' {@link StoreAppRegistry} must then be closed.
     */
    static IngestionSettings settings(Map<String, String> values) {
        String apps = values.get("apps");
        String appsFrom = values.get("apps-from");
        if ((apps == null || apps.isBlank()) == (appsFrom == null || appsFrom.isBlank())) {
            throw new IllegalArgumentException("give the apps to accept: --apps=ID[,ID...] or --apps-from=STORE "
                    + "(the studio's metadata.db, or dynamodb:TABLE?region=...)");
        }
        StaticAppRegistry registry = StaticAppRegistry.of();
        if (apps != null) {
            Set<String> origins = Set.copyOf(list(values.getOrDefault("allowed-origins", "")));
            for (String appId : list(apps)) {
                registry.put(new AppPolicy(appId, true, origins));
            }
        } else if (values.containsKey("allowed-origins")) {
            throw new IllegalArgumentException("--allowed-origins goes with --apps; with --apps-from each app's own "
                    + "allowed origins apply");
        }
        String lake = values.getOrDefault("lake", "./data/lake");
        boolean s3 = lake.startsWith("s3://");
        if (!s3 && (values.containsKey("buffer") || values.containsKey("s3-endpoint")
                || values.containsKey("s3-region"))) {
            throw new IllegalArgumentException("--buffer, --s3-endpoint and --s3-region need --lake=s3://...");
        }
        Path root = Path.of(s3 ? values.getOrDefault("buffer", "./data/ingest-buffer") : lake);
        IngestionSettings settings = IngestionSettings.defaults(root, registry)
                .withPort(integer(values, "port", 8088))
                .withRoll(number(values, "roll-bytes", IngestionSettings.DEFAULT_ROLL_BYTES),
                        Duration.ofSeconds(number(values, "roll-seconds", 10)))
                .withTrustedProxies(list(values.getOrDefault("trusted-proxies", "")))
                .withMaxQueuedBytes(number(values, "queue-bytes", IngestionSettings.DEFAULT_MAX_QUEUED_BYTES))
                .withGzipLevel(integer(values, "gzip-level", IngestionSettings.DEFAULT_GZIP_LEVEL))
                .withIoThreads(integer(values, "io-threads", 0))
                .withMaxRequestBytes(integer(values, "max-request-bytes", IngestionSettings.DEFAULT_MAX_REQUEST_BYTES))
                .withRequestTimeout(Duration.ofSeconds(number(values, "request-timeout-seconds", 30)));
        io.clickstream.ingestion.collect.TrustedProxies.parse(settings.trustedProxies());
        if (s3) {
            settings = settings.withDestination(S3LakeDestination.of(s3Client(values), lake));
        }
        if (values.containsKey("kafka")) {
            settings = settings.withKafka(new KafkaTarget(values.get("kafka"),
                    values.getOrDefault("kafka-topic", "clickstream-raw"), bool(values, "kafka-tls")));
        } else if (values.containsKey("kafka-topic") || values.containsKey("kafka-tls")) {
            throw new IllegalArgumentException("--kafka-topic and --kafka-tls need --kafka=host:port");
        }
        if (values.containsKey("kinesis")) {
            if (values.containsKey("kafka")) {
                throw new IllegalArgumentException("choose one of --kafka and --kinesis");
            }
            KinesisClientBuilder kinesis = KinesisClient.builder()
                    .httpClient(UrlConnectionHttpClient.create())
                    .region(Region.of(System.getenv().getOrDefault("AWS_REGION", "us-east-1")));
            if (values.containsKey("kinesis-endpoint")) {
                kinesis.endpointOverride(URI.create(values.get("kinesis-endpoint")));
            }
            settings = settings.withKinesis(new KinesisTarget(kinesis.build(), values.get("kinesis"), 10));
        } else if (values.containsKey("kinesis-endpoint")) {
            throw new IllegalArgumentException("--kinesis-endpoint needs --kinesis=STREAM");
        }
        if (values.containsKey("auth-issuer")) {
            String audience = values.get("auth-audience");
            if (audience == null || audience.isBlank()) {
                throw new IllegalArgumentException("--auth-issuer needs --auth-audience=AUD");
            }
            BearerAuth auth;
            try {
                auth = BearerAuth.of(values.get("auth-issuer"), audience);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--auth-issuer: " + e.getMessage());
            }
            settings = settings.withAuth(new BearerAuth(auth.issuer(), auth.audience(),
                    Duration.ofSeconds(number(values, "auth-clock-skew-seconds", 30)), auth.minRefreshInterval()));
        } else if (values.containsKey("auth-audience") || values.containsKey("auth-clock-skew-seconds")) {
            throw new IllegalArgumentException("--auth-audience and --auth-clock-skew-seconds need --auth-issuer=URL");
        }
        if (values.containsKey("host")) {
            settings = settings.withHost(values.get("host"));
        }
        if (values.containsKey("path")) {
            settings = settings.withPath(values.get("path"));
        }
        if (values.containsKey("node")) {
            settings = settings.withNodeId(values.get("node"));
        }
        if (appsFrom != null) {
            MetadataStore store;
            try {
                store = openStore(appsFrom);
            } catch (IllegalStateException | java.io.UncheckedIOException e) {
                throw new IllegalArgumentException("--apps-from: " + e.getMessage(), e);
            }
            try {
                settings = settings.withApps(StoreAppRegistry.follow(store, StoreAppRegistry.DEFAULT_POLL, true));
            } catch (IllegalStateException e) {
                throw new IllegalArgumentException("--apps-from: " + e.getMessage(), e);
            }
        }
        return settings;
    }

    /** Opens the store {@code --apps-from} names: {@code dynamodb:TABLE?...} or the path of a SQLite file. */
    static MetadataStore openStore(String spec) {
        if (spec.startsWith(DYNAMODB)) {
            return DynamoDbMetadataStore.connect(dynamoDbSettings(spec));
        }
        Path file = Path.of(spec);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--apps-from: there is no metadata store file " + file.toAbsolutePath()
                    + " (the studio keeps it in <data-dir>/metadata.db; for DynamoDB write dynamodb:TABLE?region=...)");
        }
        return SqliteMetadataStore.open(file);
    }

    /** {@code dynamodb:TABLE?region=REGION&endpoint=URL}, both parameters optional. */
    static DynamoDbSettings dynamoDbSettings(String spec) {
        String rest = spec.substring(DYNAMODB.length());
        int question = rest.indexOf('?');
        String table = question < 0 ? rest : rest.substring(0, question);
        Map<String, String> parameters = new LinkedHashMap<>();
        if (question >= 0) {
            for (String pair : rest.substring(question + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                if (!name.equals("region") && !name.equals("endpoint")) {
                    throw new IllegalArgumentException("--apps-from: unknown parameter '" + name
                            + "' (dynamodb:TABLE takes region and endpoint)");
                }
                parameters.put(name, URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        String region = parameters.get("region");
        String endpoint = parameters.get("endpoint");
        try {
            return new DynamoDbSettings(table, region,
                    endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--apps-from: " + e.getMessage(), e);
        }
    }

    static S3Client s3Client(Map<String, String> values) {
        String region = values.getOrDefault("s3-region",
                System.getenv().getOrDefault("AWS_REGION", "us-east-1"));
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(region));
        if (values.containsKey("s3-endpoint")) {
            builder.endpointOverride(URI.create(values.get("s3-endpoint"))).forcePathStyle(true);
        }
        return builder.build();
    }

    static void usage(PrintStream out) {
        out.println("usage: java -jar ingestion-service.jar (--apps=ID[,ID...] | --apps-from=STORE) [options]");
        out.println("Collects Clickstream SDK requests into a local lake (raw/app_id=.../*.jsonl.gz).");
        for (Map.Entry<String, String> option : OPTIONS.entrySet()) {
            out.printf("  --%-20s %s%n", option.getKey() + (option.getKey().equals("help") ? "" : "=..."),
                    option.getValue());
        }
    }

    private static List<String> list(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** {@code true} or {@code false} (absent: false). */
    static boolean bool(Map<String, String> values, String name) {
        String value = values.getOrDefault(name, "false").trim();
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("--" + name + " must be true or false, not '" + value + "'");
        }
        return value.equals("true");
    }

    static int integer(Map<String, String> values, String name, int fallback) {
        return (int) Math.min(Integer.MAX_VALUE, number(values, name, fallback));
    }

    static long number(Map<String, String> values, String name, long fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number, not '" + value + "'");
        }
    }
}
