package io.clickstream.infra.ingestion;

import io.clickstream.infra.common.ContainerImageRef;
import java.util.List;
import java.util.Objects;

/**
 * Typed props of {@link IngestionStack}.
 *
 * @param image            the ingestion-service image
 * @param launchType       Fargate (default) or EC2 instances of an Auto Scaling group
 * @param ec2InstanceType  instance type when {@code launchType} is EC2
 * @param cpu              task CPU units (1024 = one vCPU)
 * @param memoryMiB        task memory
 * @param minTasks         fewest collector tasks
 * @param maxTasks         most collector tasks
 * @param targetCpuPercent average CPU the fleet scales to
 * @param collectPath      the path the SDKs post to
 * @param appIds           the app ids the collector accepts, or empty to follow the apps of the metadata store
 * @param appsFromTable    the studio's DynamoDB metadata table whose apps (and their origins) the collector follows,
 *                         when {@code appIds} is empty
 * @param allowedOrigins   web origins allowed by CORS for every app of {@code appIds}
 * @param authIssuer       an OIDC issuer whose bearer JWTs every request must carry, or null
 * @param authAudience     the audience those tokens must name (with {@code authIssuer})
 * @param https            the domain and certificate of the endpoint, or null for plain HTTP on the ALB's name
 * @param globalAccelerator put a Global Accelerator in front of the load balancer
 * @param internetFacing   an internet-facing load balancer in the public subnets, else an internal one
 * @param sink             where accepted requests go
 * @param logDays          days the containers' logs are kept
 */
