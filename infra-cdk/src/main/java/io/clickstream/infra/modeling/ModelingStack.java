package io.clickstream.infra.modeling;

import io.clickstream.infra.common.LakeLocation;
import io.clickstream.infra.common.Nag;
import io.clickstream.infra.network.NetworkStack;
import io.clickstream.model.ModeledTables;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.athena.CfnWorkGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.glue.CfnDatabase;
import software.amazon.awscdk.services.glue.CfnTable;
import software.amazon.awscdk.services.iam.CompositePrincipal;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.redshiftserverless.CfnNamespace;
import software.amazon.awscdk.services.redshiftserverless.CfnWorkgroup;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.constructs.Construct;

/**
 * The modeled tables for SQL engines: a Glue database with one table per modeled table of event-model, over
 * {@code modeled/<table>/app_id=/event_date=}, whose partitions Athena computes by projection (the app ids of the
 * pipeline, the dates from 2020 to today), so no crawler or partition job ever runs; an Athena workgroup that
 * encrypts its results in its own bucket and stops queries that would scan more than the limit. With Redshift:
 * a Serverless namespace and workgroup in the private subnets, and {@link RedshiftLoad} copying the lake in.
 */
public final class ModelingStack extends Stack {

    /** The Redshift schema the load writes. */
    public static final String REDSHIFT_SCHEMA = "clickstream";

    /**
     * Typed props of the stack.
     *
     * @param databaseName    the Glue database (letters, digits, underscores)
     * @param existingWorkGroup an Athena workgroup to use, or null to create one named after the database
     * @param appIds          the app ids projected as {@code app_id} partitions; empty to require every query to
     *                        name its app ({@code injected} projection)
     * @param scanLimitGb     the most a single Athena query may scan
     * @param resultDays      days Athena results are kept
     * @param redshift        Redshift Serverless, or null for Athena only
     */
    public record ModelingProps(String databaseName, String existingWorkGroup, List<String> appIds, int scanLimitGb,
                                int resultDays, Redshift redshift) {
        public ModelingProps {
            if (databaseName == null || !databaseName.matches("[a-z0-9_]{1,255}")) {
                throw new IllegalArgumentException("a Glue database name is lower-case letters, digits and"
                        + " underscores, was '" + databaseName + "'");
            }
            if (scanLimitGb < 1) {
                throw new IllegalArgumentException("the Athena scan limit must be at least 1 GB, was " + scanLimitGb);
            }
            appIds = List.copyOf(appIds == null ? List.of() : appIds);
        }
    }

    /**
     * Redshift Serverless and its load from the lake.
     *
     * @param databaseName  the Redshift database
     * @param baseRpu       the workgroup's base capacity (8-512, in steps of 8)
     * @param maxRpu        the most the workgroup scales to
     * @param subnetIds     the workgroup's subnets (three zones); empty for the VPC's private subnets
     * @param securityGroupIds the workgroup's security groups; empty creates one open to the VPC on 5439
     * @param loadSchedule  when the load runs: {@code rate(...)} or {@code cron(...)}
     * @param reloadDays    the days of events, sessions and items each load replaces (users are replaced whole)
     */
    public record Redshift(String databaseName, int baseRpu, int maxRpu, List<String> subnetIds,
                           List<String> securityGroupIds, String loadSchedule, int reloadDays) {
        public Redshift {
            if (databaseName == null || !databaseName.matches("[a-z_][a-z0-9_$]{0,126}")) {
                throw new IllegalArgumentException("not a Redshift database name: '" + databaseName + "'");
            }
            subnetIds = List.copyOf(subnetIds == null ? List.of() : subnetIds);
            securityGroupIds = List.copyOf(securityGroupIds == null ? List.of() : securityGroupIds);
            if (baseRpu < 8 || baseRpu > 512 || baseRpu % 8 != 0) {
                throw new IllegalArgumentException("Redshift base capacity must be 8-512 RPU in steps of 8, was "
                        + baseRpu);
            }
            if (maxRpu < baseRpu) {
                throw new IllegalArgumentException("Redshift max capacity must be at least the base capacity");
            }
            if (loadSchedule == null || !loadSchedule.matches("(rate|cron)\\(.+\\)")) {
                throw new IllegalArgumentException("the Redshift load schedule must be rate(...) or cron(...)");
            }
            if (reloadDays < 1) {
                throw new IllegalArgumentException("the load must replace at least one day, was " + reloadDays);
            }
        }
    }

