package io.clickstream.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickstream.infra.ingestion.IngestionProps;
import io.clickstream.infra.reporting.ReportingStack;
import io.clickstream.infra.studio.StudioProps;
import io.clickstream.pipeline.definition.PipelineDefinitionCodec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pipeline definition's fields as the stacks' props: no synth, just the mapping. */
class DefinitionMappingTest {

    private static final Path SAMPLES = Path.of("../pipeline-engine/src/test/resources/pipelines");

    private static DefinitionMapping.Options options(List<String> apps) {
        return DefinitionMapping.Options.fromContext(key -> switch (key) {
            case "apps" -> String.join(",", apps);
            case "etlJar" -> TestDeployments.ETL_JAR;
            case "alarmEmail" -> "ops@example.com";
            default -> null;
        }, key -> key.equals("CDK_DEFAULT_ACCOUNT") ? TestDeployments.ACCOUNT : null);
    }

    @Test
    void demo_file_deploys_an_s3_sink_on_fargate_with_athena_and_a_cognito_studio() {
        Deployment d = DefinitionMapping.map(PipelineDefinitionCodec.read(Path.of("pipelines/demo.yaml")),
                options(List.of("demo")));
        assertThat(d.name()).isEqualTo("demo");
        assertThat(d.account()).isEqualTo(TestDeployments.ACCOUNT);
        assertThat(d.region()).isEqualTo("eu-west-1");
        assertThat(d.ingestion().sink()).isEqualTo(new IngestionProps.S3Sink(30));
        assertThat(d.ingestion().launchType()).isEqualTo(IngestionProps.LaunchType.FARGATE);
        assertThat(List.of(d.ingestion().minTasks(), d.ingestion().maxTasks(), d.ingestion().targetCpuPercent()))
                .containsExactly(2, 4, 50);
        assertThat(d.ingestion().appIds()).containsExactly("demo");
        assertThat(d.processing().scheduleExpression()).isEqualTo("rate(10 minutes)");
        assertThat(d.processing().etlArguments()).containsExactly("--anonymize-ip", "--pii-hash=email",
                "--session-timeout-minutes=30");
        assertThat(d.lake().rawRetentionDays()).isEqualTo(90);
        assertThat(d.modeling().scanLimitGb()).isEqualTo(50);
        assertThat(d.modeling().redshift()).isNull();
        assertThat(d.reporting()).isNull();
        assertThat(d.studio().signIn()).isEqualTo(new StudioProps.Cognito("clickstream-demo"));
        assertThat(d.network().existingVpcId()).isNull();
        assertThat(d.network().interfaceEndpoints()).contains("ecr.api", "ecr.dkr", "logs", "secretsmanager", "athena")
                .doesNotContain("kinesis-streams");
        assertThat(d.tags()).isEqualTo(Map.of("project", "clickstream-demo"));
        assertThat(d.warnings()).isEmpty();
    }

    @Test
    void without_app_ids_the_collector_follows_the_studios_metadata_table() {
        Deployment d = DefinitionMapping.map(PipelineDefinitionCodec.read(Path.of("pipelines/demo.yaml")),
                options(List.of()));
        assertThat(d.ingestion().appIds()).isEmpty();
        assertThat(d.ingestion().appsFromTable()).isEqualTo("clickstream-demo-metadata");
        assertThat(d.studio().metadataTable()).isEqualTo("clickstream-demo-metadata");
        assertThat(d.modeling().appIds()).isEmpty();
    }

