package io.clickstream.infra;

import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.StorageClass;
import software.amazon.awscdk.services.s3.Transition;
import software.constructs.Construct;

/**
 * The lake bucket: the same layout as a local lake ({@code raw/}, {@code modeled/}, {@code quarantine/},
 * {@code _state/}), private, encrypted, TLS-only; raw batches move to infrequent access after 30 days and expire
 * after the configured retention, since the modeled tables are what analysts query.
 */
public final class DataLakeStack extends Stack {

    /** Typed props of the stack. */
    public record DataLakeProps(String projectPrefix, int rawRetentionDays) {
        public DataLakeProps {
            if (rawRetentionDays < 31) {
                throw new IllegalArgumentException("raw retention must be at least 31 days, was " + rawRetentionDays);
            }
        }
    }

    private final Bucket lakeBucket;

    public DataLakeStack(Construct scope, String id, StackProps stackProps, DataLakeProps props) {
        super(scope, id, stackProps);
        lakeBucket = Bucket.Builder.create(this, "LakeBucket")
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .versioned(false)
                .removalPolicy(RemovalPolicy.RETAIN)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("raw-batches")
                        .prefix("raw/")
                        .transitions(List.of(Transition.builder()
                                .storageClass(StorageClass.INFREQUENT_ACCESS)
                                .transitionAfter(Duration.days(30))
                                .build()))
                        .expiration(Duration.days(props.rawRetentionDays()))
                        .build()))
                .build();
        CfnOutput.Builder.create(this, "LakeUri")
                .value("s3://" + lakeBucket.getBucketName())
                .description("Lake root for --lake / clickstream.lake")
                .build();
    }

    public Bucket lakeBucket() {
        return lakeBucket;
    }
}
