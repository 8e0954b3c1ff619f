package io.clickstream.infra.monitoring;

import io.clickstream.infra.common.Nag;
import io.clickstream.infra.ingestion.IngestionStack;
import io.clickstream.infra.modeling.ModelingStack;
import io.clickstream.infra.processing.ProcessingStack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.EventField;
import software.amazon.awscdk.services.events.targets.SnsTopic;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.MetricFilter;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * The pipeline's CloudWatch dashboard and the alarms of the pipeline definition, all published to one encrypted SNS
 * topic: no requests for N minutes (the load balancer's request count), an ETL run failed (EMR Serverless' job
 * state change event), ETL lag over N minutes (no successful pass for that long: a pass models every raw batch
 * published before it started, so the oldest unmodeled batch is at most that old), and a quarantine rate over N %
 * (from the ETL's summary line).
 */
public final class MonitoringStack extends Stack {

    /**
     * Typed props of the stack.
     *
     * @param pipelineName      the pipeline's name (dashboard and metric namespace)
     * @param noDataMinutes     alarm when no request arrived for this long
     * @param etlLagMinutes     alarm when no ETL pass succeeded for this long
     * @param quarantinePercent alarm when more than this share of events is quarantined within 15 minutes
     * @param alarmEmail        an address subscribed to the alarm topic, or null
     */
    public record MonitoringProps(String pipelineName, int noDataMinutes, int etlLagMinutes, double quarantinePercent,
                                  String alarmEmail) {
        public MonitoringProps {
            if (noDataMinutes < 1 || etlLagMinutes < 1) {
                throw new IllegalArgumentException("alarm windows must be at least one minute");
            }
            if (quarantinePercent <= 0 || quarantinePercent > 100) {
                throw new IllegalArgumentException("the quarantine rate threshold must be within (0, 100] %, was "
                        + quarantinePercent);
            }
        }
    }

    private final Topic alarmTopic;
    private final Dashboard dashboard;
    private final Alarm noData;
    private final Alarm etlFailed;
    private final Alarm etlLag;
    private final Alarm quarantineRate;

    public MonitoringStack(Construct scope, String id, StackProps stackProps, MonitoringProps props,
                           IngestionStack ingestion, ProcessingStack processing, ModelingStack modeling,
                           IKey dataKey) {
        super(scope, id, stackProps);
        String namespace = "Clickstream/" + props.pipelineName();
        alarmTopic = Topic.Builder.create(this, "Alarms")
                .displayName("Clickstream " + props.pipelineName() + " alarms")
                .masterKey(dataKey)
                .enforceSsl(true)
                .build();
        if (props.alarmEmail() != null) {
            alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail()));
        }
        SnsAction notify = new SnsAction(alarmTopic);

        Metric runs = etlMetric(processing, namespace, "EtlRuns", "1");
        Metric written = etlMetric(processing, namespace, "EventsWritten", "$written");
        Metric quarantined = etlMetric(processing, namespace, "EventsQuarantined", "$quarantined");

        Metric requests = ingestion.loadBalancer().getMetrics().requestCount(MetricOptions.builder()
                .period(Duration.minutes(1)).statistic("Sum").build());
        noData = windowAlarm("NoData", requests, props.noDataMinutes(),
                "No request reached the collector for " + props.noDataMinutes() + " minutes");
        noData.addAlarmAction(notify);

        Rule failedRuns = Rule.Builder.create(this, "EtlFailedRule")
                .description("An ETL job run of this pipeline failed")
                .eventPattern(EventPattern.builder()
                        .source(List.of("aws.emr-serverless"))
                        .detailType(List.of("EMR Serverless Job Run State Change"))
                        .detail(Map.of("applicationId", List.of(processing.application().getAttrApplicationId()),
                                "state", List.of("FAILED")))
                        .build())
                .targets(List.of(SnsTopic.Builder.create(alarmTopic)
                        .message(RuleTargetInput.fromText("ETL run " + EventField.fromPath("$.detail.jobRunId")
                                + " of pipeline " + props.pipelineName() + " failed: "
                                + EventField.fromPath("$.detail.stateDetails")))
                        .build()))
                .build();
        Metric failures = Metric.Builder.create().namespace("AWS/Events").metricName("TriggeredRules")
                .dimensionsMap(Map.of("RuleName", failedRuns.getRuleName()))
                .statistic("Sum").period(Duration.minutes(5)).build();
        etlFailed = Alarm.Builder.create(this, "EtlFailed")
                .alarmDescription("An ETL run failed")
                .metric(failures).threshold(1).evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        etlFailed.addAlarmAction(notify);

        etlLag = windowAlarm("EtlLag", runs.with(MetricOptions.builder().statistic("Sum").build()),
                props.etlLagMinutes(), "No ETL pass succeeded for " + props.etlLagMinutes()
                        + " minutes: raw batches wait longer than that to be modeled");
        etlLag.addAlarmAction(notify);

        MathExpression rate = MathExpression.Builder.create()
                .expression("100 * q / (w + q)")
                .usingMetrics(Map.of(
                        "q", quarantined.with(MetricOptions.builder().statistic("Sum").period(Duration.minutes(15)).build()),
                        "w", written.with(MetricOptions.builder().statistic("Sum").period(Duration.minutes(15)).build())))
                .label("quarantined %")
                .period(Duration.minutes(15))
                .build();
        quarantineRate = Alarm.Builder.create(this, "QuarantineRate")
                .alarmDescription("More than " + props.quarantinePercent() + " % of events were quarantined")
                .metric(rate).threshold(props.quarantinePercent()).evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        quarantineRate.addAlarmAction(notify);

        dashboard = Dashboard.Builder.create(this, "Dashboard")
                .dashboardName("clickstream-" + props.pipelineName())
                .build();
        var alb = ingestion.loadBalancer().getMetrics();
        List<IWidget> row = new ArrayList<>();
        dashboard.addWidgets(TextWidget.Builder.create()
                .markdown("# Pipeline " + props.pipelineName() + "\nCollector: " + ingestion.endpointUrl())
                .width(24).height(2).build());
        dashboard.addWidgets(
                graph("Requests", List.of(requests, alb.httpCodeTarget(
                        software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeTarget.TARGET_4XX_COUNT),
                        alb.httpCodeTarget(software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeTarget
                                .TARGET_5XX_COUNT))),
                graph("Collector latency (p99)", List.of(alb.targetResponseTime(MetricOptions.builder()
                        .statistic("p99").build()))),
                graph("Collector CPU and memory", List.of(ingestion.service().metricCpuUtilization(),
                        ingestion.service().metricMemoryUtilization())));
        row.add(sinkWidget(ingestion));
        row.add(graph("ETL passes and events", List.of(runs, written, quarantined)));
        row.add(graph("ETL failures and quarantine %", List.of(failures, rate)));
        dashboard.addWidgets(row.toArray(IWidget[]::new));
        dashboard.addWidgets(
                graph("Athena bytes scanned", List.of(MathExpression.Builder.create()
                        .expression("SEARCH('{AWS/Athena,QueryState,QueryType,WorkGroup} MetricName=\"ProcessedBytes\""
                                + " WorkGroup=\"" + modeling.workGroupName() + "\"', 'Sum', 300)")
                        .label("bytes").period(Duration.minutes(5)).build())),
                AlarmStatusWidget.Builder.create().title("Alarms")
                        .alarms(List.<IAlarm>of(noData, etlFailed, etlLag, quarantineRate)).width(8).build());
    }

    private Metric etlMetric(ProcessingStack processing, String namespace, String name, String value) {
        MetricFilter filter = MetricFilter.Builder.create(this, name + "Filter")
                .logGroup(processing.logs())
                .filterPattern(EtlSummaryMetrics.pattern())
                .metricNamespace(namespace)
                .metricName(name)
                .metricValue(value)
                .build();
        return filter.metric(MetricOptions.builder().statistic("Sum").period(Duration.minutes(1)).build());
    }

    /** An alarm that fires when {@code metric} summed to less than 1 over the last {@code minutes}. */
    private Alarm windowAlarm(String id, IMetric metric, int minutes, String description) {
        // CloudWatch evaluates at most a day of periods: long windows use coarser periods.
        int periodMinutes = minutes <= 60 ? 1 : minutes <= 300 ? 5 : 60;
        int periods = (minutes + periodMinutes - 1) / periodMinutes;
        return Alarm.Builder.create(this, id)
                .alarmDescription(description)
                .metric(((Metric) metric).with(MetricOptions.builder().period(Duration.minutes(periodMinutes))
                        .statistic("Sum").build()))
                .threshold(1)
                .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
                .evaluationPeriods(periods)
                .datapointsToAlarm(periods)
                .treatMissingData(TreatMissingData.BREACHING)
                .build();
    }

    private IWidget sinkWidget(IngestionStack ingestion) {
        if (ingestion.stream() != null) {
            return graph("Kinesis in and Firehose freshness", List.of(ingestion.stream().metricIncomingRecords(),
                    ingestion.stream().metricGetRecordsIteratorAgeMilliseconds(),
                    Metric.Builder.create().namespace("AWS/Firehose").metricName("DeliveryToS3.DataFreshness")
                            .dimensionsMap(Map.of("DeliveryStreamName", ingestion.deliveryStream().getRef()))
                            .statistic("Maximum").build()));
        }
        if (ingestion.kafkaCluster() != null) {
            return graph("Kafka loader lag (records)", List.of(Metric.Builder.create().namespace("AWS/Kafka")
                    .metricName("SumOffsetLag")
                    .dimensionsMap(Map.of("Cluster Name", ingestion.kafkaCluster().getClusterName(),
                            "Consumer Group", ingestion.loaderGroup(),
                            "Topic", ingestion.kafkaTopic()))
                    .statistic("Maximum").build()));
        }
        return graph("Healthy collectors", List.of(ingestion.targetGroup().getMetrics().healthyHostCount()));
    }

    private static GraphWidget graph(String title, List<IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).left(metrics).width(8).height(6).build();
    }

    public Topic alarmTopic() {
        return alarmTopic;
    }

    public Dashboard dashboard() {
        return dashboard;
    }

    public Alarm noDataAlarm() {
        return noData;
    }

    public Alarm etlFailedAlarm() {
        return etlFailed;
    }

    public Alarm etlLagAlarm() {
        return etlLag;
    }

    public Alarm quarantineRateAlarm() {
        return quarantineRate;
    }
}
