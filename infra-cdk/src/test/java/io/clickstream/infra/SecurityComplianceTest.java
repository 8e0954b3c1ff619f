package io.clickstream.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/**
 * The security rules every variant keeps: cdk-nag's AwsSolutions pack finds nothing unsuppressed, no IAM statement
 * allows every action of a service or any resource of a data service, data at rest is encrypted and no bucket is
 * public.
 */
class SecurityComplianceTest {

    /** Services holding or moving clickstream data: a statement on them must name its resources. */
    static final Set<String> DATA_SERVICES = Set.of("s3", "dynamodb", "kinesis", "firehose", "kafka",
            "kafka-cluster", "glue", "athena", "redshift", "redshift-data", "redshift-serverless", "secretsmanager",
            "kms", "logs", "sqs", "sns", "quicksight", "emr-serverless", "lakeformation");

    static List<TestDeployments.Synthesized> variants() {
        return List.of(TestDeployments.synthesized(TestDeployments.demo()),
                TestDeployments.synthesized(TestDeployments.everything()),
                TestDeployments.synthesized(TestDeployments.kinesisWithQuickSight()),
                TestDeployments.synthesized(TestDeployments.kinesisProvisionedDeployment()));
    }

    @Test
    void cdk_nag_finds_nothing_unsuppressed_in_any_variant() {
        List<String> findings = new ArrayList<>();
        for (TestDeployments.Synthesized variant : variants()) {
            for (var stack : variant.stacks().all()) {
                Annotations annotations = Annotations.fromStack(stack);
                Stream.concat(annotations.findError("*", Match.stringLikeRegexp(".*")).stream(),
                                annotations.findWarning("*", Match.stringLikeRegexp("(AwsSolutions|CdkNag).*")).stream())
                        .map(SecurityComplianceTest::describe)
                        .forEach(findings::add);
            }
        }
        assertThat(findings).isEmpty();
    }

    @Test
    void cdk_nag_reports_a_finding_nobody_suppressed() {
        // The check above can fail: a bucket that allows plain HTTP and logs nothing is reported.
        software.amazon.awscdk.App app = new software.amazon.awscdk.App();
        software.amazon.awscdk.Stack stack = new software.amazon.awscdk.Stack(app, "careless");
        new software.amazon.awscdk.services.s3.Bucket(stack, "Careless");
        software.amazon.awscdk.Aspects.of(app).add(new io.github.cdklabs.cdknag.AwsSolutionsChecks());
        assertThat(Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-S(1|10).*")))
                .hasSize(2);
    }

    @Test
    void no_policy_statement_allows_every_action_or_any_data_resource() {
        List<String> violations = new ArrayList<>();
        int statements = 0;
        for (TestDeployments.Synthesized variant : variants()) {
            for (Map.Entry<String, Template> entry : variant.templates().entrySet()) {
                for (Map<String, Object> statement : IamStatements.of(entry.getValue())) {
                    statements++;
                    violations.addAll(IamStatements.violations(entry.getKey(), statement, DATA_SERVICES));
                }
            }
        }
        assertThat(statements).as("IAM statements inspected").isGreaterThan(100);
        assertThat(violations).isEmpty();
    }

    @Test
    void the_wildcard_check_catches_a_star_action_and_a_star_data_resource() {
        assertThat(IamStatements.violations("t", Map.of("Effect", "Allow", "Action", "s3:*",
                "Resource", "arn:aws:s3:::b/*"), DATA_SERVICES)).hasSize(1);
        assertThat(IamStatements.violations("t", Map.of("Effect", "Allow", "Action", List.of("dynamodb:GetItem"),
                "Resource", "*"), DATA_SERVICES)).hasSize(1);
        assertThat(IamStatements.violations("t", Map.of("Effect", "Allow", "Action", "*", "Resource", "*"),
                DATA_SERVICES)).hasSize(2);
        // AWS offers no resource-level permission here; the owner condition limits it to the caller's statements.
        assertThat(IamStatements.violations("t", Map.of("Effect", "Allow", "Action", "redshift-data:DescribeStatement",
                "Resource", "*", "Condition", Map.of("StringEquals",
                        Map.of("redshift-data:statement-owner-iam-userid", "${aws:userid}"))), DATA_SERVICES)).isEmpty();
        assertThat(IamStatements.violations("t", Map.of("Effect", "Allow", "Action", "xray:PutTraceSegments",
                "Resource", "*"), DATA_SERVICES)).isEmpty();
    }

    @Test
    void buckets_are_private_encrypted_and_tls_only() {
        for (TestDeployments.Synthesized variant : variants()) {
            for (Template template : variant.templates().values()) {
                Map<String, Map<String, Object>> buckets = template.findResources("AWS::S3::Bucket");
                for (Map.Entry<String, Map<String, Object>> bucket : buckets.entrySet()) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> properties = (Map<String, Object>) bucket.getValue().get("Properties");
                    assertThat(properties).as(bucket.getKey()).containsKey("BucketEncryption");
                    assertThat(properties.get("PublicAccessBlockConfiguration")).as(bucket.getKey()).isEqualTo(Map.of(
                            "BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true,
                            "RestrictPublicBuckets", true));
                }
                if (!buckets.isEmpty()) {
                    template.resourcePropertiesCountIs("AWS::S3::BucketPolicy", Map.of("PolicyDocument",
                            Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                                    "Effect", "Deny", "Condition",
                                    Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))))
                            , buckets.size());
                }
            }
        }
    }

    @Test
    void every_log_group_is_encrypted_with_the_deployment_key_and_has_a_retention() {
        int logGroups = 0;
        for (TestDeployments.Synthesized variant : variants()) {
            for (Map.Entry<String, Template> entry : variant.templates().entrySet()) {
                for (var group : entry.getValue().findResources("AWS::Logs::LogGroup").entrySet()) {
                    logGroups++;
                    @SuppressWarnings("unchecked")
                    Map<String, Object> properties = (Map<String, Object>) group.getValue().get("Properties");
                    assertThat(properties).as(entry.getKey() + "/" + group.getKey())
                            .containsKeys("KmsKeyId", "RetentionInDays");
                }
            }
        }
        assertThat(logGroups).isGreaterThanOrEqualTo(20);
    }

    private static String describe(SynthesisMessage message) {
        String text = String.valueOf(message.getEntry().getData());
        return message.getId() + ": " + text.substring(0, Math.min(200, text.length()));
    }
}
