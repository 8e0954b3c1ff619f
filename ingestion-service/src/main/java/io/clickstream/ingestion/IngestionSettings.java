package io.clickstream.ingestion;

import io.clickstream.ingestion.sink.BatchDestination;
import io.clickstream.model.LakeLayout;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything an {@link IngestionServer} is started with. Build one with {@link #defaults(Path, AppRegistry)} and
 * the {@code with*} copies.
 *
 * @param host            address to bind, {@code 0.0.0.0} for all interfaces
 * @param port            port to bind; 0 picks a free one (read it back from {@link IngestionServer#port()})
 * @param path            the collect path the SDKs are configured with
 * @param lakeRoot        root directory of the local lake; in-progress files live under {@code _ingest/<node>/}
 * @param nodeId          this node's name in raw file names; must stay the same across restarts so that a
 *                        restarted node recovers its own in-progress files
 * @param apps            which app ids are accepted and from which origins
 * @param rollBytes       a raw batch is published once it holds this many uncompressed bytes
 * @param rollAge         ... or once its first request is this old, whichever comes first
 * @param trustedProxies  peers (IP addresses or CIDR ranges) whose {@code X-Forwarded-For} is believed
 * @param maxQueuedBytes  bound of the buffer in front of the sink; when full, requests get 503
 * @param gzipLevel       deflate level of raw batches, 0 (stored, no compression) to 9, applied on the sink's sync
 *                        threads as each group commit is written
 * @param ioThreads       Netty event loop threads; 0 means the default, one per core
 * @param maxRequestBytes largest body accepted as sent (before base64/gzip decoding); the decompressed limit of
 *                        the protocol applies separately
 * @param requestTimeout  a request not fully received within this time gets 408 and its connection is closed
 *                        (slow clients); an idle keep-alive connection is closed after it too
 * @param destination     where finished batches are published; null publishes into {@code lakeRoot} itself
 *                        (otherwise {@code lakeRoot} only holds the in-progress files, e.g. for an S3 lake)
 * @param kafka           when set, requests go to this Kafka topic instead of lake files
 * @param kinesis         when set (and kafka is not), requests go to this Kinesis stream instead of lake files
 * @param auth            when set, collect requests must carry a bearer JWT of this issuer and audience (403
 *                        otherwise); null accepts requests without a token
 */
public record IngestionSettings(
        String host,
        int port,
        String path,
        Path lakeRoot,
        String nodeId,
        AppRegistry apps,
        long rollBytes,
        Duration rollAge,
        List<String> trustedProxies,
        long maxQueuedBytes,
        int gzipLevel,
        int ioThreads,
        int maxRequestBytes,
        Duration requestTimeout,
        BatchDestination destination,
        KafkaTarget kafka,
        KinesisTarget kinesis,
        BearerAuth auth) {

    public static final String DEFAULT_PATH = "/collect";
    public static final long DEFAULT_ROLL_BYTES = 64L * 1024 * 1024;
    public static final Duration DEFAULT_ROLL_AGE = Duration.ofSeconds(10);
    public static final long DEFAULT_MAX_QUEUED_BYTES = 64L * 1024 * 1024;
    public static final int DEFAULT_GZIP_LEVEL = 1;
    public static final int DEFAULT_MAX_REQUEST_BYTES = 2 * 1024 * 1024;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    public IngestionSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(lakeRoot, "lakeRoot");
        Objects.requireNonNull(apps, "apps");
        Objects.requireNonNull(rollAge, "rollAge");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/': " + path);
        }
        if (!LakeLayout.isSafeSegment(nodeId)) {
            throw new IllegalArgumentException("nodeId must match [A-Za-z0-9._-]{1,128}: " + nodeId);
        }
        if (rollBytes <= 0 || rollAge.isNegative() || rollAge.isZero()) {
            throw new IllegalArgumentException("roll size and age must be positive");
        }
        if (maxQueuedBytes <= 0) {
            throw new IllegalArgumentException("maxQueuedBytes must be positive");
        }
        if (gzipLevel < 0 || gzipLevel > 9) {
            throw new IllegalArgumentException("gzipLevel must be 0..9: " + gzipLevel);
        }
        if (ioThreads < 0) {
            throw new IllegalArgumentException("ioThreads must be >= 0");
        }
        if (maxRequestBytes < 1024) {
            throw new IllegalArgumentException("maxRequestBytes must be at least 1024");
        }
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (requestTimeout.toMillis() < 10) {
            throw new IllegalArgumentException("requestTimeout must be at least 10 ms");
        }
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    }

    /** All interfaces, an ephemeral port, {@code /collect}, this host's name as node id, 64 MiB / 10 s batches. */
    public static IngestionSettings defaults(Path lakeRoot, AppRegistry apps) {
        return new IngestionSettings("0.0.0.0", 0, DEFAULT_PATH, lakeRoot, defaultNodeId(), apps,
                DEFAULT_ROLL_BYTES, DEFAULT_ROLL_AGE, List.of(), DEFAULT_MAX_QUEUED_BYTES, DEFAULT_GZIP_LEVEL, 0,
                DEFAULT_MAX_REQUEST_BYTES, DEFAULT_REQUEST_TIMEOUT, null, null, null, null);
    }

    public IngestionSettings withHost(String newHost) {
        return new IngestionSettings(newHost, port, path, lakeRoot, nodeId, apps, rollBytes, rollAge, trustedProxies,
                maxQueuedBytes, gzipLevel, ioThreads, maxRequestBytes, requestTimeout, destination, kafka, kinesis, auth);
    }

    public IngestionSettings withPort(int newPort) {
        return new IngestionSettings(host, newPort, path, lakeRoot, nodeId, apps, rollBytes, rollAge, trustedProxies,
                maxQueuedBytes, gzipLevel, ioThreads, maxRequestBytes, requestTimeout, destination, kafka, kinesis, auth);
    }

    public IngestionSettings withPath(String newPath) {
        return new IngestionSettings(host, port, newPath, lakeRoot, nodeId, apps, rollBytes, rollAge, trustedProxies,
                maxQueuedBytes, gzipLevel, ioThreads, maxRequestBytes, requestTimeout, destination, kafka, kinesis, auth);
    }

    public IngestionSettings withNodeId(String newNodeId) {
        return new IngestionSettings(host, port, path, lakeRoot, newNodeId, apps, rollBytes, rollAge, trustedProxies,
                maxQueuedBytes, gzipLevel, ioThreads, maxRequestBytes, requestTimeout, destination, kafka, kinesis, auth);
    }

    public IngestionSettings withApps(AppRegistry newApps) {
        return new IngestionSettings(host, port, path, lakeRoot, nodeId, newApps, rollBytes, rollAge, trustedProxies,
                maxQueuedBytes, gzipLevel, ioThreads, maxRequestBytes, requestTimeout, destination, kafka, kinesis, auth);
    }

    public IngestionSettings withRoll(long newRollBytes, Duration newRollAge) {
        return new IngestionSettings(host, port, path, lakeRoot, nodeId, apps, newRollBytes, newRollAge,
                trustedProxies, maxQueuedBytes, gzipLevel, ioThreads, maxRequestBytes, requestTimeout, destination, kafka, kinesis, auth);
    }

    public IngestionSettings withTrustedProxies(List<String> newTrustedProxies) {
        return new IngestionSettings(host, port, path, lakeRoot, nodeId, apps, rollBytes, rollAge, newTrustedProxies,
                maxQueuedBytes, gzipLevel, ioThreads, maxRequestBytes, requestTimeout, destination, kafka, kinesis, auth);
    }

    public IngestionSettings withMaxQueuedBytes(long newMaxQueuedBytes) {
        return new IngestionSettings(host, port, path, lakeRoot, nodeId, apps, rollBytes, rollAge, trustedProxies,
                newMaxQueuedBytes, gzipLevel, ioThreads, maxRequestBytes, requestTimeout, destination, kafka, kinesis, auth);
    }

    public IngestionSettings withGzipLevel(int newGzipLevel) {
        return new IngestionSettings(host, port, path, lakeRoot, nodeId, apps, rollBytes, rollAge, trustedProxies,
                maxQueuedBytes, newGzipLevel, ioThreads, maxRequestBytes, requestTimeout, destination, kafka, kinesis, auth);
    }

    public IngestionSettings withIoThreads(int newIoThreads) {
        return new IngestionSettings(host, port, path, lakeRoot, nodeId, apps, rollBytes, rollAge, trustedProxies,
                maxQueuedBytes, gzipLevel, newIoThreads, maxRequestBytes, requestTimeout, destination, kafka, kinesis, auth);
    }

    public IngestionSettings withMaxRequestBytes(int newMaxRequestBytes) {
        return new IngestionSettings(host, port, path, lakeRoot, nodeId, apps, rollBytes, rollAge, trustedProxies,
                maxQueuedBytes, gzipLevel, ioThreads, newMaxRequestBytes, requestTimeout, destination, kafka, kinesis, auth);
    }

    public IngestionSettings withRequestTimeout(Duration newRequestTimeout) {
        return new IngestionSettings(host, port, path, lakeRoot, nodeId, apps, rollBytes, rollAge, trustedProxies,
                maxQueuedBytes, gzipLevel, ioThreads, maxRequestBytes, newRequestTimeout, destination, kafka, kinesis, auth);
    }

    public IngestionSettings withDestination(BatchDestination newDestination) {
        return new IngestionSettings(host, port, path, lakeRoot, nodeId, apps, rollBytes, rollAge, trustedProxies,
                maxQueuedBytes, gzipLevel, ioThreads, maxRequestBytes, requestTimeout, newDestination, kafka, kinesis, auth);
    }

    public IngestionSettings withKafka(KafkaTarget newKafka) {
        return new IngestionSettings(host, port, path, lakeRoot, nodeId, apps, rollBytes, rollAge, trustedProxies,
                maxQueuedBytes, gzipLevel, ioThreads, maxRequestBytes, requestTimeout, destination, newKafka, kinesis, auth);
    }

    public IngestionSettings withKinesis(KinesisTarget newKinesis) {
        return new IngestionSettings(host, port, path, lakeRoot, nodeId, apps, rollBytes, rollAge, trustedProxies,
                maxQueuedBytes, gzipLevel, ioThreads, maxRequestBytes, requestTimeout, destination, kafka, newKinesis, auth);
    }

    public IngestionSettings withAuth(BearerAuth newAuth) {
        return new IngestionSettings(host, port, path, lakeRoot, nodeId, apps, rollBytes, rollAge, trustedProxies,
                maxQueuedBytes, gzipLevel, ioThreads, maxRequestBytes, requestTimeout, destination, kafka, kinesis,
                newAuth);
    }

    /** This host's name made safe for file names, or {@code node-1} when it cannot be resolved. */
    static String defaultNodeId() {
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            name = System.getenv().getOrDefault("HOSTNAME", "");
        }
        String safe = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
        if (safe.length() > 64) {
            safe = safe.substring(0, 64);
        }
        return LakeLayout.isSafeSegment(safe) ? safe : "node-1";
    }
}
