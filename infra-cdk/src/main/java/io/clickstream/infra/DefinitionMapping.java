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
import io.clickstream.pipeline.definition.ComputeType;
import io.clickstream.pipeline.definition.IngestionDefinition;
import io.clickstream.pipeline.definition.KinesisCapacityMode;
import io.clickstream.pipeline.definition.ModelingDefinition;
import io.clickstream.pipeline.definition.PipelineDefinition;
import io.clickstream.pipeline.definition.ProcessingDefinition;
import io.clickstream.pipeline.definition.RuntimeMode;
import io.clickstream.pipeline.definition.SinkDefinition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Turns a pipeline definition (pipeline-engine's records, read from the same YAML or JSON file the studio keeps) and
 * the deployment's options (CDK context: app ids, images, the ETL jar, the studio's sign-in) into the props of every
 * stack. Settings the definition does not carry have defaults here, named in the README.
 */
public final class DefinitionMapping {

    /** Default Kafka version of a new MSK cluster. */
    static final String KAFKA_VERSION = "3.8.x";

    /**
     * What a deployment needs beside the definition, from CDK context ({@code -c name=value} or cdk.json).
     *
     * @param account              the AWS account, or null for an environment-agnostic synth
     * @param region               the region when the definition names none
     * @param appIds               the app ids the collector accepts (and Athena projects); empty to follow the apps of
     *                             the studio's metadata table
     * @param metadataTable        the studio's metadata table when the studio is deployed elsewhere
     * @param repositoryRoot       the checkout's root, where the modules' Dockerfiles and jars are
     * @param etlJar               the thin ETL jar: a local path or an {@code s3://} URI; null for the built one
     * @param ingestionImage       an ingestion-service image URI; null builds the module's Dockerfile
     * @param studioImage          a studio-app image URI; null builds the module's Dockerfile
     * @param studio               deploy the studio with the pipeline
     * @param studioDomain         the studio's domain name, or null
     * @param studioCertificateArn an ACM certificate for it
     * @param cognitoDomainPrefix  the Cognito sign-in domain prefix; null uses {@code clickstream-<name>}
     * @param oidcIssuer           an external OIDC issuer instead of Cognito, or null
     * @param oidcClientId         the studio's client id at that issuer
     * @param oidcClientSecretName the Secrets Manager secret with its client secret, or null to create one to fill
     * @param alarmEmail           an address for the alarms, or null
     * @param noDataMinutes        the no-data alarm's window
     * @param etlLagMinutes        the ETL-lag alarm's window
     * @param quarantinePercent    the quarantine-rate alarm's threshold
     * @param redshiftLoadSchedule when the Redshift load runs
     */
    public record Options(String account, String region, List<String> appIds, String metadataTable,
                          String repositoryRoot, String etlJar,
                          String ingestionImage, String studioImage, boolean studio, String studioDomain,
                          String studioCertificateArn, String cognitoDomainPrefix, String oidcIssuer,
                          String oidcClientId, String oidcClientSecretName, String alarmEmail, int noDataMinutes,
                          int etlLagMinutes, double quarantinePercent, String redshiftLoadSchedule) {

        public Options {
            appIds = List.copyOf(appIds == null ? List.of() : appIds);
            repositoryRoot = repositoryRoot == null ? ".." : repositoryRoot;
        }

        /**
         * Reads the options from CDK context values ({@code null} when a key is not set); the account and region
         * fall back to the CLI's {@code CDK_DEFAULT_ACCOUNT} and {@code CDK_DEFAULT_REGION} in {@code environment}.
         */
        public static Options fromContext(Function<String, String> context, Function<String, String> environment) {
            return new Options(
                    orDefault(context.apply("account"), environment.apply("CDK_DEFAULT_ACCOUNT")),
                    orDefault(context.apply("region"), environment.apply("CDK_DEFAULT_REGION")),
                    list(context.apply("apps")),
                    context.apply("metadataTable"),
                    context.apply("repositoryRoot"),
                    context.apply("etlJar"),
                    context.apply("ingestionImage"),
                    context.apply("studioImage"),
                    !"false".equals(context.apply("studio")),
                    context.apply("studioDomain"),
                    context.apply("studioCertificateArn"),
                    context.apply("cognitoDomainPrefix"),
                    context.apply("oidcIssuer"),
                    context.apply("oidcClientId"),
                    context.apply("oidcClientSecretName"),
                    context.apply("alarmEmail"),
                    number(context, "noDataMinutes", 15),
                    number(context, "etlLagMinutes", 120),
                    Double.parseDouble(orDefault(context.apply("quarantinePercent"), "5")),
                    orDefault(context.apply("redshiftLoadSchedule"), "rate(1 hour)"));
        }

        private static int number(Function<String, String> context, String key, int fallback) {
            String value = context.apply(key);
            try {
                return value == null ? fallback : Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("-c " + key + " must be a number, not '" + value + "'");
            }
        }

        private static List<String> list(String value) {
            return value == null ? List.of()
                    : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }

        private static String orDefault(String value, String fallback) {
            return value == null ? fallback : value;
        }
    }

