package io.clickstream.infra.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickstream.infra.TestDeployments;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The ETL on EMR Serverless: the application, its schedule, its role. */
class ProcessingStackTest {

    private static Template demo() {
        var synthesized = TestDeployments.synthesized(TestDeployments.demo());
        return synthesized.template(synthesized.stacks().processing());
    }

    private static Template withGeoIpAndPlugin() {
        var synthesized = TestDeployments.synthesized(TestDeployments.kinesisProvisionedDeployment());
        return synthesized.template(synthesized.stacks().processing());
    }

    @Test
    void spark_4_application_runs_one_pass_at_a_time_and_logs_its_driver_to_an_encrypted_group() {
        demo().hasResourceProperties("AWS::EMRServerless::Application", Map.of(
                "Type", "SPARK",
                "ReleaseLabel", "emr-spark-8.0.0",
                "AutoStopConfiguration", Map.of("Enabled", true, "IdleTimeoutMinutes", 5),
                "MaximumCapacity", Map.of("Cpu", "16 vCPU", "Memory", "64 GB"),
                "SchedulerConfiguration", Match.objectLike(Map.of("MaxConcurrentRuns", 1)),
                "MonitoringConfiguration", Map.of("CloudWatchLoggingConfiguration", Match.objectLike(Map.of(
                        "Enabled", true, "LogStreamNamePrefix", "etl",
                        "EncryptionKeyArn", Match.anyValue())))));
    }

    @Test
    void schedule_starts_the_thin_jar_over_the_lake_at_the_definitions_rate() {
        Template t = demo();
        t.hasResourceProperties("AWS::Scheduler::Schedule", Map.of("ScheduleExpression", "rate(10 minutes)"));
        String input = t.findResources("AWS::Scheduler::Schedule").toString();
        // The universal target's ARN, joined with the partition.
        assertThat(input).contains(":scheduler:::aws-sdk:emrserverless:startJobRun");
        assertThat(input).contains("io.clickstream.etl.EtlJob", TestDeployments.ETL_JAR, "--lake=s3://",
                "--anonymize-ip", "--pii-hash=email", "--session-timeout-minutes=30", "<aws.scheduler.execution-id>");
        assertThat(input).doesNotContain("--no-bot-filter");
    }

    @Test
    void job_role_reads_raw_batches_and_writes_only_modeled_quarantine_and_state() {
        Template t = demo();
        t.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(
                Match.objectLike(Map.of("Action", "s3:GetObject", "Resource", Match.objectLike(Map.of("Fn::Join",
                        List.of("", Match.arrayWith(List.of("/raw/*"))))))),
                Match.objectLike(Map.of("Action", List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject",
                        "s3:AbortMultipartUpload"))))))));
        String policies = t.findResources("AWS::IAM::Policy").toString();
        assertThat(policies).doesNotContain("s3:PutObject\", \"Resource\": \"*").contains("emr-serverless:StartJobRun",
                "iam:PassRole", "emr-serverless.amazonaws.com");
    }

    @Test
    void geoip_database_and_plugin_jars_are_shipped_from_s3_and_readable_by_the_job_only() {
        Template t = withGeoIpAndPlugin();
        String input = t.findResources("AWS::Scheduler::Schedule").toString();
        assertThat(input).contains("--files s3://artifacts-bucket/geoip/GeoLite2-City.mmdb",
                "--geoip-db=GeoLite2-City.mmdb", "--plugin-jar=s3://artifacts-bucket/plugins/coupons.jar");
        String policies = t.findResources("AWS::IAM::Policy").toString();
        assertThat(policies).contains("arn:", "s3:::artifacts-bucket/geoip/GeoLite2-City.mmdb",
                "s3:::artifacts-bucket/plugins/coupons.jar");
    }

    @Test
    void refuses_a_schedule_that_is_not_rate_or_cron_and_a_local_jar_that_is_missing() {
        assertThatThrownBy(() -> new ProcessingStack.ProcessingProps("every 5 minutes", "x.jar", null, 16, 64, 60,
                List.of(), null, List.of(), 30)).hasMessageContaining("rate(...) or cron(...)");
        assertThatThrownBy(() -> new ProcessingStack.ProcessingProps("rate(5 minutes)", "x.jar", null, 16, 64, 60,
                List.of(), "/local/GeoLite2.mmdb", List.of(), 30)).hasMessageContaining("s3:// URI");
    }
}
