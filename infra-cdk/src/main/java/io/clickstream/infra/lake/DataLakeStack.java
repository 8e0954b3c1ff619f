package io.clickstream.infra.lake;

import io.clickstream.infra.common.LakeLocation;
import io.clickstream.infra.common.Nag;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.StorageClass;
import software.amazon.awscdk.services.s3.Transition;
import software.constructs.Construct;

/**
 * The lake bucket: the same layout as a local lake ({@code raw/}, {@code modeled/}, {@code quarantine/},
 * {@code _state/}), private, encrypted, TLS-only; raw batches move to infrequent access after 30 days and expire
 * after the configured retention, since the modeled tables are what analysts query. Beside it: the bucket of S3 and
 * load-balancer access logs, and the customer-managed key that encrypts streams, log groups and the alarm topic.
 */
public final class DataLakeStack extends Stack {

    /**
     * Typed props of the stack.
     *
     * @param projectPrefix     prefix of names and outputs
     * @param existingBucket    the name of an existing bucket to hold the lake (its settings are the owner's), or
     *                          null for a new bucket
     * @param prefix            the key prefix of the lake in the bucket ({@code ""} for the bucket's root)
     * @param rawRetentionDays  days raw batches are kept (the ETL has modeled them long before)
     * @param accessLogDays     days access logs are kept
     */
    public record DataLakeProps(String projectPrefix, String existingBucket, String prefix, int rawRetentionDays,
                                int accessLogDays) {
        public DataLakeProps {
            if (existingBucket != null && !existingBucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
                throw new IllegalArgumentException("not an S3 bucket name: '" + existingBucket + "'");
            }
            if (rawRetentionDays < 31) {
                throw new IllegalArgumentException("raw retention must be at least 31 days, was " + rawRetentionDays);
            }
            if (accessLogDays < 1) {
                throw new IllegalArgumentException("access logs must be kept at least a day, was " + accessLogDays);
            }
        }

        public DataLakeProps(String projectPrefix, int rawRetentionDays) {
            this(projectPrefix, null, "", rawRetentionDays, 90);
        }
    }

    private final IBucket lakeBucket;
    private final LakeLocation lake;
    private final Bucket accessLogsBucket;
    private final Key dataKey;

    public DataLakeStack(Construct scope, String id, StackProps stackProps, DataLakeProps props) {
        super(scope, id, stackProps);
        dataKey = Key.Builder.create(this, "DataKey")
                .description(props.projectPrefix() + ": streams, log groups and alarm topic")
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        // CloudWatch Logs, and CloudWatch alarms and EventBridge rules (publishing to the encrypted alarm topic), use
        // the key as services, scoped to this account's log groups, alarms and rules.
        dataKey.addToResourcePolicy(PolicyStatement.Builder.create()
                .principals(List.of(new ServicePrincipal("logs." + getRegion() + ".amazonaws.com")))
                .actions(List.of("kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"))
                .resources(List.of("*"))
                .conditions(Map.of("ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn",
                        "arn:" + getPartition() + ":logs:" + getRegion() + ":" + getAccount() + ":log-group:*")))
                .build());
        dataKey.addToResourcePolicy(PolicyStatement.Builder.create()
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com"),
                        new ServicePrincipal("events.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", getAccount())))
                .build());

        accessLogsBucket = Bucket.Builder.create(this, "AccessLogsBucket")
                // Load-balancer access logs can only be delivered to SSE-S3 buckets.
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_PREFERRED)
                .enforceSsl(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("expire-access-logs")
                        .expiration(Duration.days(props.accessLogDays()))
                        .build()))
                .build();
        Nag.suppress(accessLogsBucket, "S1",
                "This bucket is the destination of the other buckets' and the load balancers' access logs; logging"
                        + " it to itself would loop.");

        if (props.existingBucket() != null) {
            lakeBucket = Bucket.fromBucketName(this, "LakeBucket", props.existingBucket());
        } else {
            lakeBucket = newLakeBucket(props.rawRetentionDays());
        }
        lake = new LakeLocation(lakeBucket, props.prefix());
        CfnOutput.Builder.create(this, "LakeUri")
                .value(lake.uri())
                .description("Lake root for --lake / clickstream.lake")
                .build();
    }

    private Bucket newLakeBucket(int rawRetentionDays) {
        return Bucket.Builder.create(this, "LakeBucket")
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .versioned(false)
                .serverAccessLogsBucket(accessLogsBucket)
                .serverAccessLogsPrefix("s3/lake/")
                .removalPolicy(RemovalPolicy.RETAIN)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("raw-batches")
                        .prefix("raw/")
                        .transitions(List.of(Transition.builder()
                                .storageClass(StorageClass.INFREQUENT_ACCESS)
                                .transitionAfter(Duration.days(30))
                                .build()))
                        .expiration(Duration.days(rawRetentionDays))
                        .build(),
                        LifecycleRule.builder()
                                .id("abandoned-uploads")
                                .abortIncompleteMultipartUploadAfter(Duration.days(2))
                                .build()))
                .build();
    }

    /** The lake's bucket, new or imported. */
    public IBucket lakeBucket() {
        return lakeBucket;
    }

    /** The lake: its bucket and prefix. */
    public LakeLocation lake() {
        return lake;
    }

    public Bucket accessLogsBucket() {
        return accessLogsBucket;
    }

    public Key dataKey() {
        return dataKey;
    }
}