    private DefinitionMapping() {
    }

    /** The deployment of {@code definition}; a definition that cannot run on AWS is refused with the reason. */
    public static Deployment map(PipelineDefinition definition, Options options) {
        if (definition.runtime() != RuntimeMode.AWS) {
            throw new IllegalArgumentException("pipeline '" + definition.name() + "' has runtime: "
                    + definition.runtime().name().toLowerCase() + "; only runtime: aws pipelines deploy to AWS");
        }
        String region = definition.region() != null ? definition.region() : options.region();
        if (region == null) {
            throw new IllegalArgumentException("no region: set region in the pipeline definition or -c region=...");
        }
        String name = definition.name();
        String metadataTable = options.metadataTable() != null ? options.metadataTable()
                : options.studio() ? "clickstream-" + name + "-metadata" : null;
        if (options.appIds().isEmpty() && metadataTable == null) {
            throw new IllegalArgumentException("without the studio the collector needs its apps: -c apps=app1,app2,"
                    + " or the studio's table: -c metadataTable=NAME");
        }
        List<String> warnings = new ArrayList<>();
        IngestionDefinition ingestion = definition.ingestion();
        ModelingDefinition modeling = definition.modeling();
        boolean redshift = modeling.redshift().enabled();

        Set<String> endpoints = new TreeSet<>(List.of("ecr.api", "ecr.dkr", "logs"));
        if (ingestion.sink().type() == io.clickstream.pipeline.definition.SinkType.KINESIS) {
            endpoints.add("kinesis-streams");
        }
        if (options.studio()) {
            endpoints.addAll(List.of("secretsmanager", "athena"));
            if (redshift) {
                endpoints.add("redshift-data");
            }
        }
        var network = definition.network();
        if (redshift && modeling.redshift().vpcId() != null && network.vpcId() != null
                && !modeling.redshift().vpcId().equals(network.vpcId())) {
            throw new IllegalArgumentException("modeling.redshift.vpcId must be the pipeline's VPC ("
                    + network.vpcId() + "), was " + modeling.redshift().vpcId());
        }
        NetworkStack.NetworkProps networkProps = new NetworkStack.NetworkProps(network.vpcId(), network.vpcCidr(),
                network.maxAzs(), network.vpcId() == null ? 1 : 0, endpoints, 30, network.publicSubnetIds(),
                network.privateSubnetIds());

        ProcessingDefinition processing = definition.processing();
        List<String> etlArguments = new ArrayList<>();
        if (!processing.botFilter()) {
            etlArguments.add("--no-bot-filter");
        }
        if (processing.anonymizeIp()) {
            etlArguments.add("--anonymize-ip");
        }
        if (!processing.pii().hash().isEmpty()) {
            etlArguments.add("--pii-hash=" + String.join(",", processing.pii().hash()));
        }
        if (!processing.pii().drop().isEmpty()) {
            etlArguments.add("--pii-drop=" + String.join(",", processing.pii().drop()));
        }
        etlArguments.add("--session-timeout-minutes=" + processing.sessionTimeoutMinutes());
        List<String> pluginJars = new ArrayList<>();
        for (ProcessingDefinition.Plugin plugin : processing.plugins()) {
            etlArguments.add("--plugin=" + plugin.className());
            if (plugin.jar() != null) {
                pluginJars.add(plugin.jar());
            }
            if (!plugin.settings().isEmpty()) {
                warnings.add("processing.plugins[" + plugin.className() + "].settings are not passed: etl-job has no"
                        + " option for plugin settings yet");
            }
        }
        String etlJar = options.etlJar() != null ? options.etlJar()
                : options.repositoryRoot() + "/etl-job/target/etl-job-thin.jar";

        ModelingStack.Redshift redshiftProps = !redshift ? null : new ModelingStack.Redshift(
                modeling.redshift().databaseName(), modeling.redshift().baseRpu(),
                Math.min(512, modeling.redshift().baseRpu() * 4), modeling.redshift().subnetIds(),
                modeling.redshift().securityGroupIds(), options.redshiftLoadSchedule(), 3);
        var quickSight = definition.reporting().quickSight();

        StudioProps studio = null;
        if (options.studio()) {
            IngestionProps.Https studioHttps = options.studioDomain() == null ? null
                    : new IngestionProps.Https(options.studioDomain(), options.studioCertificateArn(), null, null);
            StudioProps.SignIn signIn = options.oidcIssuer() != null
                    ? new StudioProps.Oidc(options.oidcIssuer(), options.oidcClientId(), options.oidcClientSecretName())
                    : new StudioProps.Cognito(options.cognitoDomainPrefix() != null ? options.cognitoDomainPrefix()
                            : "clickstream-" + name);
            studio = new StudioProps(image(options.studioImage(), options, "studio-app"), metadataTable, 1024, 4096, 2,
                    studioHttps, signIn, 90);
        }

        return new Deployment(name, options.account(), region, networkProps,
                new DataLakeStack.DataLakeProps("clickstream-" + name, definition.lake().bucket(),
                        definition.lake().prefix(), processing.rawRetentionDays(), 90),
                ingestion(ingestion, name, options, metadataTable, warnings),
                new ProcessingStack.ProcessingProps(processing.schedule(), etlJar, null, 16, 64, 60, etlArguments,
                        processing.geoipDatabase(), pluginJars, 30),
                new ModelingStack.ModelingProps("clickstream_" + name.replace('-', '_'), modeling.athena().workgroup(),
                        options.appIds(), modeling.athena().scanLimitGiB(), 30, redshiftProps),
                !quickSight.enabled() ? null : new ReportingStack.ReportingProps(quickSight.principalArn(),
                        redshift ? ReportingStack.Engine.REDSHIFT : ReportingStack.Engine.ATHENA),
                studio,
                new MonitoringStack.MonitoringProps(name, options.noDataMinutes(), options.etlLagMinutes(),
                        options.quarantinePercent(), options.alarmEmail()),
                definition.tags(), warnings);
    }

