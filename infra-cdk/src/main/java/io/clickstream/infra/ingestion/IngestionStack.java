package io.clickstream.infra.ingestion;

import io.clickstream.infra.common.LakeLocation;
import io.clickstream.infra.common.EncryptedLogs;
import io.clickstream.infra.common.Nag;
import io.clickstream.infra.network.NetworkStack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.services.autoscaling.AutoScalingGroup;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.certificatemanager.CertificateValidation;
import software.amazon.awscdk.services.certificatemanager.ICertificate;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.LaunchTemplate;
import software.amazon.awscdk.services.ec2.UserData;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ecs.CfnCapacityProvider;
import software.amazon.awscdk.services.ecs.CfnClusterCapacityProviderAssociations;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.BaseService;
import software.amazon.awscdk.services.ecs.CapacityProviderStrategy;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.Compatibility;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.Ec2Service;
import software.amazon.awscdk.services.ecs.EcsOptimizedImage;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.NetworkMode;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.ScalableTaskCount;
import software.amazon.awscdk.services.ecs.CpuUtilizationScalingProps;
import software.amazon.awscdk.services.ecs.TaskDefinition;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerAction;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.elasticloadbalancingv2.TargetType;
import software.amazon.awscdk.services.globalaccelerator.Accelerator;
import software.amazon.awscdk.services.globalaccelerator.ConnectionProtocol;
import software.amazon.awscdk.services.globalaccelerator.EndpointGroupOptions;
import software.amazon.awscdk.services.globalaccelerator.ListenerOptions;
import software.amazon.awscdk.services.globalaccelerator.PortRange;
import software.amazon.awscdk.services.globalaccelerator.endpoints.ApplicationLoadBalancerEndpoint;
import software.amazon.awscdk.services.globalaccelerator.endpoints.ApplicationLoadBalancerEndpointOptions;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kinesis.IStream;
import software.amazon.awscdk.services.kinesis.Stream;
import software.amazon.awscdk.services.kinesis.StreamEncryption;
import software.amazon.awscdk.services.kinesis.StreamMode;
import software.amazon.awscdk.services.kinesisfirehose.CfnDeliveryStream;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.msk.CfnCluster;
import software.amazon.awscdk.services.msk.CfnConfiguration;
import software.amazon.awscdk.services.route53.ARecord;
import software.amazon.awscdk.services.route53.HostedZone;
import software.amazon.awscdk.services.route53.HostedZoneAttributes;
import software.amazon.awscdk.services.route53.IHostedZone;
import software.amazon.awscdk.services.route53.RecordTarget;
import software.amazon.awscdk.services.route53.targets.LoadBalancerTarget;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The collector fleet: ingestion-service tasks on ECS (Fargate, or EC2 instances of an Auto Scaling group) behind an
 * internet-facing Application Load Balancer with access logs, scaled on CPU between min and max, HTTPS with an ACM
 * certificate when a domain is given, optionally a Global Accelerator in front. The sink decides the rest:
 * <ul>
 *   <li>S3: the collector publishes its raw batches straight to {@code raw/} of the lake;</li>
 *   <li>Kinesis: an encrypted stream (on-demand or provisioned) and a Firehose delivery stream that writes it to
 *       {@code raw/app_id=/date=/hour=/} as gzip JSON-lines files, partitioned on each envelope's {@code app_id};</li>
 *   <li>MSK: a TLS-only cluster and the collector's own Kafka-to-lake loader as a second ECS service.</li>
 * </ul>
 */
public final class IngestionStack extends Stack {

    /** The port the collector listens on inside its container. */
    public static final int CONTAINER_PORT = 8088;
    /** Where the collector and the loader keep in-progress batches before publishing them to S3. */
    static final String BUFFER_DIR = "/tmp/ingest-buffer";

    private final ApplicationLoadBalancer loadBalancer;
    private final ApplicationTargetGroup targetGroup;
    private final BaseService service;
    private final String endpointUrl;
    private IStream stream;
    private CfnDeliveryStream deliveryStream;
    private CfnCluster kafkaCluster;
    private String kafkaTopic;
    private String loaderGroup;
    private FargateService loaderService;