    private final CfnDatabase database;
    private final String databaseName;
    private final Map<String, CfnTable> tables = new LinkedHashMap<>();
    private final Bucket resultsBucket;
    private final CfnWorkGroup workGroup;
    private final String workGroupName;
    private CfnNamespace namespace;
    private String redshiftDatabase;
    private software.amazon.awscdk.services.secretsmanager.Secret adminSecret;
    private CfnWorkgroup redshiftWorkgroup;
    private SecurityGroup redshiftSecurityGroup;
    private RedshiftLoad load;

    public ModelingStack(Construct scope, String id, StackProps stackProps, ModelingProps props, NetworkStack network,
                         LakeLocation lake, IBucket accessLogsBucket, IKey dataKey) {
        super(scope, id, stackProps);
        IVpc vpc = network.vpc();
        databaseName = props.databaseName();
        database = CfnDatabase.Builder.create(this, "Database")
                .catalogId(getAccount())
                .databaseInput(CfnDatabase.DatabaseInputProperty.builder()
                        .name(props.databaseName())
                        .description("Clickstream modeled tables (Parquet in the lake)")
                        .build())
                .build();
        for (ModeledTables.Table table : ModeledTables.MODELED) {
            CfnTable glueTable = glueTable(table, props, lake);
            glueTable.getNode().addDependency(database);
            tables.put(table.tableName(), glueTable);
        }

        resultsBucket = Bucket.Builder.create(this, "AthenaResults")
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .serverAccessLogsBucket(accessLogsBucket)
                .serverAccessLogsPrefix("s3/athena-results/")
                .removalPolicy(RemovalPolicy.DESTROY)
                .autoDeleteObjects(false)
                .lifecycleRules(List.of(LifecycleRule.builder().id("expire-results")
                        .expiration(Duration.days(props.resultDays())).build()))
                .build();
        workGroup = props.existingWorkGroup() != null ? null : CfnWorkGroup.Builder.create(this, "WorkGroup")
                .name(props.databaseName().replace('_', '-'))
                .description("Clickstream queries: encrypted results, per-query scan limit")
                .recursiveDeleteOption(true)
                .workGroupConfiguration(CfnWorkGroup.WorkGroupConfigurationProperty.builder()
                        .enforceWorkGroupConfiguration(true)
                        .publishCloudWatchMetricsEnabled(true)
                        .bytesScannedCutoffPerQuery((long) props.scanLimitGb() * 1024 * 1024 * 1024)
                        .resultConfiguration(CfnWorkGroup.ResultConfigurationProperty.builder()
                                .outputLocation("s3://" + resultsBucket.getBucketName() + "/athena/")
                                .encryptionConfiguration(CfnWorkGroup.EncryptionConfigurationProperty.builder()
                                        .encryptionOption("SSE_S3").build())
                                .build())
                        .build())
                .build();
        workGroupName = workGroup != null ? workGroup.getRef() : props.existingWorkGroup();
        CfnOutput.Builder.create(this, "AthenaWorkGroup").value(workGroupName).build();

        if (props.redshift() != null) {
            redshift(props, network, dataKey, lake);
        }
    }

    private CfnTable glueTable(ModeledTables.Table table, ModelingProps props, LakeLocation lake) {
        String location = lake.uri() + "/modeled/" + table.tableName();
        Map<String, String> parameters = new HashMap<>();
        parameters.put("classification", "parquet");
        parameters.put("EXTERNAL", "TRUE");
        parameters.put("projection.enabled", "true");
        if (props.appIds().isEmpty()) {
            parameters.put("projection.app_id.type", "injected");
        } else {
            parameters.put("projection.app_id.type", "enum");
            parameters.put("projection.app_id.values", String.join(",", props.appIds()));
        }
        parameters.put("projection.event_date.type", "date");
        parameters.put("projection.event_date.format", "yyyy-MM-dd");
        parameters.put("projection.event_date.range", "2020-01-01,NOW");
        parameters.put("projection.event_date.interval", "1");
        parameters.put("projection.event_date.interval.unit", "DAYS");
        parameters.put("storage.location.template", location + "/app_id=${app_id}/event_date=${event_date}");
        return CfnTable.Builder.create(this, "Table" + capitalized(table.tableName()))
                .catalogId(getAccount())
                .databaseName(props.databaseName())
                .tableInput(CfnTable.TableInputProperty.builder()
                        .name(table.tableName())
                        .tableType("EXTERNAL_TABLE")
                        .parameters(parameters)
                        .partitionKeys(table.partitionColumns().stream().map(ModelingStack::glueColumn).toList())
                        .storageDescriptor(CfnTable.StorageDescriptorProperty.builder()
                                .location(location + "/")
                                .inputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat")
                                .outputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat")
                                .serdeInfo(CfnTable.SerdeInfoProperty.builder()
                                        .serializationLibrary("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe")
                                        .build())
                                .columns(table.columns().stream().map(ModelingStack::glueColumn).toList())
                                .build())
                        .build())
                .build();
    }