    private static IngestionProps ingestion(IngestionDefinition ingestion, String name, Options options,
                                            String metadataTable, List<String> warnings) {
        boolean fromStore = options.appIds().isEmpty();
        if (fromStore && !ingestion.allowedOrigins().isEmpty()) {
            warnings.add("ingestion.allowedOrigins are not used: the collector follows the apps of the metadata"
                    + " store, each with its own allowed origins");
        }
        SinkDefinition sink = ingestion.sink();
        int interval = sink.batch().maxIntervalSeconds();
        IngestionProps.Sink sinkProps = switch (sink.type()) {
            case S3 -> new IngestionProps.S3Sink(interval);
            case KINESIS -> new IngestionProps.KinesisSink(sink.kinesis().streamName(),
                    sink.kinesis().capacityMode() == KinesisCapacityMode.ON_DEMAND,
                    sink.kinesis().shards() == null ? 0 : sink.kinesis().shards(), sink.kinesis().retentionHours(),
                    Math.max(60, Math.min(900, interval)));
            case KAFKA -> {
                SinkDefinition.KafkaSink kafka = sink.kafka();
                int partitions = kafka.partitions();
                yield new IngestionProps.MskSink(kafka.mskClusterArn(), kafka.bootstrapServers(), KAFKA_VERSION,
                        kafka.brokerInstanceType(), kafka.brokerCount() == null ? 0 : kafka.brokerCount(), 100,
                        kafka.topic() != null ? kafka.topic() : "clickstream-" + name, partitions,
                        kafka.replicationFactor(), Math.min(2, partitions), interval);
            }
            case LOCAL -> throw new IllegalArgumentException("ingestion.sink.type local writes files on one machine;"
                    + " on AWS choose s3, kinesis or kafka");
        };
        IngestionProps.Https https = ingestion.domain() == null ? null
                : new IngestionProps.Https(ingestion.domain().name(), ingestion.domain().certificateArn(), null, null);
        var auth = ingestion.auth();
        return new IngestionProps(image(null, options, "ingestion-service"),
                ingestion.compute() == ComputeType.EC2 ? IngestionProps.LaunchType.EC2 : IngestionProps.LaunchType.FARGATE,
                ingestion.instanceType(), 1024, 2048, ingestion.capacity().min(), ingestion.capacity().max(),
                ingestion.capacity().targetCpuPercent(), ingestion.path(), options.appIds(),
                fromStore ? metadataTable : null, fromStore ? List.of() : ingestion.allowedOrigins(),
                auth == null ? null : auth.issuer(), auth == null ? null : auth.audience(), https,
                ingestion.globalAccelerator(), ingestion.internetFacing(), sinkProps, 30);
    }

    private static ContainerImageRef image(String uri, Options options, String module) {
        String given = uri != null ? uri : module.equals("ingestion-service") ? options.ingestionImage() : null;
        return given != null ? ContainerImageRef.of(given) : ContainerImageRef.build(options.repositoryRoot() + "/" + module);
    }
}