    public IngestionStack(Construct scope, String id, StackProps stackProps, IngestionProps props, NetworkStack network,
                          LakeLocation lake, IBucket accessLogsBucket, IKey dataKey) {
        super(scope, id, stackProps);
        IVpc vpc = network.vpc();
        SubnetSelection privateSubnets = network.privateSubnets();
        Cluster cluster = Cluster.Builder.create(this, "Cluster")
                .vpc(vpc)
                .containerInsightsV2(ContainerInsights.ENABLED)
                .build();
        LogGroup logs = EncryptedLogs.create(this, "CollectorLogs", dataKey, props.logDays());

        Role taskRole = Role.Builder.create(this, "CollectorTaskRole")
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .description("ingestion-service tasks: write to their sink only")
                .build();
        SecurityGroup collectorGroup = SecurityGroup.Builder.create(this, "CollectorSecurityGroup")
                .vpc(vpc).description("ingestion-service tasks").allowAllOutbound(true).build();

        List<String> command = new ArrayList<>(List.of(
                "--port=" + CONTAINER_PORT,
                "--path=" + props.collectPath(),
                // The load balancer's nodes live in the VPC, so X-Forwarded-For is believed from its range only.
                "--trusted-proxies=" + vpc.getVpcCidrBlock()));
        if (props.appsFromTable() != null) {
            // The apps the studio registers (and their origins), read from its metadata table every 2 s.
            command.add("--apps-from=dynamodb:" + props.appsFromTable() + "?region=" + getRegion());
            Table.fromTableName(this, "MetadataTable", props.appsFromTable())
                    .grant(taskRole, "dynamodb:DescribeTable", "dynamodb:Query", "dynamodb:GetItem");
        } else {
            command.add("--apps=" + String.join(",", props.appIds()));
            if (!props.allowedOrigins().isEmpty()) {
                command.add("--allowed-origins=" + String.join(",", props.allowedOrigins()));
            }
        }
        if (props.authIssuer() != null) {
            command.add("--auth-issuer=" + props.authIssuer());
            command.add("--auth-audience=" + props.authAudience());
        }
        if (props.sink() instanceof IngestionProps.S3Sink s3) {
                command.add("--lake=" + lake.uri());
                command.add("--buffer=" + BUFFER_DIR);
                command.add("--roll-seconds=" + s3.rollSeconds());
                grantRawWrites(taskRole, lake);
        } else if (props.sink() instanceof IngestionProps.KinesisSink kinesis) {
            if (kinesis.existingStreamName() != null) {
                stream = Stream.fromStreamArn(this, "RawStream", "arn:" + getPartition() + ":kinesis:" + getRegion()
                        + ":" + getAccount() + ":stream/" + kinesis.existingStreamName());
            } else {
                stream = kinesisStream(kinesis, dataKey);
            }
            stream.grantWrite(taskRole);
            Nag.suppress(taskRole, "IAM5", "Writing to a stream encrypted with a customer-managed key needs"
                    + " kms:GenerateDataKey* and kms:ReEncrypt* on that one key.",
                    List.of("Action::kms:GenerateDataKey*", "Action::kms:ReEncrypt*"));
            command.add("--kinesis=" + stream.getStreamName());
            deliveryStream = firehoseToLake(kinesis, stream, lake, dataKey, props.logDays());
        } else if (props.sink() instanceof IngestionProps.MskSink msk) {
            kafkaTopic = msk.topic();
            loaderGroup = getStackName() + "-lake-loader";
            SecurityGroup brokerGroup = null;
            String bootstrap;
            if (msk.createsCluster()) {
                brokerGroup = SecurityGroup.Builder.create(this, "BrokerSecurityGroup")
                        .vpc(vpc).description("MSK brokers: TLS from the collector and the loader").build();
                brokerGroup.addIngressRule(collectorGroup, Port.tcp(9094), "collector to brokers (TLS)");
                kafkaCluster = kafkaCluster(msk, vpc, privateSubnets, brokerGroup, dataKey, props.logDays());
                bootstrap = tlsBootstrapBrokers(kafkaCluster.getAttrArn());
            } else if (msk.existingClusterArn() != null) {
                bootstrap = tlsBootstrapBrokers(msk.existingClusterArn());
            } else {
                bootstrap = msk.bootstrapServers();
            }
            command.add("--kafka=" + bootstrap);
            command.add("--kafka-topic=" + msk.topic());
            command.add("--kafka-tls=true");
            loaderService = kafkaLoader(msk, props, cluster, vpc, privateSubnets, brokerGroup, bootstrap,
                    lake, logs);
            if (brokerGroup == null) {
                // An existing cluster's security group is its owner's: these are the groups to let in on TLS.
                CfnOutput.Builder.create(this, "KafkaClientSecurityGroups")
                        .value(collectorGroup.getSecurityGroupId() + "," + loaderService.getConnections()
                                .getSecurityGroups().get(0).getSecurityGroupId())
                        .description("Allow these security groups to the brokers' TLS port").build();
            }
        }

        TaskDefinition task = TaskDefinition.Builder.create(this, "CollectorTask")
                .compatibility(props.launchType() == IngestionProps.LaunchType.FARGATE ? Compatibility.FARGATE
                        : Compatibility.EC2)
                .networkMode(NetworkMode.AWS_VPC)
                .cpu(Integer.toString(props.cpu()))
                .memoryMiB(Integer.toString(props.memoryMiB()))
                .taskRole(taskRole)
                .build();
        task.addContainer("collector", ContainerDefinitionOptions.builder()
                .image(props.image().image(this, "CollectorImage"))
                .command(command)
                .environment(Map.of("AWS_REGION", getRegion(), "JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=75"))
                .portMappings(List.of(PortMapping.builder().containerPort(CONTAINER_PORT).build()))
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder().logGroup(logs).streamPrefix("collector").build()))
                // A stopping collector makes everything it acknowledged durable and publishes it first.
                .stopTimeout(Duration.seconds(120))
                .build());
        Nag.suppress(task, "ECS2", "The environment holds the region and JVM options only; no secret is passed"
                + " to the collector.");
        Nag.executionRole(task);

        service = props.launchType() == IngestionProps.LaunchType.FARGATE
                ? FargateService.Builder.create(this, "CollectorService")
                        .cluster(cluster).taskDefinition(task).desiredCount(props.minTasks())
                        .vpcSubnets(privateSubnets).securityGroups(List.of(collectorGroup))
                        .circuitBreaker(DeploymentCircuitBreaker.builder().rollback(true).build())
                        .minHealthyPercent(100)
                        .build()
                : ec2Service(props, cluster, vpc, privateSubnets, task, collectorGroup, logs);
        ScalableTaskCount scaling = service.autoScaleTaskCount(software.amazon.awscdk.services.applicationautoscaling
                .EnableScalingProps.builder().minCapacity(props.minTasks()).maxCapacity(props.maxTasks()).build());
        scaling.scaleOnCpuUtilization("Cpu", CpuUtilizationScalingProps.builder()
                .targetUtilizationPercent(props.targetCpuPercent())
                .scaleOutCooldown(Duration.seconds(60))
                .scaleInCooldown(Duration.seconds(300))
                .build());

        SecurityGroup albGroup = SecurityGroup.Builder.create(this, "LoadBalancerSecurityGroup")
                .vpc(vpc).description("ingestion load balancer: SDK traffic").allowAllOutbound(true).build();
        loadBalancer = ApplicationLoadBalancer.Builder.create(this, "LoadBalancer")
                .vpc(vpc).internetFacing(props.internetFacing()).securityGroup(albGroup)
                .vpcSubnets(props.internetFacing() ? network.publicSubnets() : privateSubnets)
                .dropInvalidHeaderFields(true)
                .build();
        loadBalancer.logAccessLogs(accessLogsBucket, "alb/ingestion");
        if (!props.internetFacing()) {
            // An internal endpoint: senders inside the VPC (or peered to it through the VPC's range) only.
            albGroup.addIngressRule(Peer.ipv4(vpc.getVpcCidrBlock()), Port.tcp(props.https() != null ? 443 : 80),
                    "senders inside the VPC");
            Nag.suppress(albGroup, "CdkNagValidationFailure", "EC23 cannot read the rule, whose source is the VPC's"
                    + " own CIDR (a token until deployment).");
        } else {
            Nag.suppress(albGroup, "EC23", "The collector is a public endpoint: the Clickstream SDKs post from any"
                    + " browser or device.");
        }
        collectorGroup.addIngressRule(albGroup, Port.tcp(CONTAINER_PORT), "load balancer to collector");

        targetGroup = ApplicationTargetGroup.Builder.create(this, "CollectorTargets")
                .vpc(vpc).port(CONTAINER_PORT).protocol(ApplicationProtocol.HTTP).targetType(TargetType.IP)
                .healthCheck(HealthCheck.builder().path("/health").healthyHttpCodes("200")
                        .interval(Duration.seconds(15)).build())
                .deregistrationDelay(Duration.seconds(30))
                .targets(List.of(service))
                .build();

        ICertificate certificate = certificate(props.https());
        if (certificate != null) {
            loadBalancer.addListener("Https", BaseApplicationListenerProps.builder()
                    .port(443).protocol(ApplicationProtocol.HTTPS).open(props.internetFacing())
                    .certificates(List.of(ListenerCertificate.fromCertificateManager(certificate)))
                    .sslPolicy(SslPolicy.RECOMMENDED_TLS)
                    .defaultTargetGroups(List.of(targetGroup))
                    .build());
            loadBalancer.addRedirect(software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancerRedirectConfig
                    .builder().open(props.internetFacing()).build());
            endpointUrl = "https://" + props.https().domainName() + props.collectPath();
            if (props.https().hostedZoneId() != null) {
                ARecord.Builder.create(this, "EndpointRecord")
                        .zone(hostedZone(props.https()))
                        .recordName(props.https().domainName())
                        .target(RecordTarget.fromAlias(new LoadBalancerTarget(loadBalancer)))
                        .build();
            }
        } else {
            ApplicationListener http = loadBalancer.addListener("Http", BaseApplicationListenerProps.builder()
                    .port(80).protocol(ApplicationProtocol.HTTP).open(props.internetFacing())
                    .defaultAction(ListenerAction.forward(List.of(targetGroup)))
                    .build());
            Nag.suppress(http, "ELB2", "Not applicable to listeners; access logs are on the load balancer.");
            endpointUrl = "http://" + loadBalancer.getLoadBalancerDnsName() + props.collectPath();
        }

        if (props.globalAccelerator()) {
            Accelerator accelerator = Accelerator.Builder.create(this, "Accelerator").build();
            accelerator.addListener("Listener", ListenerOptions.builder()
                    .protocol(ConnectionProtocol.TCP)
                    .portRanges(List.of(PortRange.builder().fromPort(certificate != null ? 443 : 80).build()))
                    .build())
                    .addEndpointGroup("LoadBalancer", EndpointGroupOptions.builder()
                            .endpoints(List.of(new ApplicationLoadBalancerEndpoint(loadBalancer,
                                    ApplicationLoadBalancerEndpointOptions.builder().preserveClientIp(true).build())))
                            .build());
            CfnOutput.Builder.create(this, "AcceleratorDnsName").value(accelerator.getDnsName())
                    .description("Global Accelerator name of the collector").build();
        }
        Nag.awsCustomResourceProvider(this);
        CfnOutput.Builder.create(this, "IngestionEndpoint").value(endpointUrl)
                .description("Point the SDKs here").build();
    }

    private static void grantRawWrites(Role role, LakeLocation lake) {
        role.addToPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("s3:PutObject", "s3:AbortMultipartUpload"))
                .resources(List.of(lake.objects("raw/*")))
                .build());
        Nag.suppress(role, "IAM5", "Raw batches are new objects under raw/ (one per node and sequence); the"
                + " role may only create objects there.");
    }

    private Stream kinesisStream(IngestionProps.KinesisSink sink, IKey key) {
        // The deployment's own key, like the log groups and the topic: its use is logged in CloudTrail and its
        // policy, not AWS's, decides who reads the raw events.
        Stream.Builder builder = Stream.Builder.create(this, "RawStream")
                .encryption(StreamEncryption.KMS)
                .encryptionKey(key)
                .retentionPeriod(Duration.hours(sink.retentionHours()));
        if (sink.onDemand()) {
            builder.streamMode(StreamMode.ON_DEMAND);
        } else {
            builder.streamMode(StreamMode.PROVISIONED).shardCount(sink.shards());
        }
        Stream created = builder.build();
        Nag.suppress(created, "KDS3", "The stream is encrypted with the deployment's customer-managed key on"
                + " purpose: one key policy governs the raw events, the logs and the alarms.");
        return created;
    }

    private CfnDeliveryStream firehoseToLake(IngestionProps.KinesisSink sink, IStream source, LakeLocation lake,
                                             IKey key, int logDays) {
        Role role = Role.Builder.create(this, "FirehoseRole")
                .assumedBy(new ServicePrincipal("firehose.amazonaws.com"))
                .description("Firehose: read the raw stream, write raw batches to the lake")
                .build();
        source.grantRead(role);
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"))
                .resources(List.of(lake.bucketArn()))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload"))
                .resources(List.of(lake.objects("raw/*"), lake.objects("errors/firehose/*")))
                .build());
        LogGroup logs = EncryptedLogs.create(this, "FirehoseLogs", key, logDays);
        software.amazon.awscdk.services.logs.LogStream logStream = logs.addStream("S3Delivery");
        logs.grantWrite(role);
        Nag.suppress(role, "IAM5", "Firehose creates new objects under raw/ and errors/firehose/ and writes to the"
                + " streams of its own log group.");
        CfnDeliveryStream delivery = CfnDeliveryStream.Builder.create(this, "RawToLake")
                .deliveryStreamType("KinesisStreamAsSource")
                .kinesisStreamSourceConfiguration(CfnDeliveryStream.KinesisStreamSourceConfigurationProperty.builder()
                        .kinesisStreamArn(source.getStreamArn())
                        .roleArn(role.getRoleArn())
                        .build())
                .extendedS3DestinationConfiguration(CfnDeliveryStream.ExtendedS3DestinationConfigurationProperty.builder()
                        .bucketArn(lake.bucketArn())
                        .roleArn(role.getRoleArn())
                        // DESIGN.md's raw layout; the hour is the record's arrival hour in UTC, as the collector's.
                        .prefix(lake.key("raw/") + "app_id=!{partitionKeyFromQuery:app_id}/date=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}/")
                        .errorOutputPrefix(lake.key("errors/firehose/") + "!{firehose:error-output-type}/date=!{timestamp:yyyy-MM-dd}/")
                        .compressionFormat("GZIP")
                        // The ETL reads every finished .jsonl.gz under raw/; each record already ends with '\n'.
                        .fileExtension(".jsonl.gz")
                        .bufferingHints(CfnDeliveryStream.BufferingHintsProperty.builder()
                                .intervalInSeconds(sink.bufferSeconds()).sizeInMBs(64).build())
                        .dynamicPartitioningConfiguration(CfnDeliveryStream.DynamicPartitioningConfigurationProperty.builder()
                                .enabled(true)
                                .retryOptions(CfnDeliveryStream.RetryOptionsProperty.builder().durationInSeconds(300).build())
                                .build())
                        .processingConfiguration(CfnDeliveryStream.ProcessingConfigurationProperty.builder()
                                .enabled(true)
                                .processors(List.of(CfnDeliveryStream.ProcessorProperty.builder()
                                        .type("MetadataExtraction")
                                        .parameters(List.of(
                                                processorParameter("MetadataExtractionQuery", "{app_id: .app_id}"),
                                                processorParameter("JsonParsingEngine", "JQ-1.6")))
                                        .build()))
                                .build())
                        .cloudWatchLoggingOptions(CfnDeliveryStream.CloudWatchLoggingOptionsProperty.builder()
                                .enabled(true).logGroupName(logs.getLogGroupName())
                                .logStreamName(logStream.getLogStreamName()).build())
                        .build())
                .build();
        delivery.getNode().addDependency(role);
        Nag.suppress(delivery, "KDF1", "A delivery stream whose source is a Kinesis stream cannot take its own"
                + " server-side encryption: the records stay encrypted at rest in the stream (customer-managed KMS"
                + " key) and in the lake bucket (SSE-S3).");
        return delivery;
    }

    private static CfnDeliveryStream.ProcessorParameterProperty processorParameter(String name, String value) {
        return CfnDeliveryStream.ProcessorParameterProperty.builder().parameterName(name).parameterValue(value).build();
    }

    private CfnCluster kafkaCluster(IngestionProps.MskSink msk, IVpc vpc, SubnetSelection subnets,
                                    SecurityGroup brokerGroup, IKey key, int logDays) {
        List<String> subnetIds = vpc.selectSubnets(subnets).getSubnetIds();
        int brokers = msk.brokerCount();
        if (brokers % subnetIds.size() != 0) {
            throw new IllegalArgumentException("MSK places the same number of brokers in each of the "
                    + subnetIds.size() + " private subnets: " + brokers + " brokers is not a multiple of it");
        }
        int replication = msk.replicationFactor();
        CfnConfiguration configuration = CfnConfiguration.Builder.create(this, "KafkaConfiguration")
                .name(getStackName() + "-raw")
                .kafkaVersionsList(List.of(msk.kafkaVersion()))
                .serverProperties(String.join("\n",
                        // The collector's producer asks for the topic's metadata at start; the topic appears then.
                        "auto.create.topics.enable=true",
                        "num.partitions=" + msk.partitions(),
                        "default.replication.factor=" + replication,
                        "min.insync.replicas=" + Math.max(1, replication - 1),
                        "unclean.leader.election.enable=false"))
                .build();
        LogGroup brokerLogs = EncryptedLogs.create(this, "BrokerLogs", key, logDays);
        return CfnCluster.Builder.create(this, "Kafka")
                .clusterName(getStackName() + "-raw")
                .kafkaVersion(msk.kafkaVersion())
                .numberOfBrokerNodes(brokers)
                .brokerNodeGroupInfo(CfnCluster.BrokerNodeGroupInfoProperty.builder()
                        .instanceType(msk.brokerInstanceType())
                        .clientSubnets(subnetIds)
                        .securityGroups(List.of(brokerGroup.getSecurityGroupId()))
                        .storageInfo(CfnCluster.StorageInfoProperty.builder()
                                .ebsStorageInfo(CfnCluster.EBSStorageInfoProperty.builder()
                                        .volumeSize(msk.volumeGiB()).build())
                                .build())
                        .build())
                .encryptionInfo(CfnCluster.EncryptionInfoProperty.builder()
                        .encryptionAtRest(CfnCluster.EncryptionAtRestProperty.builder()
                                .dataVolumeKmsKeyId(key.getKeyArn()).build())
                        .encryptionInTransit(CfnCluster.EncryptionInTransitProperty.builder()
                                .clientBroker("TLS").inCluster(true).build())
                        .build())
                // No client certificates or SASL: the collector's Kafka client speaks TLS, and only the collector's
                // and the loader's security groups reach the brokers' TLS port.
                .clientAuthentication(CfnCluster.ClientAuthenticationProperty.builder()
                        .unauthenticated(CfnCluster.UnauthenticatedProperty.builder().enabled(true).build())
                        .build())
                .configurationInfo(CfnCluster.ConfigurationInfoProperty.builder()
                        .arn(configuration.getAttrArn()).revision(1).build())
                .loggingInfo(CfnCluster.LoggingInfoProperty.builder()
                        .brokerLogs(CfnCluster.BrokerLogsProperty.builder()
                                .cloudWatchLogs(CfnCluster.CloudWatchLogsProperty.builder()
                                        .enabled(true).logGroup(brokerLogs.getLogGroupName()).build())
                                .build())
                        .build())
                .build();
    }

    /** The cluster's TLS bootstrap string, which CloudFormation does not return: read once through the MSK API. */
    private String tlsBootstrapBrokers(String clusterArn) {
        AwsSdkCall call = AwsSdkCall.builder()
                .service("Kafka")
                .action("getBootstrapBrokers")
                .parameters(Map.of("ClusterArn", clusterArn))
                .physicalResourceId(PhysicalResourceId.of(clusterArn))
                .build();
        AwsCustomResource brokers = AwsCustomResource.Builder.create(this, "BootstrapBrokers")
                .onCreate(call)
                .onUpdate(call)
                .installLatestAwsSdk(false)
                .policy(AwsCustomResourcePolicy.fromStatements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("kafka:GetBootstrapBrokers"))
                        .resources(List.of(clusterArn))
                        .build())))
                .build();
        return brokers.getResponseField("BootstrapBrokerStringTls");
    }

    private FargateService kafkaLoader(IngestionProps.MskSink msk, IngestionProps props, Cluster cluster, IVpc vpc,
                                       SubnetSelection subnets, SecurityGroup brokerGroup, String bootstrap,
                                       LakeLocation lake, LogGroup logs) {
        Role role = Role.Builder.create(this, "LoaderTaskRole")
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .description("Kafka-to-lake loader: publish raw batches")
                .build();
        grantRawWrites(role, lake);
        SecurityGroup loaderGroup = SecurityGroup.Builder.create(this, "LoaderSecurityGroup")
                .vpc(vpc).description("Kafka-to-lake loader").allowAllOutbound(true).build();
        if (brokerGroup != null) {
            brokerGroup.addIngressRule(loaderGroup, Port.tcp(9094), "loader to brokers (TLS)");
        }
        TaskDefinition task = TaskDefinition.Builder.create(this, "LoaderTask")
                .compatibility(Compatibility.FARGATE).networkMode(NetworkMode.AWS_VPC)
                .cpu("512").memoryMiB("1024").taskRole(role)
                .build();
        task.addContainer("loader", ContainerDefinitionOptions.builder()
                .image(props.image().image(this, "LoaderImage"))
                // The same image, another main class: io.clickstream.ingestion.KafkaLoaderMain (ingestion-service).
                .entryPoint(List.of("java", "-XX:MaxRAMPercentage=75", "-cp", "/app/ingestion-service.jar",
                        "io.clickstream.ingestion.KafkaLoaderMain"))
                .command(List.of(
                        "--kafka=" + bootstrap,
                        "--kafka-topic=" + msk.topic(),
                        "--kafka-tls=true",
                        "--group=" + loaderGroup,
                        "--lake=" + lake.uri(),
                        "--buffer=" + BUFFER_DIR,
                        "--roll-seconds=" + msk.rollSeconds()))
                .environment(Map.of("AWS_REGION", getRegion()))
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder().logGroup(logs).streamPrefix("loader").build()))
                .stopTimeout(Duration.seconds(120))
                .build());
        Nag.suppress(task, "ECS2", "The environment holds the region only; the loader gets no secret.");
        Nag.executionRole(task);
        return FargateService.Builder.create(this, "LoaderService")
                .cluster(cluster).taskDefinition(task).desiredCount(msk.loaderTasks())
                .vpcSubnets(subnets).securityGroups(List.of(loaderGroup))
                .circuitBreaker(DeploymentCircuitBreaker.builder().rollback(true).build())
                .minHealthyPercent(100)
                .build();
    }

    /**
     * EC2 capacity for the collector: an Auto Scaling group of ECS-optimized instances joined to the cluster by
     * their user data, and an ECS capacity provider that scales it. Wired here rather than through
     * {@code Cluster.addAsgCapacityProvider}, whose instance-role statement allows writing to every log group: this
     * role may write to the collector's log group only.
     */
    private Ec2Service ec2Service(IngestionProps props, Cluster cluster, IVpc vpc, SubnetSelection subnets,
                                  TaskDefinition task, SecurityGroup collectorGroup, LogGroup logs) {
        Role instanceRole = Role.Builder.create(this, "CollectorInstanceRole")
                .assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
                .description("ECS agent on the collector's EC2 instances")
                .build();
        String containerInstances = "arn:" + getPartition() + ":ecs:" + getRegion() + ":" + getAccount()
                + ":container-instance/" + cluster.getClusterName() + "/*";
        instanceRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("ecs:RegisterContainerInstance", "ecs:DeregisterContainerInstance",
                        "ecs:UpdateContainerInstancesState"))
                .resources(List.of(cluster.getClusterArn()))
                .build());
        instanceRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("ecs:Poll", "ecs:StartTelemetrySession", "ecs:SubmitContainerStateChange",
                        "ecs:SubmitTaskStateChange", "ecs:SubmitAttachmentStateChanges"))
                .resources(List.of(containerInstances, cluster.getClusterArn()))
                .build());
        instanceRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("ecs:DiscoverPollEndpoint"))
                .resources(List.of("*"))
                .build());
        instanceRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logs.getLogGroupArn(), logs.getLogGroupArn() + ":log-stream:*"))
                .build());
        Nag.suppress(instanceRole, "IAM5", "The ECS agent discovers its endpoint with ecs:DiscoverPollEndpoint (on"
                + " '*' only), reports for the container instances of this cluster (their ids are assigned at"
                + " registration) and writes streams of the collector's log group.");
        InstanceType instanceType = new InstanceType(props.ec2InstanceType());
        SecurityGroup instanceGroup = SecurityGroup.Builder.create(this, "CollectorInstanceSecurityGroup")
                .vpc(vpc).description("collector EC2 instances (tasks have their own interfaces)")
                .allowAllOutbound(true).build();
        LaunchTemplate template = LaunchTemplate.Builder.create(this, "CollectorLaunchTemplate")
                .instanceType(instanceType)
                .machineImage(EcsOptimizedImage.amazonLinux2023(
                        instanceType.getArchitecture() == software.amazon.awscdk.services.ec2.InstanceArchitecture.ARM_64
                                ? software.amazon.awscdk.services.ecs.AmiHardwareType.ARM
                                : software.amazon.awscdk.services.ecs.AmiHardwareType.STANDARD))
                .role(instanceRole)
                .securityGroup(instanceGroup)
                .requireImdsv2(true)
                .userData(UserData.forLinux())
                .blockDevices(List.of(software.amazon.awscdk.services.ec2.BlockDevice.builder().deviceName("/dev/xvda")
                        .volume(software.amazon.awscdk.services.ec2.BlockDeviceVolume.ebs(30,
                                software.amazon.awscdk.services.ec2.EbsDeviceOptions.builder().encrypted(true).build()))
                        .build()))
                .build();
        template.getUserData().addCommands("echo ECS_CLUSTER=" + cluster.getClusterName() + " >> /etc/ecs/ecs.config",
                "echo ECS_ENABLE_TASK_IAM_ROLE=true >> /etc/ecs/ecs.config");
        AutoScalingGroup instances = AutoScalingGroup.Builder.create(this, "CollectorInstances")
                .vpc(vpc).vpcSubnets(subnets)
                .launchTemplate(template)
                .minCapacity(1)
                .maxCapacity(props.maxTasks())
                .build();
        Nag.suppress(instances, "AS3", "The ECS capacity provider scales the group; instance launches and"
                + " terminations are in the ECS and Auto Scaling event history.");
        CfnCapacityProvider provider = CfnCapacityProvider.Builder.create(this, "CollectorCapacity")
                .autoScalingGroupProvider(CfnCapacityProvider.AutoScalingGroupProviderProperty.builder()
                        .autoScalingGroupArn(instances.getAutoScalingGroupName())
                        .managedScaling(CfnCapacityProvider.ManagedScalingProperty.builder()
                                .status("ENABLED").targetCapacity(100).build())
                        .managedTerminationProtection("DISABLED")
                        .managedDraining("ENABLED")
                        .build())
                .build();
        CfnClusterCapacityProviderAssociations associations = CfnClusterCapacityProviderAssociations.Builder
                .create(this, "CollectorCapacityAssociation")
                .cluster(cluster.getClusterName())
                .capacityProviders(List.of(provider.getRef()))
                .defaultCapacityProviderStrategy(List.of(
                        CfnClusterCapacityProviderAssociations.CapacityProviderStrategyProperty.builder()
                                .capacityProvider(provider.getRef()).weight(1).build()))
                .build();
        // The capacity is wired without Cluster.addAsgCapacityProvider, so the service sees the cluster through a
        // reference that states it has EC2 capacity.
        software.amazon.awscdk.services.ecs.ICluster withCapacity = Cluster.fromClusterAttributes(this,
                "ClusterWithCapacity", software.amazon.awscdk.services.ecs.ClusterAttributes.builder()
                        .clusterName(cluster.getClusterName()).clusterArn(cluster.getClusterArn()).vpc(vpc)
                        .securityGroups(List.of()).hasEc2Capacity(true).build());
        Ec2Service service = Ec2Service.Builder.create(this, "CollectorService")
                .cluster(withCapacity).taskDefinition(task).desiredCount(props.minTasks())
                .vpcSubnets(subnets).securityGroups(List.of(collectorGroup))
                .capacityProviderStrategies(List.of(CapacityProviderStrategy.builder()
                        .capacityProvider(provider.getRef()).weight(1).build()))
                .circuitBreaker(DeploymentCircuitBreaker.builder().rollback(true).build())
                .minHealthyPercent(100)
                .build();
        service.getNode().addDependency(associations);
        return service;
    }

    private ICertificate certificate(IngestionProps.Https https) {
        if (https == null) {
            return null;
        }
        if (https.certificateArn() != null) {
            return Certificate.fromCertificateArn(this, "Certificate", https.certificateArn());
        }
        return Certificate.Builder.create(this, "Certificate")
                .domainName(https.domainName())
                .validation(CertificateValidation.fromDns(hostedZone(https)))
                .build();
    }

    private IHostedZone zone;

    private IHostedZone hostedZone(IngestionProps.Https https) {
        if (zone == null) {
            zone = HostedZone.fromHostedZoneAttributes(this, "Zone", HostedZoneAttributes.builder()
                    .hostedZoneId(https.hostedZoneId()).zoneName(https.hostedZoneName()).build());
        }
        return zone;
    }

    public ApplicationLoadBalancer loadBalancer() {
        return loadBalancer;
    }

    public ApplicationTargetGroup targetGroup() {
        return targetGroup;
    }

    public BaseService service() {
        return service;
    }

    /** The collect URL the SDKs post to. */
    public String endpointUrl() {
        return endpointUrl;
    }

    /** The Kinesis stream, with the Kinesis sink. */
    public IStream stream() {
        return stream;
    }

    /** The Firehose delivery stream to the lake, with the Kinesis sink. */
    public CfnDeliveryStream deliveryStream() {
        return deliveryStream;
    }

    /** The MSK cluster, with the MSK sink. */
    public CfnCluster kafkaCluster() {
        return kafkaCluster;
    }

    /** The topic of raw envelopes, with the MSK sink. */
    public String kafkaTopic() {
        return kafkaTopic;
    }

    /** The loader's consumer group, with the MSK sink. */
    public String loaderGroup() {
        return loaderGroup;
    }

    /** The Kafka-to-lake loader service, with the MSK sink. */
    public FargateService loaderService() {
        return loaderService;
    }
}
