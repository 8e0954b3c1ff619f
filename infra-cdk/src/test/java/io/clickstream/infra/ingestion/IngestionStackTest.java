package io.clickstream.infra.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.infra.TestDeployments;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The collector fleet with each sink: S3 (the demo file), Kinesis on demand and provisioned, MSK on EC2. */
class IngestionStackTest {

    private static Template template(io.clickstream.infra.Deployment deployment) {
        var synthesized = TestDeployments.synthesized(deployment);
        return synthesized.template(synthesized.stacks().ingestion());
    }

    private static Template s3() {
        return template(TestDeployments.demo());
    }

    private static Template kinesisOnDemand() {
        return template(TestDeployments.kinesisWithQuickSight());
    }

    private static Template kinesisProvisioned() {
        return template(TestDeployments.kinesisProvisionedDeployment());
    }

    private static Template mskOnEc2() {
        return template(TestDeployments.everything());
    }

    @Test
    void s3_sink_publishes_raw_batches_to_the_lake_and_may_only_create_raw_objects() {
        Template t = s3();
        t.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of(
                "RequiresCompatibilities", List.of("FARGATE"),
                "ContainerDefinitions", List.of(Match.objectLike(Map.of(
                        "Command", Match.arrayWith(List.of("--path=/collect",
                                "--apps-from=dynamodb:clickstream-demo-metadata?region=eu-west-1",
                                "--buffer=/tmp/ingest-buffer", "--roll-seconds=30")),
                        "StopTimeout", 120)))));
        t.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(
                Match.objectLike(Map.of("Action", List.of("s3:PutObject", "s3:AbortMultipartUpload"))))))));
        // The apps come from the studio's metadata table, which the collector may only read.
        assertThat(t.findResources("AWS::IAM::Policy").toString())
                .contains("[dynamodb:DescribeTable, dynamodb:Query, dynamodb:GetItem]", ":table/clickstream-demo-metadata")
                .doesNotContain("dynamodb:PutItem");
        assertThat(t.findResources("AWS::ECS::TaskDefinition").toString()).doesNotContain("--allowed-origins");
        t.resourceCountIs("AWS::Kinesis::Stream", 0);
        t.resourceCountIs("AWS::KinesisFirehose::DeliveryStream", 0);
        t.resourceCountIs("AWS::MSK::Cluster", 0);
    }

    @Test
    void fleet_runs_behind_a_load_balancer_with_access_logs_and_scales_on_cpu_between_min_and_max() {
        Template t = s3();
        t.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Map.of(
                "Scheme", "internet-facing",
                "LoadBalancerAttributes", Match.arrayWith(List.of(
                        Map.of("Key", "access_logs.s3.enabled", "Value", "true")))));
        t.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Map.of(
                "LoadBalancerAttributes", Match.arrayWith(List.of(
                        Map.of("Key", "routing.http.drop_invalid_header_fields.enabled", "Value", "true")))));
        t.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Map.of(
                "HealthCheckPath", "/health", "Port", 8088, "TargetType", "ip"));
        t.hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", Map.of("MinCapacity", 2, "MaxCapacity", 4));
        t.hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", Map.of(
                "TargetTrackingScalingPolicyConfiguration", Match.objectLike(Map.of("TargetValue", 50,
                        "PredefinedMetricSpecification", Map.of("PredefinedMetricType", "ECSServiceAverageCPUUtilization")))));
        t.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Map.of("Port", 80, "Protocol", "HTTP"));
        t.resourceCountIs("AWS::GlobalAccelerator::Accelerator", 0);
    }

    @Test
    void kinesis_on_demand_sink_is_encrypted_and_firehose_writes_it_to_the_raw_layout() {
        Template t = kinesisOnDemand();
        t.hasResourceProperties("AWS::Kinesis::Stream", Map.of(
                "StreamModeDetails", Map.of("StreamMode", "ON_DEMAND"),
                "StreamEncryption", Match.objectLike(Map.of("EncryptionType", "KMS"))));
        t.hasResourceProperties("AWS::KinesisFirehose::DeliveryStream", Map.of(
                "DeliveryStreamType", "KinesisStreamAsSource",
                "ExtendedS3DestinationConfiguration", Match.objectLike(Map.of(
                        "Prefix", "raw/app_id=!{partitionKeyFromQuery:app_id}/date=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}/",
                        "CompressionFormat", "GZIP",
                        "FileExtension", ".jsonl.gz",
                        "DynamicPartitioningConfiguration", Match.objectLike(Map.of("Enabled", true)),
                        "ProcessingConfiguration", Map.of("Enabled", true, "Processors", List.of(Map.of(
                                "Type", "MetadataExtraction",
                                "Parameters", List.of(
                                        Map.of("ParameterName", "MetadataExtractionQuery", "ParameterValue", "{app_id: .app_id}"),
                                        Map.of("ParameterName", "JsonParsingEngine", "ParameterValue", "JQ-1.6")))))))));
        // The stream's name is a reference, joined into the argument.
        assertThat(t.findResources("AWS::ECS::TaskDefinition").toString()).contains("--kinesis=");
    }

    @Test
    void static_app_ids_are_accepted_with_their_allowed_origins() {
        assertThat(kinesisOnDemand().findResources("AWS::ECS::TaskDefinition").toString())
                .contains("--apps=shop,app", "--allowed-origins=https://shop.example.com").doesNotContain("--apps-from");
    }

    @Test
    void kinesis_provisioned_sink_has_its_shards() {
        kinesisProvisioned().hasResourceProperties("AWS::Kinesis::Stream", Map.of(
                "ShardCount", 4, "RetentionPeriodHours", 48,
                "StreamModeDetails", Map.of("StreamMode", "PROVISIONED")));
    }

    @Test
    void msk_sink_is_tls_only_encrypted_and_read_into_the_lake_by_the_collectors_own_loader() {
        Template t = mskOnEc2();
        t.hasResourceProperties("AWS::MSK::Cluster", Map.of(
                "NumberOfBrokerNodes", 3,
                "EncryptionInfo", Match.objectLike(Map.of("EncryptionInTransit",
                        Map.of("ClientBroker", "TLS", "InCluster", true))),
                "LoggingInfo", Match.objectLike(Map.of("BrokerLogs", Match.objectLike(Map.of(
                        "CloudWatchLogs", Match.objectLike(Map.of("Enabled", true))))))));
        t.hasResourceProperties("AWS::MSK::Configuration", Map.of("ServerProperties",
                Match.stringLikeRegexp("auto.create.topics.enable=true[\\s\\S]*num.partitions=6[\\s\\S]*default.replication.factor=3")));
        t.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("ContainerDefinitions", List.of(Match.objectLike(Map.of(
                "EntryPoint", Match.arrayWith(List.of("io.clickstream.ingestion.KafkaLoaderMain")),
                "Command", Match.arrayWith(List.of("--kafka-topic=clickstream-raw", "--kafka-tls=true",
                        "--roll-seconds=10")))))));
        t.hasResourceProperties("AWS::ECS::Service", Map.of("DesiredCount", 2, "LaunchType", "FARGATE"));
        t.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Map.of("FromPort", 9094, "ToPort", 9094));
        t.resourceCountIs("Custom::AWS", 1);
    }

    @Test
    void ec2_launch_type_runs_on_encrypted_imdsv2_instances_of_a_capacity_provider() {
        Template t = mskOnEc2();
        t.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("RequiresCompatibilities", List.of("EC2"),
                "NetworkMode", "awsvpc"));
        t.hasResourceProperties("AWS::ECS::CapacityProvider", Map.of("AutoScalingGroupProvider", Match.objectLike(Map.of(
                "ManagedScaling", Map.of("Status", "ENABLED", "TargetCapacity", 100)))));
        t.hasResourceProperties("AWS::EC2::LaunchTemplate", Map.of("LaunchTemplateData", Match.objectLike(Map.of(
                "MetadataOptions", Match.objectLike(Map.of("HttpTokens", "required")),
                "BlockDeviceMappings", List.of(Match.objectLike(Map.of("Ebs", Match.objectLike(Map.of("Encrypted", true)))))))));
        t.resourceCountIs("AWS::AutoScaling::LaunchConfiguration", 0);
    }

    @Test
    void a_domain_gets_https_with_a_validated_certificate_a_redirect_and_the_global_accelerator() {
        Template t = mskOnEc2();
        t.hasResourceProperties("AWS::CertificateManager::Certificate", Map.of("DomainName", "collect.example.com",
                "ValidationMethod", "DNS"));
        t.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Map.of("Port", 443, "Protocol", "HTTPS",
                "SslPolicy", Match.stringLikeRegexp("ELBSecurityPolicy-TLS13.*")));
        t.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Map.of("Port", 80, "DefaultActions",
                List.of(Match.objectLike(Map.of("Type", "redirect")))));
        t.hasResourceProperties("AWS::Route53::RecordSet", Map.of("Name", "collect.example.com.", "Type", "A"));
        t.resourceCountIs("AWS::GlobalAccelerator::Accelerator", 1);
        t.hasResourceProperties("AWS::GlobalAccelerator::EndpointGroup", Map.of("EndpointConfigurations",
                List.of(Match.objectLike(Map.of("ClientIPPreservationEnabled", true)))));
        t.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("ContainerDefinitions", List.of(Match.objectLike(Map.of(
                "Command", Match.arrayWith(List.of("--auth-issuer=https://login.example.com/realms/shop",
                        "--auth-audience=collector")))))));
    }

    @Test
    void refuses_a_capacity_whose_minimum_exceeds_its_maximum() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new IngestionProps(
                        io.clickstream.infra.common.ContainerImageRef.of("x/y:1"), IngestionProps.LaunchType.FARGATE, null,
                        1024, 2048, 5, 2, 50, "/collect", List.of("a"), null, List.of(), null, null, null, false, true,
                        new IngestionProps.S3Sink(10), 30))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 <= min <= max");
        assertThat(new IngestionProps.S3Sink(10).rollSeconds()).isEqualTo(10);
    }
}
