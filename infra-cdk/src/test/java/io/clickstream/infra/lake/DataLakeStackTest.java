package io.clickstream.infra.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class DataLakeStackTest {

    private static Template template;

    @BeforeAll
    static void synth() {
        App app = new App();
        DataLakeStack stack = new DataLakeStack(app, "test-lake", StackProps.builder().build(),
                new DataLakeStack.DataLakeProps("test", 90));
        template = Template.fromStack(stack);
    }

    @Test
    void lake_bucket_is_private_and_encrypted() {
        // The lake and the bucket of access logs.
        template.resourceCountIs("AWS::S3::Bucket", 2);
        template.hasResourceProperties("AWS::S3::Bucket", Map.of(
                "PublicAccessBlockConfiguration", Map.of(
                        "BlockPublicAcls", true, "BlockPublicPolicy", true,
                        "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
                "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(
                        Map.of("ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256"))))));
    }

    @Test
    void raw_batches_expire_after_the_configured_retention() {
        template.hasResourceProperties("AWS::S3::Bucket", Map.of(
                "LifecycleConfiguration", Map.of("Rules", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Prefix", "raw/", "ExpirationInDays", 90, "Status", "Enabled")))))));
    }

    @Test
    void bucket_policy_denies_plain_http() {
        template.hasResourceProperties("AWS::S3::BucketPolicy", Map.of(
                "PolicyDocument", Match.objectLike(Map.of("Statement", List.of(Match.objectLike(Map.of(
                        "Effect", "Deny",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
    }

    @Test
    void lake_bucket_logs_its_access_and_the_deployment_key_rotates() {
        template.hasResourceProperties("AWS::S3::Bucket", Map.of("LoggingConfiguration",
                Match.objectLike(Map.of("LogFilePrefix", "s3/lake/"))));
        template.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true));
    }

    @Test
    void an_existing_bucket_is_used_as_it_is_under_the_given_prefix() {
        App app = new App();
        DataLakeStack stack = new DataLakeStack(app, "existing-lake", StackProps.builder().build(),
                new DataLakeStack.DataLakeProps("test", "shop-lake", "prod", 90, 30));
        assertThat(stack.lake().prefix()).isEqualTo("prod/");
        assertThat(stack.lake().key("raw/")).isEqualTo("prod/raw/");
        Template existing = Template.fromStack(stack);
        existing.resourceCountIs("AWS::S3::Bucket", 1);
        existing.hasOutput("LakeUri", Map.of("Value", "s3://shop-lake/prod"));
    }

    @Test
    void refuses_a_raw_retention_shorter_than_the_infrequent_access_transition() {
        assertThatThrownBy(() -> new DataLakeStack.DataLakeProps("x", 7))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 31 days");
    }
}
