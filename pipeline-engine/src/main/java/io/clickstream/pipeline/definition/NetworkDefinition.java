package io.clickstream.pipeline.definition;

import java.util.List;

/**
 * The AWS network of a pipeline (ignored by the local runtime). Either a new VPC ({@code vpcId} null: the stack
 * creates one with public and private subnets in {@code maxAzs} availability zones and NAT gateways) or an existing
 * VPC with its subnets.
 *
 * @param vpcId            an existing VPC ({@code vpc-...}); null creates a new VPC
 * @param vpcCidr          address range of a new VPC; default {@code 10.0.0.0/16}; must be null with an existing VPC
 * @param maxAzs           availability zones of a new VPC, 2 (default) or more
 * @param publicSubnetIds  existing VPC: subnets of the internet-facing load balancer (at least 2, in different
 *                         zones); empty for a new VPC, or when ingestion is internal
 * @param privateSubnetIds existing VPC: subnets of the collector's tasks, the ETL (EMR Serverless) and the MSK
 *                         brokers; they need a route to the internet or VPC endpoints (at least 2); empty for a new VPC
 */
public record NetworkDefinition(
        String vpcId,
        String vpcCidr,
        Integer maxAzs,
        List<String> publicSubnetIds,
        List<String> privateSubnetIds) {

    public static final String DEFAULT_VPC_CIDR = "10.0.0.0/16";
    public static final int DEFAULT_MAX_AZS = 2;

    public NetworkDefinition {
        vpcCidr = vpcCidr == null && vpcId == null ? DEFAULT_VPC_CIDR : vpcCidr;
        maxAzs = maxAzs == null ? DEFAULT_MAX_AZS : maxAzs;
        publicSubnetIds = publicSubnetIds == null ? List.of() : List.copyOf(publicSubnetIds);
        privateSubnetIds = privateSubnetIds == null ? List.of() : List.copyOf(privateSubnetIds);
    }

    /** A new VPC with the default range in two zones. */
    public static NetworkDefinition defaults() {
        return new NetworkDefinition(null, null, null, null, null);
    }

    /** True when the deployment creates its own VPC. */
    public boolean createsVpc() {
        return vpcId == null;
    }
}
