package io.clickstream.infra;

import io.clickstream.infra.common.ContainerImageRef;
import io.clickstream.infra.ingestion.IngestionProps;
import io.clickstream.infra.lake.DataLakeStack;
import io.clickstream.infra.modeling.ModelingStack;
import io.clickstream.infra.monitoring.MonitoringStack;
import io.clickstream.infra.network.NetworkStack;
import io.clickstream.infra.processing.ProcessingStack;
import io.clickstream.infra.reporting.ReportingStack;
import io.clickstream.infra.studio.StudioProps;
import java.util.List;
import io.clickstream.pipeline.definition.PipelineDefinitionCodec;
import java.nio.file.Path;
import java.util.Set;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/** Deployments the tests synthesize: one base and its variants, each changing one part. */
public final class TestDeployments {

    public static final String ACCOUNT = "123456789012";
    public static final String REGION = "eu-west-1";
    public static final String INGESTION_IMAGE = ACCOUNT + ".dkr.ecr.eu-west-1.amazonaws.com/clickstream/ingestion:1.0";
    public static final String STUDIO_IMAGE = ACCOUNT + ".dkr.ecr.eu-west-1.amazonaws.com/clickstream/studio:1.0";
    public static final String ETL_JAR = "s3://artifacts-bucket/etl/etl-job-thin.jar";

    private TestDeployments() {
    }

    public static IngestionProps ingestion(IngestionProps.Sink sink) {
        return new IngestionProps(ContainerImageRef.of(INGESTION_IMAGE), IngestionProps.LaunchType.FARGATE, null,
                1024, 2048, 2, 6, 50, "/collect", List.of("shop", "app"), null, List.of("https://shop.example.com"), null,
                null, null, false, true, sink, 30);
    }

    /**
     * The demo pipeline file ({@code pipelines/demo.yaml}) as {@code cdk synth} maps it: S3 sink on Fargate, the
     * collector following the apps of the studio's metadata table, Athena only, the studio with Cognito, no
     * QuickSight; images built from the modules' Dockerfiles.
     */
    public static Deployment demo() {
        return DefinitionMapping.map(PipelineDefinitionCodec.read(Path.of("pipelines/demo.yaml")),
                new DefinitionMapping.Options(ACCOUNT, null, List.of(), null, "..", ETL_JAR, null, null, true, null,
                        null, null, null, null, null, "ops@example.com", 15, 120, 5.0, "rate(1 hour)"));
    }

    public static Deployment deployment(String name, IngestionProps ingestion, ModelingStack.Redshift redshift,
                                        ReportingStack.ReportingProps reporting, int azs) {
        return new Deployment(name, ACCOUNT, REGION,
                new NetworkStack.NetworkProps(null, "10.0.0.0/16", azs, 1,
                        Set.of("ecr.api", "ecr.dkr", "logs", "secretsmanager", "athena", "kinesis-streams"), 30,
                        null, null),
                new DataLakeStack.DataLakeProps("clickstream-" + name, 365),
                ingestion,
                new ProcessingStack.ProcessingProps("rate(10 minutes)", ETL_JAR, null, 16, 64, 60,
                        List.of("--anonymize-ip"), "s3://artifacts-bucket/geoip/GeoLite2-City.mmdb",
                        List.of("s3://artifacts-bucket/plugins/coupons.jar"), 30),
                new ModelingStack.ModelingProps("clickstream_" + name, null, List.of("shop", "app"), 100, 30, redshift),
                reporting,
                new StudioProps(ContainerImageRef.of(STUDIO_IMAGE), "clickstream-" + name + "-metadata", 1024, 4096, 2, null,
                        new StudioProps.Cognito("clickstream-" + name), 90),
                new MonitoringStack.MonitoringProps(name, 15, 120, 5.0, "ops@example.com"), Map.of("team", "data"),
                List.of());
    }

    public static IngestionProps.KinesisSink kinesisOnDemand() {
        return new IngestionProps.KinesisSink(null, true, 0, 24, 60);
    }

    public static IngestionProps.KinesisSink kinesisProvisioned() {
        return new IngestionProps.KinesisSink(null, false, 4, 48, 120);
    }

    public static IngestionProps.MskSink msk() {
        return new IngestionProps.MskSink(null, null, "3.8.x", "kafka.m7g.large", 3, 100, "clickstream-raw", 6, 3, 2, 10);
    }

    /** Every optional part at once: MSK on EC2 with HTTPS and Global Accelerator, Redshift, QuickSight over it. */
    public static Deployment everything() {
        IngestionProps ingestion = new IngestionProps(ContainerImageRef.of(INGESTION_IMAGE),
                IngestionProps.LaunchType.EC2, "c7g.large", 1024, 1536, 2, 6, 60, "/collect", List.of("shop"), null,
                List.of(), "https://login.example.com/realms/shop", "collector",
                new IngestionProps.Https("collect.example.com", null, "Z0123456789ABCDEFGHIJ", "example.com"),
                true, true, msk(), 30);
        Deployment d = deployment("full", ingestion, new ModelingStack.Redshift("analytics", 16, 64, List.of(),
                        List.of(), "rate(1 hour)", 3),
                new ReportingStack.ReportingProps("arn:aws:quicksight:eu-west-1:123456789012:group/default/analysts",
                        ReportingStack.Engine.REDSHIFT), 3);
        return new Deployment(d.name(), d.account(), d.region(), d.network(), d.lake(), d.ingestion(),
                d.processing(), d.modeling(), d.reporting(),
                new StudioProps(ContainerImageRef.of(STUDIO_IMAGE), "clickstream-full-metadata", 1024, 4096, 2,
                        new IngestionProps.Https("studio.example.com",
                                "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555",
                                null, null),
                        new StudioProps.Oidc("https://login.example.com/realms/shop", "studio", null), 90),
                d.monitoring(), d.tags(), d.warnings());
    }

    /** Base with a Kinesis on-demand stream and QuickSight over Athena. */
    public static Deployment kinesisWithQuickSight() {
        return deployment("kin", ingestion(kinesisOnDemand()), null,
                new ReportingStack.ReportingProps("arn:aws:quicksight:eu-west-1:123456789012:group/default/analysts",
                        ReportingStack.Engine.ATHENA), 2);
    }

    /** Base with a provisioned Kinesis stream. */
    public static Deployment kinesisProvisionedDeployment() {
        return deployment("kpr", ingestion(kinesisProvisioned()), null, null, 2);
    }

    private static final Map<String, Synthesized> SYNTHESIZED = new ConcurrentHashMap<>();

    /**
     * The deployment synthesized once per test JVM, with cdk-nag's AwsSolutions checks applied: every test class
     * that looks at the same variant shares its templates (a synth costs tens of seconds).
     */
    public static Synthesized synthesized(Deployment deployment) {
        return SYNTHESIZED.computeIfAbsent(deployment.name(), name -> {
            App app = new App();
            ClickstreamStacks stacks = ClickstreamStacks.create(app, deployment);
            Aspects.of(app).add(new AwsSolutionsChecks());
            Map<String, Template> templates = new LinkedHashMap<>();
            for (Stack stack : stacks.all()) {
                templates.put(stack.getStackName(), Template.fromStack(stack));
            }
            return new Synthesized(deployment, stacks, templates);
        });
    }

    /** A synthesized deployment: its stacks and their templates. */
    public record Synthesized(Deployment deployment, ClickstreamStacks stacks, Map<String, Template> templates) {
        public Template template(Stack stack) {
            return templates.get(stack.getStackName());
        }
    }
}
