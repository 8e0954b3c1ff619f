package io.clickstream.infra.network;

import io.clickstream.infra.common.EncryptedLogs;
import io.clickstream.infra.common.Nag;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetFilter;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcLookupOptions;
import software.amazon.awscdk.services.kms.IKey;
import software.constructs.Construct;

/**
 * The VPC: public subnets for the load balancers (and the NAT), private subnets for the tasks, the Redshift workgroup
 * and the Kafka brokers. Gateway endpoints for S3 and DynamoDB and interface endpoints for the other services the
 * tasks call, so that the lake, the stream and the metadata store are reached without the NAT; the NAT stays for
 * what has no endpoint (an OIDC issuer, QuickSight's API).
 */
public final class NetworkStack extends Stack {

    /**
     * Typed props of the stack.
     *
     * @param existingVpcId      the id of a VPC to use (looked up at synth; needs the account and region), or null
     *                           for a new VPC
     * @param cidr               the new VPC's address range
     * @param maxAzs             availability zones of the new VPC (Redshift Serverless needs three)
     * @param natGateways        NAT gateways of the new VPC (0 leaves the private subnets without internet access)
     * @param interfaceEndpoints short service names of the interface endpoints ({@code ecr.api}, {@code logs}, ...)
     * @param flowLogDays        days the new VPC's rejected-traffic flow logs are kept
     * @param publicSubnetIds    of an existing VPC: the subnets of the internet-facing load balancers (empty: all
     *                           public subnets)
     * @param privateSubnetIds   of an existing VPC: the subnets of tasks, brokers and workgroups (empty: all private
     *                           subnets)
     */
    public record NetworkProps(String existingVpcId, String cidr, int maxAzs, int natGateways,
                               Set<String> interfaceEndpoints, int flowLogDays, List<String> publicSubnetIds,
                               List<String> privateSubnetIds) {
        public NetworkProps {
            if (existingVpcId == null) {
                Objects.requireNonNull(cidr, "cidr");
                if (maxAzs < 2) {
                    throw new IllegalArgumentException("a new VPC needs at least 2 availability zones, was " + maxAzs);
                }
                if (natGateways < 0 || natGateways > maxAzs) {
                    throw new IllegalArgumentException("NAT gateways must be between 0 and " + maxAzs);
                }
            } else if (!existingVpcId.matches("vpc-[0-9a-f]{8,17}")) {
                throw new IllegalArgumentException("not a VPC id: '" + existingVpcId + "'");
            }
            interfaceEndpoints = Set.copyOf(new TreeSet<>(interfaceEndpoints));
            publicSubnetIds = List.copyOf(publicSubnetIds == null ? List.of() : publicSubnetIds);
            privateSubnetIds = List.copyOf(privateSubnetIds == null ? List.of() : privateSubnetIds);
            if (existingVpcId == null && !(publicSubnetIds.isEmpty() && privateSubnetIds.isEmpty())) {
                throw new IllegalArgumentException("subnet ids choose subnets of an existing VPC; give its vpcId");
            }
        }
    }

    private final IVpc vpc;
    private final SubnetSelection privateSubnets;
    private final SubnetSelection publicSubnets;

    public NetworkStack(Construct scope, String id, StackProps stackProps, NetworkProps props, IKey logKey) {
        super(scope, id, stackProps);
        if (props.existingVpcId() != null) {
            vpc = Vpc.fromLookup(this, "Vpc", VpcLookupOptions.builder().vpcId(props.existingVpcId()).build());
        } else {
            SubnetType privateType = props.natGateways() == 0 ? SubnetType.PRIVATE_ISOLATED : SubnetType.PRIVATE_WITH_EGRESS;
            vpc = Vpc.Builder.create(this, "Vpc")
                    .ipAddresses(IpAddresses.cidr(props.cidr()))
                    .maxAzs(props.maxAzs())
                    .natGateways(props.natGateways())
                    .subnetConfiguration(List.of(
                            SubnetConfiguration.builder().name("public").subnetType(SubnetType.PUBLIC).cidrMask(24).build(),
                            SubnetConfiguration.builder().name("private").subnetType(privateType).cidrMask(20).build()))
                    .flowLogs(java.util.Map.of("rejected", FlowLogOptions.builder()
                            .destination(FlowLogDestination.toCloudWatchLogs(EncryptedLogs.create(this, "FlowLogs",
                                    logKey, props.flowLogDays())))
                            .trafficType(FlowLogTrafficType.REJECT)
                            .build()))
                    .build();
        }
        privateSubnets = props.privateSubnetIds().isEmpty()
                ? SubnetSelection.builder().subnetType(vpc.getPrivateSubnets().isEmpty() ? SubnetType.PRIVATE_ISOLATED
                        : SubnetType.PRIVATE_WITH_EGRESS).build()
                : SubnetSelection.builder().subnetFilters(List.of(SubnetFilter.byIds(props.privateSubnetIds()))).build();
        publicSubnets = props.publicSubnetIds().isEmpty()
                ? SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build()
                : SubnetSelection.builder().subnetFilters(List.of(SubnetFilter.byIds(props.publicSubnetIds()))).build();
        vpc.addGatewayEndpoint("S3", GatewayVpcEndpointOptions.builder()
                .service(GatewayVpcEndpointAwsService.S3).subnets(List.of(privateSubnets)).build());
        vpc.addGatewayEndpoint("DynamoDb", GatewayVpcEndpointOptions.builder()
                .service(GatewayVpcEndpointAwsService.DYNAMODB).subnets(List.of(privateSubnets)).build());
        for (String service : props.interfaceEndpoints()) {
            var endpoint = vpc.addInterfaceEndpoint(endpointId(service), InterfaceVpcEndpointOptions.builder()
                    .service(new InterfaceVpcEndpointAwsService(service))
                    .subnets(privateSubnets)
                    .privateDnsEnabled(true)
                    .build());
            Nag.suppress(endpoint, "CdkNagValidationFailure", "EC23 cannot read the endpoint's ingress rule, whose"
                    + " source is the VPC's own CIDR (a token until deployment); nothing outside the VPC is allowed.");
        }
    }

    /** The private subnets the tasks, brokers and workgroups use. */
    public SubnetSelection privateSubnets() {
        return privateSubnets;
    }

    /** The public subnets of the internet-facing load balancers. */
    public SubnetSelection publicSubnets() {
        return publicSubnets;
    }

    public IVpc vpc() {
        return vpc;
    }

    /** {@code ecr.dkr} -> {@code EcrDkr}: construct ids that stay stable whatever order the set has. */
    private static String endpointId(String service) {
        StringBuilder id = new StringBuilder();
        for (String part : service.split("[.-]")) {
            if (!part.isEmpty()) {
                id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return id.toString();
    }
}
