package io.clickstream.pipeline.definition;

/**
 * The collector's sink, with its batching. Only the sub-record of the chosen type may be set; the chosen one gets
 * its defaults when left out.
 *
 * @param type    {@code local} (default locally), {@code s3} (default on AWS), {@code kafka} or {@code kinesis}
 * @param batch   how requests are grouped into raw batch files in the lake (for Kafka and Kinesis, the batches the
 *                loader writes from the stream)
 * @param kafka   settings of the {@code kafka} sink, null for the other types
 * @param kinesis settings of the {@code kinesis} sink, null for the other types
 */
public record SinkDefinition(SinkType type, Batch batch, KafkaSink kafka, KinesisSink kinesis) {

    public SinkDefinition {
        batch = batch == null ? Batch.defaults() : batch;
        kafka = kafka == null && type == SinkType.KAFKA ? KafkaSink.defaults() : kafka;
        kinesis = kinesis == null && type == SinkType.KINESIS ? KinesisSink.defaults() : kinesis;
    }

    /** The runtime's default type, 64 MiB / 10 s batches. */
    public static SinkDefinition defaults() {
        return new SinkDefinition(null, null, null, null);
    }

    /** A sink of this type with default settings. */
    public static SinkDefinition of(SinkType type) {
        return new SinkDefinition(type, null, null, null);
    }

    SinkDefinition resolvedFor(RuntimeMode runtime) {
        return type != null ? this
                : new SinkDefinition(runtime == RuntimeMode.AWS ? SinkType.S3 : SinkType.LOCAL, batch, kafka, kinesis);
    }

    /**
     * When a raw batch is closed and published to {@code raw/}: at {@code maxSizeMiB} of uncompressed requests or
     * {@code maxIntervalSeconds} after its first request, whichever comes first. Smaller values make events queryable
     * sooner and make more, smaller files.
     *
     * @param maxSizeMiB         1 to 1024, default 64
     * @param maxIntervalSeconds 1 to 3600, default 10
     */
    public record Batch(Integer maxSizeMiB, Integer maxIntervalSeconds) {

        public static final int DEFAULT_MAX_SIZE_MIB = 64;
        public static final int DEFAULT_MAX_INTERVAL_SECONDS = 10;

        public Batch {
            maxSizeMiB = maxSizeMiB == null ? DEFAULT_MAX_SIZE_MIB : maxSizeMiB;
            maxIntervalSeconds = maxIntervalSeconds == null ? DEFAULT_MAX_INTERVAL_SECONDS : maxIntervalSeconds;
        }

        /** 64 MiB / 10 s. */
        public static Batch defaults() {
            return new Batch(null, null);
        }
    }

    /**
     * A Kafka topic as the sink. Locally it needs {@code bootstrapServers}. On AWS: {@code bootstrapServers} of a Kafka
     * reachable from the VPC, or {@code mskClusterArn} of an existing Amazon MSK cluster, or neither, and a new MSK
     * cluster is created with {@code brokerCount} brokers of {@code brokerInstanceType}.
     *
     * @param topic              the topic of raw envelopes, keyed by app id; null names it {@code clickstream-<pipeline name>}
     * @param bootstrapServers   {@code host:port[,host:port...]} of an existing cluster
     * @param mskClusterArn      an existing MSK cluster ({@code arn:aws:kafka:...:cluster/...})
     * @param brokerInstanceType new MSK cluster: broker type, default {@code kafka.m5.large}
     * @param brokerCount        new MSK cluster: brokers, a multiple of the zones, default 2
     * @param partitions         partitions of a topic the deployment creates, default 4
     * @param replicationFactor  replicas of that topic, default 2 (at most the brokers)
     */
    public record KafkaSink(
            String topic,
            String bootstrapServers,
            String mskClusterArn,
            String brokerInstanceType,
            Integer brokerCount,
            Integer partitions,
            Integer replicationFactor) {

        public static final String DEFAULT_BROKER_INSTANCE_TYPE = "kafka.m5.large";
        public static final int DEFAULT_BROKER_COUNT = 2;
        public static final int DEFAULT_PARTITIONS = 4;
        public static final int DEFAULT_REPLICATION_FACTOR = 2;

        public KafkaSink {
            boolean newCluster = bootstrapServers == null && mskClusterArn == null;
            brokerInstanceType = brokerInstanceType == null && newCluster ? DEFAULT_BROKER_INSTANCE_TYPE
                    : brokerInstanceType;
            brokerCount = brokerCount == null && newCluster ? Integer.valueOf(DEFAULT_BROKER_COUNT) : brokerCount;
            partitions = partitions == null ? DEFAULT_PARTITIONS : partitions;
            replicationFactor = replicationFactor == null ? DEFAULT_REPLICATION_FACTOR : replicationFactor;
        }

        /** A new MSK cluster on AWS (locally, bootstrap servers are still needed). */
        public static KafkaSink defaults() {
            return new KafkaSink(null, null, null, null, null, null, null);
        }

        /** True when the deployment creates its own MSK cluster. */
        public boolean createsMskCluster() {
            return bootstrapServers == null && mskClusterArn == null;
        }
    }

    /**
     * A Kinesis data stream as the sink.
     *
     * @param streamName     an existing stream; null creates {@code clickstream-<pipeline name>}
     * @param capacityMode   {@code on_demand} (default) or {@code provisioned}
     * @param shards         provisioned: the shard count, default 2; null on demand
     * @param retentionHours how long records stay in the stream, 24 (default) to 8760
     */
    public record KinesisSink(String streamName, KinesisCapacityMode capacityMode, Integer shards,
                              Integer retentionHours) {

        public static final int DEFAULT_SHARDS = 2;
        public static final int DEFAULT_RETENTION_HOURS = 24;

        public KinesisSink {
            capacityMode = capacityMode == null ? KinesisCapacityMode.ON_DEMAND : capacityMode;
            shards = shards == null && capacityMode == KinesisCapacityMode.PROVISIONED ? Integer.valueOf(DEFAULT_SHARDS)
                    : shards;
            retentionHours = retentionHours == null ? DEFAULT_RETENTION_HOURS : retentionHours;
        }

        /** A new on-demand stream keeping records 24 hours. */
        public static KinesisSink defaults() {
            return new KinesisSink(null, null, null, null);
        }
    }
}