    @Test
    void full_aws_sample_maps_every_section_it_sets() {
        Deployment d = DefinitionMapping.map(PipelineDefinitionCodec.read(SAMPLES.resolve("aws-pipeline.yaml")),
                options(List.of("shop", "android")));
        assertThat(d.network().existingVpcId()).isEqualTo("vpc-0a1b2c3d4e5f60718");
        assertThat(d.network().privateSubnetIds()).hasSize(3);
        assertThat(d.network().natGateways()).isZero();
        assertThat(d.lake().existingBucket()).isEqualTo("shop-clickstream-lake");
        assertThat(d.lake().prefix()).isEqualTo("prod/");
        assertThat(d.lake().rawRetentionDays()).isEqualTo(180);
        assertThat(d.ingestion().sink()).isEqualTo(new IngestionProps.KinesisSink(null, false, 4, 48, 60));
        assertThat(d.ingestion().https()).isEqualTo(new IngestionProps.Https("collect.shop.example.com",
                "arn:aws:acm:eu-west-1:123456789012:certificate/8f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b", null, null));
        assertThat(d.ingestion().globalAccelerator()).isTrue();
        assertThat(d.ingestion().authIssuer()).isEqualTo("https://login.example.com/realms/shop");
        assertThat(d.ingestion().minTasks()).isEqualTo(2);
        assertThat(d.ingestion().maxTasks()).isEqualTo(8);
        assertThat(d.processing().scheduleExpression()).isEqualTo("cron(0/15 * * * ? *)");
        assertThat(d.processing().etlArguments()).contains("--plugin=com.example.clickstream.CouponEnricher",
                "--pii-hash=email,customer_id", "--pii-drop=phone", "--anonymize-ip");
        assertThat(d.processing().pluginJars())
                .containsExactly("s3://shop-clickstream-artifacts/plugins/coupon-enricher-1.2.0.jar");
        assertThat(d.processing().geoipDatabase()).isEqualTo("s3://shop-clickstream-artifacts/geoip/GeoLite2-City.mmdb");
        assertThat(d.warnings()).singleElement().asString().contains("settings are not passed");
        assertThat(d.modeling().existingWorkGroup()).isEqualTo("shop-analytics");
        assertThat(d.modeling().scanLimitGb()).isEqualTo(200);
        assertThat(d.modeling().appIds()).containsExactly("shop", "android");
        assertThat(d.modeling().redshift().baseRpu()).isEqualTo(16);
        assertThat(d.modeling().redshift().databaseName()).isEqualTo("clickstream");
        assertThat(d.modeling().redshift().securityGroupIds()).containsExactly("sg-0123456789abcdef0");
        assertThat(d.reporting()).isEqualTo(new ReportingStack.ReportingProps(
                "arn:aws:quicksight:eu-west-1:123456789012:user/default/analytics-admin", ReportingStack.Engine.REDSHIFT));
        assertThat(d.network().interfaceEndpoints()).contains("kinesis-streams", "redshift-data");
        assertThat(d.tags()).containsEntry("cost-center", "analytics");
    }

    @Test
    void kafka_sink_becomes_a_new_msk_cluster_with_the_collectors_loader() {
        Deployment d = DefinitionMapping.map(PipelineDefinitionCodec.read("""
                name: kafka-pipe
                runtime: aws
                region: us-east-1
                ingestion:
                  sink:
                    type: kafka
                    kafka:
                      brokerCount: 2
                      partitions: 6
                modeling:
                  athena:
                    enabled: true
                """), options(List.of("shop")));
        IngestionProps.MskSink msk = (IngestionProps.MskSink) d.ingestion().sink();
        assertThat(msk.createsCluster()).isTrue();
        assertThat(msk.topic()).isEqualTo("clickstream-kafka-pipe");
        assertThat(List.of(msk.brokerCount(), msk.partitions(), msk.replicationFactor(), msk.loaderTasks()))
                .containsExactly(2, 6, 2, 2);
        assertThat(msk.brokerInstanceType()).isEqualTo("kafka.m5.large");
    }

    @Test
    void refuses_a_local_pipeline_a_local_sink_and_a_collector_without_apps_or_studio() {
        assertThatThrownBy(() -> DefinitionMapping.map(PipelineDefinitionCodec.read(SAMPLES.resolve("demo-pipeline.yaml")),
                options(List.of("demo")))).hasMessageContaining("runtime: local");
        assertThatThrownBy(() -> DefinitionMapping.map(PipelineDefinitionCodec.read("""
                name: files
                runtime: aws
                region: us-east-1
                ingestion:
                  sink:
                    type: local
                """), options(List.of("demo")))).hasMessageContaining("on AWS choose s3, kinesis or kafka");
        assertThatThrownBy(() -> DefinitionMapping.map(PipelineDefinitionCodec.read("""
                name: alone
                runtime: aws
                region: us-east-1
                modeling:
                  athena:
                    enabled: true
                """), DefinitionMapping.Options.fromContext(key -> key.equals("studio") ? "false" : null, key -> null)))
                .hasMessageContaining("-c apps=");
    }

    @Test
    void refuses_redshift_in_a_new_vpc_of_two_zones() {
        assertThatThrownBy(() -> DefinitionMapping.map(PipelineDefinitionCodec.read("""
                name: rs
                runtime: aws
                region: us-east-1
                modeling:
                  redshift:
                    enabled: true
                """), options(List.of("demo")))).hasMessageContaining("three availability zones");
    }
}