    private static CfnTable.ColumnProperty glueColumn(ModeledTables.Column column) {
        return CfnTable.ColumnProperty.builder().name(column.name()).type(TableTypes.glue(column.type())).build();
    }

    private void redshift(ModelingProps props, NetworkStack network, IKey dataKey, LakeLocation lake) {
        IVpc vpc = network.vpc();
        Redshift redshift = props.redshift();
        redshiftDatabase = redshift.databaseName();
        Role copyRole = Role.Builder.create(this, "RedshiftCopyRole")
                .assumedBy(new CompositePrincipal(new ServicePrincipal("redshift.amazonaws.com"),
                        new ServicePrincipal("redshift-serverless.amazonaws.com")))
                .description("Redshift COPY of the unloaded modeled tables")
                .build();
        copyRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:ListBucket", "s3:GetBucketLocation"))
                .resources(List.of(resultsBucket.getBucketArn()))
                .build());
        copyRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject"))
                .resources(List.of(resultsBucket.arnForObjects(RedshiftLoad.STAGING_PREFIX + "*")))
                .build());
        Nag.suppress(copyRole, "IAM5", "COPY reads the Parquet files Athena unloaded under the staging prefix of the"
                + " results bucket, whose names are chosen by Athena.");

        List<String> securityGroups = redshift.securityGroupIds();
        if (securityGroups.isEmpty()) {
            redshiftSecurityGroup = SecurityGroup.Builder.create(this, "RedshiftSecurityGroup")
                    .vpc(vpc).description("Redshift Serverless workgroup").allowAllOutbound(false).build();
            redshiftSecurityGroup.addIngressRule(Peer.ipv4(vpc.getVpcCidrBlock()), Port.tcp(5439),
                    "SQL clients inside the VPC (the studio, QuickSight's VPC connection)");
            securityGroups = List.of(redshiftSecurityGroup.getSecurityGroupId());
            Nag.suppress(redshiftSecurityGroup, "CdkNagValidationFailure", "EC23 cannot read the ingress rule,"
                    + " whose source is the VPC's own CIDR (a token until deployment); nothing outside the VPC is"
                    + " allowed.");
        }
        adminSecret = software.amazon.awscdk.services.secretsmanager.Secret.Builder.create(this, "RedshiftAdmin")
                .description("Redshift Serverless admin user (the load and QuickSight connect with it)")
                .encryptionKey(dataKey)
                .generateSecretString(software.amazon.awscdk.services.secretsmanager.SecretStringGenerator.builder()
                        .secretStringTemplate("{\"username\":\"clickstream_admin\"}")
                        .generateStringKey("password")
                        .passwordLength(32)
                        .excludeCharacters("\"'\\/@ ")
                        .build())
                .build();
        Nag.suppress(adminSecret, "SMG4", "Rotating the Redshift admin password needs a rotation function in the VPC;"
                + " the password is random, never leaves Secrets Manager (the template holds a dynamic reference), and"
                + " only the load and QuickSight read it.");
        namespace = CfnNamespace.Builder.create(this, "Namespace")
                .namespaceName(props.databaseName().replace('_', '-'))
                .dbName(redshift.databaseName())
                .adminUsername("clickstream_admin")
                .adminUserPassword(adminSecret.secretValueFromJson("password").unsafeUnwrap())
                .kmsKeyId(dataKey.getKeyArn())
                .iamRoles(List.of(copyRole.getRoleArn()))
                .defaultIamRoleArn(copyRole.getRoleArn())
                .logExports(List.of("userlog", "connectionlog", "useractivitylog"))
                .build();
        redshiftWorkgroup = CfnWorkgroup.Builder.create(this, "Workgroup")
                .workgroupName(props.databaseName().replace('_', '-'))
                .namespaceName(namespace.getNamespaceName())
                .baseCapacity(redshift.baseRpu())
                .maxCapacity(redshift.maxRpu())
                .enhancedVpcRouting(true)
                .publiclyAccessible(false)
                .subnetIds(redshift.subnetIds().isEmpty()
                        ? vpc.selectSubnets(network.privateSubnets()).getSubnetIds() : redshift.subnetIds())
                .securityGroupIds(securityGroups)
                .configParameters(List.of(CfnWorkgroup.ConfigParameterProperty.builder()
                        .parameterKey("require_ssl").parameterValue("true").build()))
                .build();
        redshiftWorkgroup.getNode().addDependency(namespace);
        load = new RedshiftLoad(this, "Load", new RedshiftLoad.LoadProps(props.databaseName(), workGroupName, redshift,
                REDSHIFT_SCHEMA, copyRole.getRoleArn()), resultsBucket, lake,
                namespace, redshiftWorkgroup, adminSecret, dataKey);
        CfnOutput.Builder.create(this, "RedshiftWorkgroup").value(redshiftWorkgroup.getRef()).build();
    }

    /**
     * Lets {@code role} query the modeled tables through the pipeline's Athena workgroup: run and read queries in the
     * workgroup, read the Glue database's tables, read {@code modeled/} of the lake and write results under
     * {@code athena/} of the results bucket. Object names under those prefixes are chosen at query time.
     */
    public void grantAthenaQueries(IRole role, LakeLocation lake) {
        grantAthenaQueries(role, this, workGroupName, databaseName, resultsBucket, lake);
    }

    static void grantAthenaQueries(IRole role, Stack stack, String workGroupName, String databaseName,
                                   IBucket resultsBucket, LakeLocation lake) {
        String prefix = "arn:" + stack.getPartition() + ":";
        String account = ":" + stack.getRegion() + ":" + stack.getAccount() + ":";
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults",
                        "athena:StopQueryExecution", "athena:GetWorkGroup"))
                .resources(List.of(prefix + "athena" + account + "workgroup/" + workGroupName))
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:GetPartitions"))
                .resources(List.of(prefix + "glue" + account + "catalog",
                        prefix + "glue" + account + "database/" + databaseName,
                        prefix + "glue" + account + "table/" + databaseName + "/*"))
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:ListBucket", "s3:GetBucketLocation"))
                .resources(List.of(lake.bucketArn(), resultsBucket.getBucketArn()))
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject"))
                .resources(List.of(lake.objects("modeled/*")))
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"))
                .resources(List.of(resultsBucket.arnForObjects("athena/*")))
                .build());
    }

    private static String capitalized(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    public CfnDatabase database() {
        return database;
    }

    /** The Glue database name (also the Athena workgroup's and the Redshift database's). */
    public String databaseName() {
        return databaseName;
    }

    public Map<String, CfnTable> tables() {
        return tables;
    }

    public Bucket resultsBucket() {
        return resultsBucket;
    }

    /** The Athena workgroup, when the stack created it (null with an existing one). */
    public CfnWorkGroup workGroup() {
        return workGroup;
    }

    /** The name of the Athena workgroup the pipeline's queries run in. */
    public String workGroupName() {
        return workGroupName;
    }

    /** The Redshift database, when Redshift is on. */
    public String redshiftDatabaseName() {
        return redshiftDatabase;
    }

    /** The Redshift namespace, when Redshift is on. */
    public CfnNamespace namespace() {
        return namespace;
    }

    /** The Redshift workgroup, when Redshift is on. */
    public CfnWorkgroup redshiftWorkgroup() {
        return redshiftWorkgroup;
    }

    /** The Redshift admin user's secret ({@code username}, {@code password}), when Redshift is on. */
    public software.amazon.awscdk.services.secretsmanager.Secret redshiftAdminSecret() {
        return adminSecret;
    }

    public SecurityGroup redshiftSecurityGroup() {
        return redshiftSecurityGroup;
    }

    public RedshiftLoad load() {
        return load;
    }
}
