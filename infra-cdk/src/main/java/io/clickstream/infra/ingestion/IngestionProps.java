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
 * @param appIds           the app ids the collector accepts
 * @param allowedOrigins   web origins allowed by CORS for every app
 * @param authIssuer       an OIDC issuer whose bearer JWTs every request must carry, or null
 * @param authAudience     the audience those tokens must name (with {@code authIssuer})
 * @param https            the domain and certificate of the endpoint, or null for plain HTTP on the ALB's name
 * @param globalAccelerator put a Global Accelerator in front of the load balancer
 * @param sink             where accepted requests go
 * @param logDays          days the containers' logs are kept
 */
public record IngestionProps(ContainerImageRef image, LaunchType launchType, String ec2InstanceType, int cpu,
                             int memoryMiB, int minTasks, int maxTasks, int targetCpuPercent, String collectPath,
                             List<String> appIds, List<String> allowedOrigins, String authIssuer, String authAudience,
                             Https https, boolean globalAccelerator, Sink sink, int logDays) {

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
        if (appIds == null || appIds.isEmpty()) {
            throw new IllegalArgumentException("the collector needs at least one app id to accept");
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
        appIds = List.copyOf(appIds);
        allowedOrigins = List.copyOf(allowedOrigins == null ? List.of() : allowedOrigins);
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
     * @param onDemand       on-demand capacity, else {@code shards} provisioned shards
     * @param shards         provisioned shards
     * @param retentionHours how long the stream keeps records (24-8760)
     * @param bufferSeconds  how long Firehose gathers records before it writes a batch (60-900)
     */
    public record KinesisSink(boolean onDemand, int shards, int retentionHours, int bufferSeconds) implements Sink {
        public KinesisSink {
            if (!onDemand && shards < 1) {
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
     * @param kafkaVersion       the cluster's Kafka version
     * @param brokerInstanceType broker instance type
     * @param brokersPerAz       brokers in each availability zone
     * @param volumeGiB          EBS storage per broker
     * @param topic              the topic of raw envelopes
     * @param partitions         partitions of the topic (and most useful loader tasks)
     * @param loaderTasks        Kafka-to-lake loader tasks
     * @param rollSeconds        age at which the loader publishes a batch
     */
    public record MskSink(String kafkaVersion, String brokerInstanceType, int brokersPerAz, int volumeGiB,
                          String topic, int partitions, int loaderTasks, int rollSeconds) implements Sink {
        public MskSink {
            Objects.requireNonNull(kafkaVersion, "kafkaVersion");
            Objects.requireNonNull(brokerInstanceType, "brokerInstanceType");
            if (brokersPerAz < 1 || volumeGiB < 1 || partitions < 1 || loaderTasks < 1) {
                throw new IllegalArgumentException("brokers, volume, partitions and loader tasks must be positive");
            }
            if (loaderTasks > partitions) {
                throw new IllegalArgumentException("more loader tasks (" + loaderTasks + ") than partitions ("
                        + partitions + ") would leave some idle");
            }
            if (topic == null || !topic.matches("[A-Za-z0-9._-]{1,249}")) {
                throw new IllegalArgumentException("not a Kafka topic name: '" + topic + "'");
            }
        }
    }
}
