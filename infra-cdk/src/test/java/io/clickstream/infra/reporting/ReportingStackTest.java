package io.clickstream.infra.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.infra.TestDeployments;
import io.clickstream.model.ModeledTables;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** QuickSight over Athena, over Redshift, and not at all. */
class ReportingStackTest {

    @Test
    void without_quicksight_no_reporting_stack_is_synthesized() {
        assertThat(TestDeployments.synthesized(TestDeployments.demo()).stacks().reporting()).isNull();
    }

    @Test
    void quicksight_over_athena_queries_through_the_pipelines_workgroup_with_a_role_of_its_own() {
        var synthesized = TestDeployments.synthesized(TestDeployments.kinesisWithQuickSight());
        Template t = synthesized.template(synthesized.stacks().reporting());
        t.hasResourceProperties("AWS::QuickSight::DataSource", Map.of("Type", "ATHENA",
                "DataSourceParameters", Map.of("AthenaParameters", Map.of("WorkGroup", Match.anyValue(),
                        "RoleArn", Match.anyValue())),
                "Permissions", List.of(Match.objectLike(Map.of("Principal",
                        "arn:aws:quicksight:eu-west-1:123456789012:group/default/analysts")))));
        t.resourceCountIs("AWS::QuickSight::DataSet", ModeledTables.MODELED.size());
        t.hasResourceProperties("AWS::QuickSight::DataSet", Map.of("ImportMode", "DIRECT_QUERY",
                "PhysicalTableMap", Map.of("session", Map.of("CustomSql", Match.objectLike(Map.of(
                        "SqlQuery", Match.stringLikeRegexp("SELECT \"session_id\", .* FROM \"clickstream_kin\".\"session\"")))))));
        t.resourceCountIs("AWS::QuickSight::VPCConnection", 0);
    }

    @Test
    void quicksight_over_redshift_connects_through_a_vpc_connection_with_the_admin_secret() {
        var synthesized = TestDeployments.synthesized(TestDeployments.everything());
        Template t = synthesized.template(synthesized.stacks().reporting());
        t.hasResourceProperties("AWS::QuickSight::DataSource", Map.of("Type", "REDSHIFT",
                "DataSourceParameters", Map.of("RedshiftParameters", Match.objectLike(Map.of("Database", "analytics",
                        "Port", 5439))),
                "Credentials", Map.of("SecretArn", Match.anyValue()),
                "SslProperties", Map.of("DisableSsl", false)));
        t.resourceCountIs("AWS::QuickSight::VPCConnection", 1);
        t.hasResourceProperties("AWS::QuickSight::DataSet", Map.of("PhysicalTableMap", Map.of("event", Map.of(
                "CustomSql", Match.objectLike(Map.of("SqlQuery",
                        Match.stringLikeRegexp(".* FROM clickstream.\"event\"")))))));
    }
}
