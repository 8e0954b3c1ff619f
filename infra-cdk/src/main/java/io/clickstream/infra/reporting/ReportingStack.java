package io.clickstream.infra.reporting;

import io.clickstream.infra.common.LakeLocation;
import io.clickstream.infra.common.Nag;
import io.clickstream.infra.modeling.ModelingStack;
import io.clickstream.infra.network.NetworkStack;
import io.clickstream.model.ModeledTables;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.quicksight.CfnDataSet;
import software.amazon.awscdk.services.quicksight.CfnDataSource;
import software.amazon.awscdk.services.quicksight.CfnVPCConnection;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * QuickSight over the modeled tables: one data source (Athena through the pipeline's workgroup with a role of its
 * own, or the Redshift Serverless workgroup through a QuickSight VPC connection) and one direct-query dataset per
 * modeled table, shared with the given QuickSight user or group. The account must already be subscribed to
 * QuickSight (a console step CloudFormation cannot take).
 */
public final class ReportingStack extends Stack {

    private static final List<String> DATA_SOURCE_ACTIONS = List.of("quicksight:DescribeDataSource",
            "quicksight:DescribeDataSourcePermissions", "quicksight:PassDataSource", "quicksight:UpdateDataSource",
            "quicksight:DeleteDataSource", "quicksight:UpdateDataSourcePermissions");
    private static final List<String> DATA_SET_ACTIONS = List.of("quicksight:DescribeDataSet",
            "quicksight:DescribeDataSetPermissions", "quicksight:PassDataSet", "quicksight:DescribeIngestion",
            "quicksight:ListIngestions", "quicksight:UpdateDataSet", "quicksight:DeleteDataSet",
            "quicksight:CreateIngestion", "quicksight:CancelIngestion", "quicksight:UpdateDataSetPermissions");

    /** The engine QuickSight queries. */
    public enum Engine { ATHENA, REDSHIFT }

    /**
     * Typed props of the stack.
     *
     * @param principalArn the QuickSight user or group that owns the data source and datasets
     *                     ({@code arn:aws:quicksight:<region>:<account>:group/default/<name>})
     * @param engine       Athena, or Redshift (needs Redshift in the modeling stack)
     */
    public record ReportingProps(String principalArn, Engine engine) {
        public ReportingProps {
            if (principalArn == null || !principalArn.matches("arn:aws[a-z-]*:quicksight:[a-z0-9-]+:\\d{12}:(user|group)/.+")) {
                throw new IllegalArgumentException("QuickSight needs the ARN of a QuickSight user or group, was '"
                        + principalArn + "'");
            }
            Objects.requireNonNull(engine, "engine");
        }
    }

    private final CfnDataSource dataSource;
    private final List<CfnDataSet> dataSets;

    public ReportingStack(Construct scope, String id, StackProps stackProps, ReportingProps props,
                          ModelingStack modeling, NetworkStack network, LakeLocation lake) {
        super(scope, id, stackProps);
        IVpc vpc = network.vpc();
        String prefix = getStackName();
        String databaseName = props.engine() == Engine.ATHENA ? modeling.databaseName() : modeling.redshiftDatabaseName();
        CfnDataSource.Builder source = CfnDataSource.Builder.create(this, "DataSource")
                .awsAccountId(getAccount())
                .dataSourceId(prefix + "-source")
                .permissions(List.of(CfnDataSource.ResourcePermissionProperty.builder()
                        .principal(props.principalArn()).actions(DATA_SOURCE_ACTIONS).build()))
                .sslProperties(CfnDataSource.SslPropertiesProperty.builder().disableSsl(false).build());
        if (props.engine() == Engine.ATHENA) {
            Role role = athenaRole(modeling, lake);
            source.name("Clickstream (Athena)").type("ATHENA")
                    .dataSourceParameters(CfnDataSource.DataSourceParametersProperty.builder()
                            .athenaParameters(CfnDataSource.AthenaParametersProperty.builder()
                                    .workGroup(modeling.workGroupName())
                                    .roleArn(role.getRoleArn())
                                    .build())
                            .build());
        } else {
            if (modeling.redshiftWorkgroup() == null) {
                throw new IllegalArgumentException("QuickSight over Redshift needs Redshift in the modeling settings");
            }
            CfnVPCConnection connection = vpcConnection(network, modeling, prefix);
            source.name("Clickstream (Redshift)").type("REDSHIFT")
                    .dataSourceParameters(CfnDataSource.DataSourceParametersProperty.builder()
                            .redshiftParameters(CfnDataSource.RedshiftParametersProperty.builder()
                                    .host(modeling.redshiftWorkgroup().getAttrWorkgroupEndpointAddress())
                                    .port(5439)
                                    .database(databaseName)
                                    .build())
                            .build())
                    .vpcConnectionProperties(CfnDataSource.VpcConnectionPropertiesProperty.builder()
                            .vpcConnectionArn(connection.getAttrArn()).build())
                    .credentials(CfnDataSource.DataSourceCredentialsProperty.builder()
                            .secretArn(modeling.redshiftAdminSecret().getSecretArn()).build());
        }
        dataSource = source.build();

        String from = props.engine() == Engine.ATHENA ? "\"" + databaseName + "\"." : ModelingStack.REDSHIFT_SCHEMA + ".";
        dataSets = ModeledTables.MODELED.stream().map(table -> {
            // Maps (custom parameters, user properties) and lists (a session's event sequences) have no QuickSight
            // type; the studio explores those.
            List<ModeledTables.Column> columns = table.allColumns().stream()
                    .filter(c -> c.type() != ModeledTables.ColumnType.STRING_MAP
                            && c.type() != ModeledTables.ColumnType.STRING_LIST
                            && c.type() != ModeledTables.ColumnType.DATE_LIST
                            && c.type() != ModeledTables.ColumnType.LONG_LIST).toList();
            String sql = "SELECT " + columns.stream().map(c -> "\"" + c.name() + "\"").collect(Collectors.joining(", "))
                    + " FROM " + from + "\"" + table.tableName() + "\"";
            CfnDataSet dataSet = CfnDataSet.Builder.create(this, "DataSet" + capital(table.tableName()))
                    .awsAccountId(getAccount())
                    .dataSetId(prefix + "-" + table.tableName())
                    .name("Clickstream " + table.tableName())
                    .importMode("DIRECT_QUERY")
                    .permissions(List.of(CfnDataSet.ResourcePermissionProperty.builder()
                            .principal(props.principalArn()).actions(DATA_SET_ACTIONS).build()))
                    .physicalTableMap(Map.of(table.tableName(), CfnDataSet.PhysicalTableProperty.builder()
                            .customSql(CfnDataSet.CustomSqlProperty.builder()
                                    .dataSourceArn(dataSource.getAttrArn())
                                    .name(table.tableName())
                                    .sqlQuery(sql)
                                    .columns(columns.stream().map(c -> CfnDataSet.InputColumnProperty.builder()
                                            .name(c.name()).type(quickSightType(c.type())).build()).toList())
                                    .build())
                            .build()))
                    .build();
            return dataSet;
        }).toList();
        CfnOutput.Builder.create(this, "DataSourceArn").value(dataSource.getAttrArn()).build();
    }