public record IngestionProps(ContainerImageRef image, LaunchType launchType, String ec2InstanceType, int cpu,
                             int memoryMiB, int minTasks, int maxTasks, int targetCpuPercent, String collectPath,
                             List<String> appIds, String appsFromTable, List<String> allowedOrigins, String authIssuer, String authAudience,
                             Https https, boolean globalAccelerator, boolean internetFacing, Sink sink,
                             int logDays) {

    /** How the collector containers run. */
    public enum LaunchType { FARGATE, EC2 }

    public IngestionProps {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(launchType, "launchType");
        Objects.requireNonNull(sink, "sink");
        if (minTasks < 1 || maxTasks < minTasks) {
            throw new IllegalArgumentException("ingestion capacity must satisfy 1 <= min <= max, was " + minTasks
                    + ".." + maxTasks);
        }
        if (targetCpuPercent < 10 || targetCpuPercent > 90) {
            throw new IllegalArgumentException("target CPU must be between 10 and 90 %, was " + targetCpuPercent);
        }
        appIds = List.copyOf(appIds == null ? List.of() : appIds);
        allowedOrigins = List.copyOf(allowedOrigins == null ? List.of() : allowedOrigins);
        if (appIds.isEmpty() == (appsFromTable == null)) {
            throw new IllegalArgumentException("the collector accepts either the given app ids or the apps of the"
                    + " metadata table");
        }
        if (appsFromTable != null && !allowedOrigins.isEmpty()) {
            throw new IllegalArgumentException("allowed origins go with app ids; the apps of the metadata table carry"
                    + " their own");
        }
        if (launchType == LaunchType.EC2 && (ec2InstanceType == null || ec2InstanceType.isBlank())) {
            throw new IllegalArgumentException("the EC2 launch type needs an instance type");
        }
        if ((authIssuer == null) != (authAudience == null)) {
            throw new IllegalArgumentException("an auth issuer needs an audience, and the other way round");
        }
        if (collectPath == null || !collectPath.startsWith("/")) {
            throw new IllegalArgumentException("the collect path must start with '/', was " + collectPath);
        }
    }

    /**
     * HTTPS on the load balancer.
     *
     * @param domainName     the endpoint's name, e.g. {@code collect.example.com}
     * @param certificateArn an ACM certificate for it, or null to request one validated through {@code hostedZoneId}
     * @param hostedZoneId   the Route 53 zone of the domain (an alias record is created there), or null
     * @param hostedZoneName the zone's name, with {@code hostedZoneId}
     */
    public record Https(String domainName, String certificateArn, String hostedZoneId, String hostedZoneName) {
        public Https {
            Objects.requireNonNull(domainName, "domainName");
            if (certificateArn == null && hostedZoneId == null) {
                throw new IllegalArgumentException("HTTPS for " + domainName
                        + " needs a certificate ARN or a Route 53 hosted zone to validate a new certificate");
            }
            if ((hostedZoneId == null) != (hostedZoneName == null)) {
                throw new IllegalArgumentException("a hosted zone needs both its id and its name");
            }
        }
    }

    /** The collector's sink and, with it, the path of its data to the lake. */
    public sealed interface Sink permits S3Sink, KinesisSink, MskSink {
    }

    /**
     * Raw batches published straight to the lake bucket.
     *
     * @param rollSeconds age at which the collector publishes a batch
     */
    public record S3Sink(int rollSeconds) implements Sink {
        public S3Sink {
            if (rollSeconds < 1 || rollSeconds > 3600) {
                throw new IllegalArgumentException("batch age must be 1-3600 s, was " + rollSeconds);
            }
        }
    }

    /**
     * A Kinesis data stream, delivered to the lake by Kinesis Data Firehose.
     *
     * @param existingStreamName a stream that exists already (the collector and Firehose are given access to it),
     *                       or null to create one; an existing stream's KMS key must let them use it
     * @param onDemand       on-demand capacity, else {@code shards} provisioned shards
     * @param shards         provisioned shards
     * @param retentionHours how long the stream keeps records (24-8760)
     * @param bufferSeconds  how long Firehose gathers records before it writes a batch (60-900)
     */
    public record KinesisSink(String existingStreamName, boolean onDemand, int shards, int retentionHours,
                              int bufferSeconds) implements Sink {
        public KinesisSink {
            if (existingStreamName == null && !onDemand && shards < 1) {
                throw new IllegalArgumentException("a provisioned stream needs at least one shard");
            }
            if (retentionHours < 24 || retentionHours > 8760) {
                throw new IllegalArgumentException("stream retention must be 24-8760 hours, was " + retentionHours);
            }
            if (bufferSeconds < 60 || bufferSeconds > 900) {
                throw new IllegalArgumentException("Firehose buffering must be 60-900 s, was " + bufferSeconds);
            }
        }
    }

    /**
     * An Amazon MSK cluster, read into the lake by the collector's own Kafka loader running as a second service.
     *
     * @param existingClusterArn an MSK cluster that exists already (its TLS bootstrap brokers are read from it), or null
     * @param bootstrapServers   a Kafka reachable from the VPC over TLS ({@code host:port,...}), or null
     * @param kafkaVersion       a new cluster's Kafka version
     * @param brokerInstanceType a new cluster's broker instance type
     * @param brokerCount        a new cluster's brokers (a multiple of the availability zones)
     * @param volumeGiB          a new cluster's EBS storage per broker
     * @param topic              the topic of raw envelopes
     * @param partitions         partitions of the topic (and most useful loader tasks)
     * @param replicationFactor  replicas of the topic (a new cluster's default)
     * @param loaderTasks        Kafka-to-lake loader tasks
     * @param rollSeconds        age at which the loader publishes a batch
     */
    public record MskSink(String existingClusterArn, String bootstrapServers, String kafkaVersion,
                          String brokerInstanceType, int brokerCount, int volumeGiB, String topic, int partitions,
                          int replicationFactor, int loaderTasks, int rollSeconds) implements Sink {
        public MskSink {
            if (existingClusterArn != null && bootstrapServers != null) {
                throw new IllegalArgumentException("give an MSK cluster ARN or bootstrap servers, not both");
            }
            if (createsCluster(existingClusterArn, bootstrapServers)) {
                Objects.requireNonNull(kafkaVersion, "kafkaVersion");
                Objects.requireNonNull(brokerInstanceType, "brokerInstanceType");
                if (brokerCount < 1 || volumeGiB < 1 || replicationFactor > brokerCount) {
                    throw new IllegalArgumentException("a new cluster needs brokers and storage, and at least as many"
                            + " brokers (" + brokerCount + ") as replicas (" + replicationFactor + ")");
                }
            }
            if (partitions < 1 || loaderTasks < 1 || replicationFactor < 1) {
                throw new IllegalArgumentException("partitions, replicas and loader tasks must be positive");
            }
            if (loaderTasks > partitions) {
                throw new IllegalArgumentException("more loader tasks (" + loaderTasks + ") than partitions ("
                        + partitions + ") would leave some idle");
            }
            if (topic == null || !topic.matches("[A-Za-z0-9._-]{1,249}")) {
                throw new IllegalArgumentException("not a Kafka topic name: '" + topic + "'");
            }
        }

        /** True when the deployment creates the MSK cluster. */
        public boolean createsCluster() {
            return createsCluster(existingClusterArn, bootstrapServers);
        }

        private static boolean createsCluster(String existingClusterArn, String bootstrapServers) {
            return existingClusterArn == null && bootstrapServers == null;
        }
    }
}
