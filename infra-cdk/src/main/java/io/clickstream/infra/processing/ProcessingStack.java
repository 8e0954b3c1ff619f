package io.clickstream.infra.processing;

import io.clickstream.infra.common.LakeLocation;
import io.clickstream.infra.common.EncryptedLogs;
import io.clickstream.infra.common.Nag;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.emrserverless.CfnApplication;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.amazon.awscdk.services.scheduler.ContextAttribute;
import software.amazon.awscdk.services.scheduler.Schedule;
import software.amazon.awscdk.services.scheduler.ScheduleExpression;
import software.amazon.awscdk.services.scheduler.ScheduleTargetInput;
import software.amazon.awscdk.services.scheduler.targets.Universal;
import software.constructs.Construct;

/**
 * The ETL: an EMR Serverless Spark application (Spark 4 runtime, the version the job is built for) that an
 * EventBridge Scheduler schedule asks to run the thin etl-job jar over the lake at a rate or cron. Runs never
 * overlap: the application runs one job at a time and queues the next. The job's role may read the jar, read the
 * lake's {@code raw/} batches and write {@code modeled/}, {@code quarantine/} and {@code _state/}, and write its
 * driver logs, whose summary line the monitoring stack turns into metrics.
 */
public final class ProcessingStack extends Stack {

    /** The EMR release with Spark 4.0 and Scala 2.13, which etl-job is built against. */
    public static final String DEFAULT_RELEASE = "emr-spark-8.0.0";
    /** The prefix of the driver's log streams in the ETL log group. */
    public static final String LOG_STREAM_PREFIX = "etl";

    /**
     * Typed props of the stack.
     *
     * @param scheduleExpression an EventBridge Scheduler expression: {@code rate(10 minutes)} or {@code cron(...)}
     * @param etlJar             the thin jar: a local path (uploaded as a CDK asset) or an {@code s3://} URI
     * @param releaseLabel       the EMR Serverless release
     * @param maxVcpu            vCPUs the application may use at once
     * @param maxMemoryGb        memory the application may use at once
     * @param jobTimeoutMinutes  a run still going after this is cancelled
     * @param etlArguments       arguments after {@code --lake=...} (time zones, bot filter, PII rules, plugins, ...)
     * @param geoipDatabase      an {@code s3://} URI of a MaxMind City database, shipped to the job's workers, or null
     * @param pluginJars         {@code s3://} URIs of the jars of the job's plugins
     * @param logDays            days the driver logs are kept
     */
    public record ProcessingProps(String scheduleExpression, String etlJar, String releaseLabel, int maxVcpu,
                                  int maxMemoryGb, int jobTimeoutMinutes, List<String> etlArguments,
                                  String geoipDatabase, List<String> pluginJars, int logDays) {
        public ProcessingProps {
            Objects.requireNonNull(etlJar, "etlJar");
            if (scheduleExpression == null || !scheduleExpression.matches("(rate|cron)\\(.+\\)")) {
                throw new IllegalArgumentException("the ETL schedule must be rate(...) or cron(...), was '"
                        + scheduleExpression + "'");
            }
            if (maxVcpu < 4 || maxMemoryGb < 8) {
                throw new IllegalArgumentException("the ETL needs at least 4 vCPU and 8 GB (a driver and an executor)");
            }
            if (jobTimeoutMinutes < 5) {
                throw new IllegalArgumentException("a run needs at least 5 minutes, was " + jobTimeoutMinutes);
            }
            releaseLabel = releaseLabel == null ? DEFAULT_RELEASE : releaseLabel;
            etlArguments = List.copyOf(etlArguments == null ? List.of() : etlArguments);
            pluginJars = List.copyOf(pluginJars == null ? List.of() : pluginJars);
            if (geoipDatabase != null && !geoipDatabase.startsWith("s3://")) {
                throw new IllegalArgumentException("on AWS the GeoIP database is an s3:// URI, was '" + geoipDatabase
                        + "'");
            }
            for (String jar : pluginJars) {
                if (!jar.startsWith("s3://")) {
                    throw new IllegalArgumentException("on AWS a plugin jar is an s3:// URI, was '" + jar + "'");
                }
            }
        }
    }