    private Role athenaRole(ModelingStack modeling, LakeLocation lake) {
        Role role = Role.Builder.create(this, "QuickSightAthenaRole")
                .assumedBy(new ServicePrincipal("quicksight.amazonaws.com"))
                .description("QuickSight: query the modeled tables through the pipeline's Athena workgroup")
                .build();
        modeling.grantAthenaQueries(role, lake);
        Nag.suppress(role, "IAM5", "Athena reads the modeled Parquet files and writes results under fixed prefixes"
                + " whose object names it chooses; the tables are those of the pipeline's one Glue database.");
        return role;
    }

    private CfnVPCConnection vpcConnection(NetworkStack network, ModelingStack modeling, String prefix) {
        IVpc vpc = network.vpc();
        Role role = Role.Builder.create(this, "QuickSightVpcRole")
                .assumedBy(new ServicePrincipal("quicksight.amazonaws.com"))
                .description("QuickSight: network interfaces of its VPC connection to Redshift")
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("ec2:CreateNetworkInterface", "ec2:ModifyNetworkInterfaceAttribute",
                        "ec2:DeleteNetworkInterface", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups"))
                .resources(List.of("*"))
                .build());
        Nag.suppress(role, "IAM5", "QuickSight creates its network interfaces with these EC2 actions, which it"
                + " documents on all resources; the role holds no data access.");
        SecurityGroup group = SecurityGroup.Builder.create(this, "QuickSightSecurityGroup")
                .vpc(vpc).description("QuickSight VPC connection to Redshift").allowAllOutbound(false).build();
        group.addEgressRule(Peer.ipv4(vpc.getVpcCidrBlock()), Port.tcp(5439), "to Redshift");
        // QuickSight's interfaces are not stateful: the answers of Redshift need an inbound rule.
        group.addIngressRule(Peer.ipv4(vpc.getVpcCidrBlock()), Port.tcpRange(1024, 65535), "answers from Redshift");
        Nag.suppress(group, "CdkNagValidationFailure", "EC23 cannot read the rules, whose peer is the VPC's own"
                + " CIDR (a token until deployment); nothing outside the VPC is allowed.");
        return CfnVPCConnection.Builder.create(this, "VpcConnection")
                .awsAccountId(getAccount())
                .vpcConnectionId(prefix + "-redshift")
                .name("Clickstream Redshift")
                .roleArn(role.getRoleArn())
                .subnetIds(vpc.selectSubnets(network.privateSubnets()).getSubnetIds())
                .securityGroupIds(List.of(group.getSecurityGroupId()))
                .build();
    }

    private static String quickSightType(ModeledTables.ColumnType type) {
        return switch (type) {
            case STRING -> "STRING";
            case INT, LONG -> "INTEGER";
            case DOUBLE -> "DECIMAL";
            case BOOLEAN -> "BOOLEAN";
            case DATE, TIMESTAMP -> "DATETIME";
            case STRING_MAP, STRING_LIST, DATE_LIST, LONG_LIST ->
                    throw new IllegalArgumentException("maps and lists have no QuickSight type");
        };
    }

    private static String capital(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    public CfnDataSource dataSource() {
        return dataSource;
    }

    public List<CfnDataSet> dataSets() {
        return dataSets;
    }
}
