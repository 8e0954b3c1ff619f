package io.clickstream.ingestion;

import io.clickstream.ingestion.sink.BatchDestination;
import io.clickstream.ingestion.sink.KafkaLakeLoader;
import io.clickstream.ingestion.sink.S3LakeDestination;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The Kafka-to-lake loader on its own, as the AWS deployment runs it beside collectors that send to MSK:
 * {@code java -cp ingestion-service.jar io.clickstream.ingestion.KafkaLoaderMain --kafka=HOST:PORT
 * --lake=s3://bucket/prefix}. Runs {@link KafkaLakeLoader} until SIGTERM/SIGINT, then publishes what it holds.
 */
public final class KafkaLoaderMain {

    private static final Map<String, String> OPTIONS = new LinkedHashMap<>();

    static {
        OPTIONS.put("kafka", "bootstrap servers of the topic (required)");
        OPTIONS.put("kafka-topic", "the topic the collectors send to (default clickstream-raw)");
        OPTIONS.put("kafka-tls", "true to connect over TLS, as Amazon MSK's TLS listener (default false)");
        OPTIONS.put("group", "consumer group; loaders of one group share the partitions (default clickstream-lake-loader)");
        OPTIONS.put("lake", "lake root: a directory (default ./data/lake) or s3://bucket/prefix");
        OPTIONS.put("buffer", "directory of in-progress batches when the lake is on S3 (default ./data/ingest-buffer)");
        OPTIONS.put("s3-endpoint", "S3 endpoint URL for S3-compatible stores (default: AWS)");
        OPTIONS.put("s3-region", "S3 region (default: AWS_REGION, else us-east-1)");
        OPTIONS.put("node", "node id used in raw file names (default host name)");
        OPTIONS.put("roll-seconds", "publish a raw batch after this many seconds (default 10)");
        OPTIONS.put("gzip-level", "deflate level of raw batches, 0-9 (default 1)");
        OPTIONS.put("help", "print this help");
    }

    /** What the options describe. */
    record LoaderSettings(String bootstrapServers, String topic, boolean tls, String group, Path bufferRoot,
                          String lake, String nodeId, Duration rollAge, int gzipLevel) {
    }

    private KafkaLoaderMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "io/clickstream/ingestion/ingestion-logback.xml");
        }
        Map<String, String> values;
        LoaderSettings settings;
        try {
            values = parse(args);
            if (values.containsKey("help")) {
                usage(System.out);
                return;
            }
            settings = settings(values);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println("run with --help to list the options");
            System.exit(2);
            return;
        }
        BatchDestination destination = settings.lake().startsWith("s3://")
                ? S3LakeDestination.of(IngestionMain.s3Client(values), settings.lake()) : null;
        KafkaLakeLoader loader = new KafkaLakeLoader(settings.bootstrapServers(), settings.topic(), settings.group(),
                settings.bufferRoot(), destination, settings.nodeId(), settings.rollAge(), settings.gzipLevel(),
                settings.tls());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            loader.close();
            stopped.countDown();
        }, "loader-shutdown"));
        System.out.println("loading " + settings.topic() + " into " + settings.lake());
        stopped.await();
    }

    static Map<String, String> parse(String[] args) {
        return IngestionMain.parse(args, OPTIONS);
    }

    static LoaderSettings settings(Map<String, String> values) {
        String kafka = values.get("kafka");
        if (kafka == null || kafka.isBlank()) {
            throw new IllegalArgumentException("--kafka=HOST:PORT[,HOST:PORT...] is required");
        }
        String lake = values.getOrDefault("lake", "./data/lake");
        boolean s3 = lake.startsWith("s3://");
        if (!s3 && (values.containsKey("buffer") || values.containsKey("s3-endpoint")
                || values.containsKey("s3-region"))) {
            throw new IllegalArgumentException("--buffer, --s3-endpoint and --s3-region need --lake=s3://...");
        }
        String node = values.getOrDefault("node", IngestionSettings.defaultNodeId());
        if (!io.clickstream.model.LakeLayout.isSafeSegment(node)) {
            throw new IllegalArgumentException("--node must match [A-Za-z0-9._-]{1,128}: " + node);
        }
        int gzipLevel = IngestionMain.integer(values, "gzip-level", 1);
        if (gzipLevel < 0 || gzipLevel > 9) {
            throw new IllegalArgumentException("--gzip-level must be 0-9, not " + gzipLevel);
        }
        return new LoaderSettings(kafka, values.getOrDefault("kafka-topic", "clickstream-raw"),
                IngestionMain.bool(values, "kafka-tls"), values.getOrDefault("group", "clickstream-lake-loader"),
                Path.of(s3 ? values.getOrDefault("buffer", "./data/ingest-buffer") : lake), lake, node,
                Duration.ofSeconds(IngestionMain.number(values, "roll-seconds", 10)), gzipLevel);
    }

    static void usage(PrintStream out) {
        out.println("usage: java -cp ingestion-service.jar io.clickstream.ingestion.KafkaLoaderMain --kafka=HOST:PORT"
                + " [options]");
        out.println("Writes the collectors' Kafka topic into the lake as raw batches (raw/app_id=.../*.jsonl.gz).");
        for (Map.Entry<String, String> option : OPTIONS.entrySet()) {
            out.printf("  --%-20s %s%n", option.getKey() + (option.getKey().equals("help") ? "" : "=..."),
                    option.getValue());
        }
    }
}
