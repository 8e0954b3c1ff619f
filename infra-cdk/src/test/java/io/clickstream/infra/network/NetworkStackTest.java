package io.clickstream.infra.network;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickstream.infra.TestDeployments;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.Stack;

/** The VPC: new with endpoints, or an existing one by id. */
class NetworkStackTest {

    @Test
    void new_vpc_has_private_subnets_a_nat_and_endpoints_that_keep_data_traffic_off_it() {
        var synthesized = TestDeployments.synthesized(TestDeployments.kinesisWithQuickSight());
        Template t = synthesized.template(synthesized.stacks().network());
        t.resourceCountIs("AWS::EC2::VPC", 1);
        t.resourceCountIs("AWS::EC2::Subnet", 4);
        t.resourceCountIs("AWS::EC2::NatGateway", 1);
        t.hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of("VpcEndpointType", "Gateway",
                "ServiceName", Match.objectLike(Map.of("Fn::Join", List.of("", Match.arrayWith(List.of(".s3")))))));
        t.hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of("VpcEndpointType", "Gateway",
                "ServiceName", Match.objectLike(Map.of("Fn::Join", List.of("", Match.arrayWith(List.of(".dynamodb")))))));
        t.hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of("VpcEndpointType", "Interface",
                "ServiceName", "com.amazonaws.eu-west-1.kinesis-streams", "PrivateDnsEnabled", true));
        t.hasResourceProperties("AWS::EC2::FlowLog", Map.of("TrafficType", "REJECT"));
    }

    @Test
    void existing_vpc_is_looked_up_by_id_and_gets_the_endpoints() {
        App app = new App();
        StackProps props = StackProps.builder().env(Environment.builder().account(TestDeployments.ACCOUNT)
                .region(TestDeployments.REGION).build()).build();
        Stack keys = new Stack(app, "keys", props);
        NetworkStack network = new NetworkStack(app, "existing", props, new NetworkStack.NetworkProps(
                "vpc-0a1b2c3d4e5f60718", null, 2, 0, Set.of("logs"), 30, null, null), new Key(keys, "Key"));
        Template t = Template.fromStack(network);
        t.resourceCountIs("AWS::EC2::VPC", 0);
        t.resourceCountIs("AWS::EC2::NatGateway", 0);
        t.resourceCountIs("AWS::EC2::VPCEndpoint", 3);
    }

    @Test
    void refuses_a_malformed_vpc_id_and_subnet_ids_without_a_vpc() {
        assertThatThrownBy(() -> new NetworkStack.NetworkProps("my-vpc", null, 2, 0, Set.of(), 30, null, null))
                .hasMessageContaining("not a VPC id");
        assertThatThrownBy(() -> new NetworkStack.NetworkProps(null, "10.0.0.0/16", 2, 1, Set.of(), 30, null,
                List.of("subnet-0123456789abcdef0"))).hasMessageContaining("existing VPC");
    }
}