    private final CfnApplication application;
    private final Role jobRole;
    private final LogGroup logs;
    private final Schedule schedule;

    public ProcessingStack(Construct scope, String id, StackProps stackProps, ProcessingProps props,
                           LakeLocation lake, IKey dataKey) {
        super(scope, id, stackProps);
        logs = EncryptedLogs.create(this, "EtlLogs", dataKey, props.logDays());
        jobRole = Role.Builder.create(this, "EtlJobRole")
                .assumedBy(ServicePrincipal.Builder.create("emr-serverless.amazonaws.com")
                        .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", getAccount())))
                        .build())
                .description("etl-job on EMR Serverless: read raw batches, write modeled tables")
                .build();
        String entryPoint = grantJar(props.etlJar(), jobRole);
        jobRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:ListBucket", "s3:GetBucketLocation"))
                .resources(List.of(lake.bucketArn()))
                .build());
        jobRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject"))
                .resources(List.of(lake.objects("raw/*")))
                .build());
        jobRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"))
                .resources(List.of(lake.objects("modeled/*"), lake.objects("quarantine/*"),
                        lake.objects("_state/*")))
                .build());
        jobRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("logs:DescribeLogGroups"))
                .resources(List.of("arn:" + getPartition() + ":logs:" + getRegion() + ":" + getAccount()
                        + ":log-group:*"))
                .build());
        jobRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"))
                .resources(List.of(logs.getLogGroupArn(), logs.getLogGroupArn() + ":log-stream:*"))
                .build());
        dataKey.grantEncryptDecrypt(jobRole);
        Nag.suppress(jobRole, "IAM5", "The job reads and writes objects it names only at run time under the lake's"
                + " raw/, modeled/, quarantine/ and _state/ prefixes (one prefix per statement), writes streams of its"
                + " own log group, and EMR's log writer lists log groups to find its own.");

        application = CfnApplication.Builder.create(this, "Etl")
                .name(getStackName() + "-etl")
                .type("SPARK")
                .releaseLabel(props.releaseLabel())
                .architecture("ARM64")
                .autoStartConfiguration(CfnApplication.AutoStartConfigurationProperty.builder().enabled(true).build())
                .autoStopConfiguration(CfnApplication.AutoStopConfigurationProperty.builder()
                        .enabled(true).idleTimeoutMinutes(5).build())
                .maximumCapacity(CfnApplication.MaximumAllowedResourcesProperty.builder()
                        .cpu(props.maxVcpu() + " vCPU").memory(props.maxMemoryGb() + " GB").build())
                // One pass at a time: a pass that outlasts the interval makes the next one wait, not overlap.
                .schedulerConfiguration(CfnApplication.SchedulerConfigurationProperty.builder()
                        .maxConcurrentRuns(1).queueTimeoutMinutes(props.jobTimeoutMinutes()).build())
                .monitoringConfiguration(CfnApplication.MonitoringConfigurationProperty.builder()
                        .cloudWatchLoggingConfiguration(CfnApplication.CloudWatchLoggingConfigurationProperty.builder()
                                .enabled(true)
                                .logGroupName(logs.getLogGroupName())
                                .logStreamNamePrefix(LOG_STREAM_PREFIX)
                                .encryptionKeyArn(dataKey.getKeyArn())
                                .logTypeMap(List.of(CfnApplication.LogTypeMapKeyValuePairProperty.builder()
                                        .key("SPARK_DRIVER").value(List.of("STDOUT", "STDERR")).build()))
                                .build())
                        .build())
                .build();

        List<String> arguments = new ArrayList<>();
        arguments.add("--lake=" + lake.uri());
        arguments.addAll(props.etlArguments());
        String sparkFiles = "";
        if (props.geoipDatabase() != null) {
            grantObject(props.geoipDatabase(), jobRole);
            // Spark ships --files to every worker's working directory, where the enricher opens it by name.
            sparkFiles = " --files " + props.geoipDatabase();
            arguments.add("--geoip-db=" + props.geoipDatabase().substring(props.geoipDatabase().lastIndexOf('/') + 1));
        }
        for (String jar : props.pluginJars()) {
            grantObject(jar, jobRole);
            arguments.add("--plugin-jar=" + jar);
        }
        Map<String, Object> startJobRun = Map.of(
                "ApplicationId", application.getAttrApplicationId(),
                "ExecutionRoleArn", jobRole.getRoleArn(),
                // StartJobRun needs an idempotency token; a retried invocation of one schedule run reuses it.
                "ClientToken", ContextAttribute.getExecutionId().toString(),
                "Name", "etl",
                "ExecutionTimeoutMinutes", props.jobTimeoutMinutes(),
                "JobDriver", Map.of("SparkSubmit", Map.of(
                        "EntryPoint", entryPoint,
                        "EntryPointArguments", arguments,
                        "SparkSubmitParameters", "--class io.clickstream.etl.EtlJob" + sparkFiles
                                + " --conf spark.sql.shuffle.partitions=64"
                                + " --conf spark.dynamicAllocation.maxExecutors=" + Math.max(1, props.maxVcpu() / 4 - 1))));
        Universal target = Universal.Builder.create()
                .service("emrserverless")
                .action("startJobRun")
                .input(ScheduleTargetInput.fromObject(startJobRun))
                .retryAttempts(2)
                .maxEventAge(Duration.minutes(15))
                .policyStatements(List.of(
                        PolicyStatement.Builder.create()
                                .actions(List.of("emr-serverless:StartJobRun"))
                                .resources(List.of(application.getAttrArn()))
                                .build(),
                        PolicyStatement.Builder.create()
                                .actions(List.of("iam:PassRole"))
                                .resources(List.of(jobRole.getRoleArn()))
                                .conditions(Map.of("StringLike", Map.of("iam:PassedToService",
                                        "emr-serverless.amazonaws.com")))
                                .build()))
                .build();
        schedule = Schedule.Builder.create(this, "EtlSchedule")
                .schedule(ScheduleExpression.expression(props.scheduleExpression()))
                .target(target)
                .description("Runs one ETL pass over the lake")
                .build();
    }

    /** Grants the job role the jar and returns its S3 URI. */
    private String grantJar(String jar, Role role) {
        if (jar.startsWith("s3://")) {
            grantObject(jar, role);
            return jar;
        }
        if (!Files.isRegularFile(Path.of(jar))) {
            throw new IllegalArgumentException("the ETL jar " + jar + " does not exist; build it first with"
                    + " ./mvnw -q -pl etl-job -am package -DskipTests, or give an s3:// URI");
        }
        Asset asset = Asset.Builder.create(this, "EtlJar").path(jar).build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject"))
                .resources(List.of("arn:" + getPartition() + ":s3:::" + asset.getS3BucketName() + "/"
                        + asset.getS3ObjectKey()))
                .build());
        return asset.getS3ObjectUrl();
    }

    /** Lets {@code role} read the one object at {@code uri}. */
    private void grantObject(String uri, Role role) {
        String location = uri.substring("s3://".length());
        int slash = location.indexOf('/');
        if (slash < 1 || slash == location.length() - 1) {
            throw new IllegalArgumentException("not an S3 object URI: '" + uri + "'");
        }
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject"))
                .resources(List.of("arn:" + getPartition() + ":s3:::" + location))
                .build());
    }

    public CfnApplication application() {
        return application;
    }

    public Role jobRole() {
        return jobRole;
    }

    /** The log group of the drivers' stdout and stderr. */
    public LogGroup logs() {
        return logs;
    }

    public Schedule schedule() {
        return schedule;
    }
}
