package io.clickstream.pipeline.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.pipeline.definition.FieldError;
import io.clickstream.pipeline.definition.PipelineDefinition;
import io.clickstream.pipeline.definition.PipelineDefinitionCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineValidatorTest {

    private static final Path SAMPLES = Path.of("src/test/resources/pipelines");
    private static final Path GEOIP = Path.of(System.getProperty("clickstream.shared.dir", "../../shared"), "testdata",
            "geoip").toAbsolutePath().normalize();

    @TempDir
    Path dataDir;

    private final PipelineValidator validator = new PipelineValidator();

    private List<FieldError> validate(String text) {
        return validator.validate(PipelineDefinitionCodec.read(text), ValidationContext.standalone(dataDir));
    }

    private List<FieldError> validate(PipelineDefinition d, ValidationContext context) {
        return validator.validate(d, context);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void the_minimal_local_definition_is_valid() throws IOException {
        assertThat(validate("{\"name\":\"edge\",\"ingestion\":{\"port\":" + freePort() + "}}")).isEmpty();
    }

    @Test
    void the_sample_definitions_are_valid() throws IOException {
        PipelineDefinition demo = PipelineDefinitionCodec.read(SAMPLES.resolve("demo-pipeline.yaml"));
        demo = demo.withIngestion(demo.ingestion().withPort(freePort()));
        assertThat(validate(demo, ValidationContext.standalone(dataDir))).isEmpty();
        assertThat(validate(PipelineDefinitionCodec.read(SAMPLES.resolve("aws-pipeline.yaml")),
                ValidationContext.standalone(dataDir))).isEmpty();
    }

    @Test
    void a_port_another_program_listens_on_is_in_use() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("0.0.0.0", 0));
            int port = taken.getLocalPort();

            assertThat(validate("{\"name\":\"edge\",\"ingestion\":{\"port\":" + port + "}}")).containsExactly(
                    new FieldError("ingestion.port", "port " + port + " is in use by another program on this machine"));
        }
    }

    @Test
    void a_port_of_another_pipeline_is_taken_even_while_that_pipeline_is_stopped() throws IOException {
        int port = freePort();
        ValidationContext context = new ValidationContext(dataDir, Set.of("shop"), Map.of(port, "shop"), -1,
                PortProbe.system());

        assertThat(validate(PipelineDefinition.local("edge", port), context)).containsExactly(
                new FieldError("ingestion.port", "port " + port + " is used by the pipeline 'shop'"));
    }

    @Test
    void an_update_may_keep_the_port_its_own_ingestion_listens_on() throws IOException {
        try (ServerSocket own = new ServerSocket(0)) {
            int port = own.getLocalPort();
            ValidationContext updating = new ValidationContext(dataDir, Set.of(), Map.of(), port, PortProbe.system());

            assertThat(validate(PipelineDefinition.local("edge", port), updating)).isEmpty();
        }
    }

    @Test
    void a_port_outside_the_range_and_a_taken_name_are_both_reported() {
        ValidationContext context = new ValidationContext(dataDir, Set.of("edge"), Map.of(), -1, PortProbe.system());

        assertThat(validate(PipelineDefinition.local("edge", 70000), context)).containsExactly(
                new FieldError("name", "a pipeline named 'edge' already exists; choose another name"),
                new FieldError("ingestion.port", "port 70000 does not exist: use 1024-65535 (or 0 for any free port)"));
    }

    @Test
    void a_bad_name_path_origin_and_proxy_are_named_by_field() {
        assertThat(validate("""
                name: Edge_1
                ingestion:
                  port: 0
                  path: /health
                  allowedOrigins: [https://shop.example.com/, https://ok.example.com]
                  trustedProxies: [10.0.0.0/8, 10.0.0.0/40]
                """)).extracting(FieldError::field).containsExactly(
                "name", "ingestion.path", "ingestion.allowedOrigins[0]", "ingestion.trustedProxies[1]");
    }

    @Test
    void a_bad_cron_says_what_is_wrong() {
        assertThat(validate("{\"name\":\"edge\",\"ingestion\":{\"port\":0},"
                + "\"processing\":{\"schedule\":\"cron(*/5 * * * *)\"}}")).singleElement().satisfies(e -> {
                    assertThat(e.field()).isEqualTo("processing.schedule");
                    assertThat(e.message()).contains("6 fields", "add the year");
                });
    }

    @Test
    void an_unknown_plugin_class_is_named() {
        assertThat(validate("""
                name: edge
                ingestion: {port: 0}
                processing:
                  plugins:
                    - className: io.clickstream.pipeline.validation.SampleEnricher
                    - className: com.example.NoSuchEnricher
                    - className: java.lang.String
                """)).containsExactly(
                new FieldError("processing.plugins[1].className", "there is no class com.example.NoSuchEnricher on the "
                        + "ETL's classpath (give the jar that holds it)"),
                new FieldError("processing.plugins[2].className",
                        "java.lang.String does not implement io.clickstream.etl.enrich.EventEnricher"));
    }

    @Test
    void a_plugin_loads_from_its_jar_and_a_missing_jar_is_named() throws Exception {
        Path jar = pluginJar("com.example.CouponEnricher");

        assertThat(validate("name: edge\ningestion: {port: 0}\nprocessing:\n  plugins:\n"
                + "    - {className: com.example.CouponEnricher, jar: " + jar + ", settings: {attribute: _coupon}}\n"))
                .isEmpty();
        assertThat(validate("name: edge\ningestion: {port: 0}\nprocessing:\n  plugins:\n"
                + "    - {className: com.example.OtherEnricher, jar: " + jar + "}\n"
                + "    - {className: com.example.CouponEnricher, jar: missing.jar}\n"))
                .containsExactly(
                        new FieldError("processing.plugins[0].className",
                                "there is no class com.example.OtherEnricher in " + jar),
                        new FieldError("processing.plugins[1].jar", "there is no jar " + dataDir.resolve("missing.jar")));
    }

    @Test
    void a_missing_or_wrong_geoip_database_is_named_and_a_city_database_is_accepted() {
        String base = "{\"name\":\"edge\",\"ingestion\":{\"port\":0},\"processing\":{\"geoipDatabase\":\"%s\"}}";

        assertThat(validate(base.formatted("GeoLite2-City.mmdb"))).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("processing.geoipDatabase");
            assertThat(e.message()).startsWith("there is no file " + dataDir.resolve("GeoLite2-City.mmdb"));
        });
        assertThat(validate(base.formatted(GEOIP.resolve("GeoLite2-ASN-Test.mmdb")))).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("GeoLite2-ASN", "needs a City database"));
        assertThat(validate(base.formatted(GEOIP.resolve("GeoIP2-City-Test.json")))).singleElement()
                .satisfies(e -> assertThat(e.message()).startsWith("GeoIP2-City-Test.json is not a MaxMind database"));
        assertThat(validate(base.formatted(GEOIP.resolve("GeoLite2-City-Test.mmdb")))).isEmpty();
    }

    @Test
    void a_lake_directory_under_a_file_or_with_a_nul_character_is_named() throws IOException {
        Files.writeString(dataDir.resolve("lake.txt"), "not a directory");

        assertThat(validate("{\"name\":\"edge\",\"ingestion\":{\"port\":0},\"lake\":{\"directory\":\"lake.txt/x\"}}"))
                .containsExactly(new FieldError("lake.directory", dataDir.resolve("lake.txt") + " is a file, not a directory"));
        assertThat(validate("{\"name\":\"edge\",\"ingestion\":{\"port\":0},\"lake\":{\"directory\":\"a\\u0000b\"}}"))
                .containsExactly(new FieldError("lake.directory", "'a\u0000b' is not a valid path"));
        assertThat(validate("{\"name\":\"edge\",\"ingestion\":{\"port\":0},\"lake\":{\"directory\":\"lakes/edge\"}}"))
                .isEmpty();
    }

    @Test
    void local_runtime_refuses_aws_only_sinks_and_engines() {
        assertThat(validate("""
                name: edge
                ingestion: {port: 0, sink: {type: kinesis}}
                modeling: {athena: {enabled: true}, duckdb: false}
                reporting: {quickSight: {enabled: true}}
                """)).extracting(FieldError::field).containsExactly("ingestion.sink.type",
                "modeling.athena.enabled", "modeling.duckdb", "reporting.quickSight.enabled");
        assertThat(validate("{\"name\":\"edge\",\"ingestion\":{\"port\":0,\"sink\":{\"type\":\"kafka\"}}}"))
                .containsExactly(new FieldError("ingestion.sink.kafka.bootstrapServers",
                        "the local runtime needs the brokers of your Kafka, e.g. localhost:9092"));
    }

    @Test
    void redshift_without_a_vpc_is_refused() {
        assertThat(validate(aws("""
                modeling:
                  redshift: {enabled: true, baseRpu: 12}
                """))).containsExactly(
                new FieldError("modeling.redshift.baseRpu", "the base capacity is 8 to 512 RPU in steps of 8, not 12"),
                new FieldError("modeling.redshift.vpcId", "Redshift Serverless runs inside a VPC: give its vpcId and "
                        + "at least 3 subnetIds in 3 availability zones"));
    }

    @Test
    void aws_fields_that_contradict_each_other_are_each_named() {
        assertThat(validate(aws("""
                ingestion:
                  sink:
                    type: kinesis
                    kinesis: {shards: 3}
                    kafka: {topic: raw}
                  capacity: {min: 3, max: 2}
                  domain: {name: collect.example.com,
                           certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/8f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b"}
                  globalAccelerator: true
                  internetFacing: false
                processing: {rawRetentionDays: 7, geoipDatabase: /srv/GeoLite2-City.mmdb}
                modeling: {duckdb: true, athena: {enabled: true}}
                """))).containsExactly(
                new FieldError("ingestion.sink.kafka", "Kafka settings are given but the sink type is kinesis: set "
                        + "type: kafka or remove them"),
                new FieldError("ingestion.sink.kinesis.shards", "an on-demand stream scales its shards itself: leave "
                        + "shards out, or set capacityMode: provisioned"),
                new FieldError("ingestion.capacity.max", "the most tasks (2) is below the fewest (3)"),
                new FieldError("ingestion.domain.certificateArn", "the ACM certificate is in us-east-1 but the "
                        + "pipeline is in eu-west-1: use one from eu-west-1"),
                new FieldError("ingestion.globalAccelerator", "Global Accelerator serves internet clients: it needs "
                        + "ingestion.internetFacing: true"),
                new FieldError("processing.geoipDatabase", "the ETL on AWS reads the GeoIP database from S3: give an "
                        + "s3://bucket/key URI of the .mmdb file"),
                new FieldError("processing.rawRetentionDays", "7 is out of range: use 31 to 36500 days (raw batches "
                        + "move to infrequent access after 30 days)"),
                new FieldError("modeling.duckdb", "DuckDB queries a local lake only: on AWS use Athena and/or Redshift"));
    }

    @Test
    void aws_needs_a_region_a_query_engine_and_msk_brokers_spread_over_the_zones() {
        assertThat(validate("""
                name: cloud
                runtime: aws
                ingestion: {sink: {type: kafka, kafka: {brokerCount: 3}}, port: 0}
                """)).containsExactly(
                new FieldError("region", "an AWS pipeline needs a region, e.g. eu-west-1"),
                new FieldError("ingestion.port", "the container port behind the load balancer must be fixed, e.g. 8081"),
                new FieldError("ingestion.sink.kafka.brokerCount", "MSK spreads brokers evenly over the 2 availability "
                        + "zones: use a multiple of 2, e.g. 2"),
                new FieldError("modeling", "an AWS pipeline needs a query engine: enable athena and/or redshift"));
    }

    @Test
    void an_existing_vpc_needs_its_subnets() {
        assertThat(validate(aws("network: {vpcId: vpc-12345678, vpcCidr: 10.1.0.0/16}\n"
                + "modeling: {athena: {enabled: true}}\n"))).extracting(FieldError::field).containsExactly(
                "network.vpcCidr", "network.privateSubnetIds", "network.publicSubnetIds");
    }

    private static String aws(String rest) {
        return "name: cloud\nruntime: aws\nregion: eu-west-1\n" + rest;
    }

    /** Compiles an enricher into a jar of its own, as a user would ship it. */
    private Path pluginJar(String className) throws IOException {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        String pkg = className.substring(0, className.lastIndexOf('.'));
        Path src = dataDir.resolve("src").resolve(simple + ".java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, "package " + pkg + ";\n"
                + "public class " + simple + " implements io.clickstream.etl.enrich.EventEnricher {\n"
                + "  public boolean enrich(io.clickstream.etl.enrich.EventRecord e) { return true; }\n}\n");
        Path classes = Files.createDirectories(dataDir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                src.toString());
        assertThat(rc).as("javac").isZero();
        Path jar = dataDir.resolve("plugins").resolve(simple.toLowerCase() + ".jar");
        Files.createDirectories(jar.getParent());
        String entry = className.replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(entry));
            Files.copy(classes.resolve(entry), (OutputStream) out);
            out.closeEntry();
        }
        return jar;
    }
}
