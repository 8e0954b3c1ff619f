package io.clickstream.infra.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.infra.TestDeployments;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The pipeline's dashboard and alarms. */
class MonitoringStackTest {

    private static Template demo() {
        var synthesized = TestDeployments.synthesized(TestDeployments.demo());
        return synthesized.template(synthesized.stacks().monitoring());
    }

    @Test
    void one_dashboard_per_pipeline_and_an_encrypted_alarm_topic() {
        Template t = demo();
        t.hasResourceProperties("AWS::CloudWatch::Dashboard", Map.of("DashboardName", "clickstream-demo"));
        t.hasResourceProperties("AWS::SNS::Topic", Map.of("KmsMasterKeyId", Match.anyValue()));
        t.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "email", "Endpoint", "ops@example.com"));
    }

    @Test
    void no_data_alarm_fires_after_n_minutes_without_a_request() {
        demo().hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "RequestCount", "Namespace", "AWS/ApplicationELB",
                "ComparisonOperator", "LessThanThreshold", "Threshold", 1,
                "EvaluationPeriods", 15, "DatapointsToAlarm", 15, "Period", 60,
                "TreatMissingData", "breaching"));
    }

    @Test
    void etl_failure_is_caught_from_emr_serverless_job_state_events() {
        Template t = demo();
        t.hasResourceProperties("AWS::Events::Rule", Map.of("EventPattern", Match.objectLike(Map.of(
                "source", List.of("aws.emr-serverless"),
                "detail-type", List.of("EMR Serverless Job Run State Change"),
                "detail", Match.objectLike(Map.of("state", List.of("FAILED")))))));
        t.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "TriggeredRules",
                "ComparisonOperator", "GreaterThanOrEqualToThreshold", "Threshold", 1));
    }

    @Test
    void lag_alarm_fires_when_no_pass_succeeded_within_the_window_and_quarantine_rate_over_the_threshold() {
        Template t = demo();
        // 120 minutes: five-minute periods, 24 of them.
        t.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "EtlRuns",
                "Namespace", "Clickstream/demo", "Period", 300, "EvaluationPeriods", 24,
                "TreatMissingData", "breaching"));
        t.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("Threshold", 5,
                "ComparisonOperator", "GreaterThanThreshold",
                "Metrics", Match.arrayWith(List.of(Match.objectLike(Map.of("Expression", "100 * q / (w + q)"))))));
        t.resourceCountIs("AWS::CloudWatch::Alarm", 4);
        t.resourceCountIs("AWS::Logs::MetricFilter", 3);
    }

    @Test
    void metric_filter_reads_written_and_quarantined_counts_from_the_etl_summary_line() {
        // The line etl-job's EtlJob.main prints after a successful pass, with the same format.
        String line = String.format("etl run %s: %d raw files (%d unreadable), %d events written, %d duplicates dropped, "
                        + "%d filtered, %d quarantined, %d partitions rewritten or compacted in %.1f s (%.0f events/s)",
                "20261203-101500-ab12", 7, 1, 1234, 5, 9, 31, 12, 4.2, 293.8);
        assertThat(EtlSummaryMetrics.field(line, "written")).isEqualTo("1234");
        assertThat(EtlSummaryMetrics.field(line, "quarantined")).isEqualTo("31");
        assertThat(EtlSummaryMetrics.field("etl-job: --lake is required", "written")).isNull();
        String pattern = EtlSummaryMetrics.pattern().getLogPatternString();
        assertThat(pattern).startsWith("[etl = \"etl\", run = \"run\", run_id, raw_files")
                .contains(", written, ", "w_written = \"written,\"", ", quarantined, ", "...]");
    }
}
