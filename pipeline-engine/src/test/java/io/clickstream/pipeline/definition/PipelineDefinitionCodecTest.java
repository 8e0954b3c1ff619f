package io.clickstream.pipeline.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineDefinitionCodecTest {

    private static final Path SAMPLES = Path.of("src/test/resources/pipelines");

    @Test
    void minimal_local_definition_gets_every_default() {
        PipelineDefinition d = PipelineDefinitionCodec.read("{\"name\":\"edge\",\"ingestion\":{\"port\":18090}}");

        assertThat(d.name()).isEqualTo("edge");
        assertThat(d.runtime()).isEqualTo(RuntimeMode.LOCAL);
        assertThat(d.ingestion().port()).isEqualTo(18090);
        assertThat(d.ingestion().path()).isEqualTo("/collect");
        assertThat(d.ingestion().host()).isEqualTo("0.0.0.0");
        assertThat(d.ingestion().sink().type()).isEqualTo(SinkType.LOCAL);
        assertThat(d.ingestion().sink().batch()).isEqualTo(new SinkDefinition.Batch(64, 10));
        assertThat(d.ingestion().sink().kafka()).isNull();
        assertThat(d.processing().schedule()).isEqualTo("rate(1 minute)");
        assertThat(d.processing().botFilter()).isTrue();
        assertThat(d.processing().anonymizeIp()).isFalse();
        assertThat(d.processing().rawRetentionDays()).isEqualTo(365);
        assertThat(d.processing().plugins()).isEmpty();
        assertThat(d.modeling().duckdb()).isTrue();
        assertThat(d.modeling().athena().enabled()).isFalse();
        assertThat(d.modeling().redshift().enabled()).isFalse();
        assertThat(d.reporting().builtInDashboards()).isTrue();
        assertThat(d.reporting().quickSight().enabled()).isFalse();
        assertThat(d.network().createsVpc()).isTrue();
        assertThat(d).isEqualTo(PipelineDefinition.local("edge", 18090));
    }

    @Test
    void aws_runtime_defaults_to_an_s3_sink_an_hourly_etl_and_no_duckdb() {
        PipelineDefinition d = PipelineDefinitionCodec.read("""
                name: cloud
                runtime: AWS
                region: us-east-1
                modeling:
                  athena: {enabled: true}
                """);

        assertThat(d.runtime()).isEqualTo(RuntimeMode.AWS);
        assertThat(d.ingestion().sink().type()).isEqualTo(SinkType.S3);
        assertThat(d.processing().schedule()).isEqualTo("rate(1 hour)");
        assertThat(d.modeling().duckdb()).isFalse();
        assertThat(d.modeling().athena().scanLimitGiB()).isEqualTo(100);
        assertThat(d.ingestion().capacity()).isEqualTo(new IngestionDefinition.Capacity(2, 4, 50));
        assertThat(d.ingestion().compute()).isEqualTo(ComputeType.FARGATE);
        assertThat(d.network().vpcCidr()).isEqualTo("10.0.0.0/16");
        assertThat(d.network().maxAzs()).isEqualTo(2);
    }

    @Test
    void a_sink_type_without_its_settings_gets_their_defaults_and_optional_counts_stay_unset() {
        SinkDefinition kinesis = PipelineDefinitionCodec.read("{\"name\":\"a\",\"ingestion\":{\"sink\":{\"type\":\"kinesis\"}}}")
                .ingestion().sink();
        SinkDefinition kafka = PipelineDefinitionCodec.read(
                "{\"name\":\"a\",\"ingestion\":{\"sink\":{\"type\":\"kafka\",\"kafka\":{\"bootstrapServers\":\"k:9092\"}}}}")
                .ingestion().sink();

        assertThat(kinesis.kinesis()).isEqualTo(new SinkDefinition.KinesisSink(null, KinesisCapacityMode.ON_DEMAND, null, 24));
        assertThat(kafka.kafka()).isEqualTo(new SinkDefinition.KafkaSink(null, "k:9092", null, null, null, 4, 2));
        assertThat(kafka.kafka().createsMskCluster()).isFalse();
        assertThat(SinkDefinition.of(SinkType.KAFKA).kafka().brokerCount()).isEqualTo(2);
    }

    @Test
    void the_full_aws_example_reads_every_field() {
        PipelineDefinition d = PipelineDefinitionCodec.read(SAMPLES.resolve("aws-pipeline.yaml"));

        assertThat(d.region()).isEqualTo("eu-west-1");
        assertThat(d.tags()).containsEntry("owner", "data-platform");
        assertThat(d.network().vpcId()).isEqualTo("vpc-0a1b2c3d4e5f60718");
        assertThat(d.network().vpcCidr()).isNull();
        assertThat(d.network().privateSubnetIds()).hasSize(3);
        assertThat(d.lake()).isEqualTo(new LakeDefinition(null, "shop-clickstream-lake", "prod/"));
        IngestionDefinition in = d.ingestion();
        assertThat(in.auth()).isEqualTo(new IngestionDefinition.Auth("https://login.example.com/realms/shop", "collector"));
        assertThat(in.sink().type()).isEqualTo(SinkType.KINESIS);
        assertThat(in.sink().kinesis()).isEqualTo(
                new SinkDefinition.KinesisSink(null, KinesisCapacityMode.PROVISIONED, 4, 48));
        assertThat(in.sink().batch()).isEqualTo(new SinkDefinition.Batch(32, 60));
        assertThat(in.capacity()).isEqualTo(new IngestionDefinition.Capacity(2, 8, 60));
        assertThat(in.domain().name()).isEqualTo("collect.shop.example.com");
        assertThat(in.globalAccelerator()).isTrue();
        assertThat(d.processing().schedule()).isEqualTo("cron(0/15 * * * ? *)");
        assertThat(d.processing().plugins()).singleElement().satisfies(p -> {
            assertThat(p.className()).isEqualTo("com.example.clickstream.CouponEnricher");
            assertThat(p.settings()).containsExactly(Map.entry("couponAttribute", "_coupon"),
                    Map.entry("campaignTable", "s3://shop-clickstream-artifacts/campaigns.csv"));
        });
        assertThat(d.processing().pii()).isEqualTo(
                new ProcessingDefinition.PiiRules(List.of("email", "customer_id"), List.of("phone")));
        assertThat(d.modeling().redshift()).isEqualTo(new ModelingDefinition.Redshift(true, 16,
                "vpc-0a1b2c3d4e5f60718",
                List.of("subnet-0123456789abcdef0", "subnet-0fedcba9876543210", "subnet-0a0b0c0d0e0f01020"),
                List.of("sg-0123456789abcdef0"), "clickstream"));
        assertThat(d.reporting().quickSight().principalArn())
                .isEqualTo("arn:aws:quicksight:eu-west-1:123456789012:user/default/analytics-admin");
    }

    @Test
    void yaml_and_json_written_read_back_equal() {
        for (String sample : List.of("demo-pipeline.yaml", "aws-pipeline.yaml")) {
            PipelineDefinition d = PipelineDefinitionCodec.read(SAMPLES.resolve(sample));

            String yaml = PipelineDefinitionCodec.toYaml(d);
            String json = PipelineDefinitionCodec.toJson(d);

            assertThat(PipelineDefinitionCodec.read(yaml)).as(sample + " as YAML").isEqualTo(d);
            assertThat(PipelineDefinitionCodec.read(json)).as(sample + " as JSON").isEqualTo(d);
            assertThat(PipelineDefinitionCodec.fromTree(PipelineDefinitionCodec.toTree(d))).isEqualTo(d);
        }
    }

    @Test
    void written_yaml_spells_defaults_out_in_lower_case_and_leaves_out_what_is_empty() {
        String yaml = PipelineDefinitionCodec.toYaml(PipelineDefinition.local("edge", 18090));

        assertThat(yaml).startsWith("name: edge\nruntime: local\n")
                .contains("  port: 18090\n", "    type: local\n", "  schedule: rate(1 minute)\n", "  duckdb: true\n")
                .doesNotContain("region", "tags", "allowedOrigins", "kafka", "null");
    }

    @Test
    void rejects_a_misspelt_field_naming_it_and_the_known_ones_beside_it() {
        assertThatThrownBy(() -> PipelineDefinitionCodec.read("{\"name\":\"edge\",\"ingestion\":{\"prot\":18090}}"))
                .isInstanceOfSatisfying(DefinitionFormatException.class, e -> assertThat(e.errors())
                        .singleElement().satisfies(err -> {
                            assertThat(err.field()).isEqualTo("ingestion.prot");
                            assertThat(err.message()).startsWith("unknown field 'prot'").contains("port", "path");
                        }));
    }

    @Test
    void rejects_a_port_given_as_text_or_with_a_fraction() {
        assertThatThrownBy(() -> PipelineDefinitionCodec.read("name: edge\ningestion:\n  port: abc\n"))
                .isInstanceOfSatisfying(DefinitionFormatException.class, e -> assertThat(e.errors())
                        .containsExactly(new FieldError("ingestion.port", "expected a whole number, got 'abc'")));
        assertThatThrownBy(() -> PipelineDefinitionCodec.read("{\"name\":\"edge\",\"ingestion\":{\"port\":80.5}}"))
                .isInstanceOfSatisfying(DefinitionFormatException.class, e -> assertThat(e.errors())
                        .singleElement().satisfies(err -> {
                            assertThat(err.field()).isEqualTo("ingestion.port");
                            assertThat(err.message()).startsWith("expected a whole number");
                        }));
    }

    @Test
    void rejects_an_unknown_sink_type_listing_the_known_ones() {
        assertThatThrownBy(() -> PipelineDefinitionCodec.read("""
                name: edge
                ingestion:
                  sink:
                    type: firehose
                """))
                .isInstanceOfSatisfying(DefinitionFormatException.class, e -> assertThat(e.errors())
                        .containsExactly(new FieldError("ingestion.sink.type",
                                "unknown sink type 'firehose': use one of local, s3, kafka, kinesis")));
    }

    @Test
    void names_the_list_index_of_a_bad_plugin_entry() {
        assertThatThrownBy(() -> PipelineDefinitionCodec.read("""
                name: edge
                processing:
                  plugins:
                    - className: a.B
                    - clazz: c.D
                """))
                .isInstanceOfSatisfying(DefinitionFormatException.class, e -> assertThat(e.errors())
                        .singleElement().satisfies(err -> {
                            assertThat(err.field()).isEqualTo("processing.plugins[1].clazz");
                            assertThat(err.message()).startsWith("unknown field 'clazz'");
                        }));
    }

    @Test
    void rejects_text_that_is_neither_yaml_nor_an_object() {
        assertThatThrownBy(() -> PipelineDefinitionCodec.read("{\"name\": \"edge\""))
                .isInstanceOfSatisfying(DefinitionFormatException.class, e -> assertThat(e.errors())
                        .singleElement().satisfies(err -> {
                            assertThat(err.field()).isEmpty();
                            assertThat(err.message()).startsWith("not valid JSON");
                        }));
        assertThatThrownBy(() -> PipelineDefinitionCodec.read("- just\n- a list\n"))
                .isInstanceOfSatisfying(DefinitionFormatException.class, e -> assertThat(e.errors())
                        .singleElement().satisfies(err -> assertThat(err.message()).contains("must be an object")));
        assertThatThrownBy(() -> PipelineDefinitionCodec.read("  "))
                .isInstanceOf(DefinitionFormatException.class).hasMessage("the definition is empty");
    }
}
