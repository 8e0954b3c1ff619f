package io.clickstream.infra.modeling;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.infra.TestDeployments;
import io.clickstream.model.ModeledTables;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Glue tables by projection, the Athena workgroup, and Redshift Serverless with its load when enabled. */
class ModelingStackTest {

    private static Template withoutRedshift() {
        var synthesized = TestDeployments.synthesized(TestDeployments.demo());
        return synthesized.template(synthesized.stacks().modeling());
    }

    private static Template withRedshift() {
        var synthesized = TestDeployments.synthesized(TestDeployments.everything());
        return synthesized.template(synthesized.stacks().modeling());
    }

    @Test
    void every_modeled_table_is_a_glue_table_over_its_parquet_with_partition_projection() {
        Template t = withoutRedshift();
        t.resourceCountIs("AWS::Glue::Table", ModeledTables.MODELED.size());
        t.resourceCountIs("AWS::Glue::Crawler", 0);
        t.hasResourceProperties("AWS::Glue::Table", Map.of("TableInput", Match.objectLike(Map.of(
                "Name", "event",
                "Parameters", Match.objectLike(Map.of(
                        "projection.enabled", "true",
                        // The demo follows the studio's apps: queries name their app.
                        "projection.app_id.type", "injected",
                        "projection.event_date.type", "date",
                        "projection.event_date.format", "yyyy-MM-dd")),
                "PartitionKeys", List.of(Map.of("Name", "app_id", "Type", "string"),
                        Map.of("Name", "event_date", "Type", "date")),
                "StorageDescriptor", Match.objectLike(Map.of(
                        "SerdeInfo", Map.of("SerializationLibrary",
                                "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe")))))));
        @SuppressWarnings("unchecked")
        List<Object> columns = t.findResources("AWS::Glue::Table").values().stream()
                .map(r -> (Map<String, Object>) ((Map<String, Object>) r.get("Properties")).get("TableInput"))
                .filter(input -> "event".equals(input.get("Name")))
                .map(input -> (List<Object>) ((Map<String, Object>) input.get("StorageDescriptor")).get("Columns"))
                .findFirst().orElseThrow();
        assertThat(columns).hasSize(ModeledTables.EVENT.columns().size())
                .contains(Map.of("Name", "custom_parameters", "Type", "map<string,string>"));
    }

    @Test
    void listed_app_ids_are_projected_as_an_enum() {
        var synthesized = TestDeployments.synthesized(TestDeployments.everything());
        synthesized.template(synthesized.stacks().modeling()).hasResourceProperties("AWS::Glue::Table", Map.of(
                "TableInput", Match.objectLike(Map.of("Parameters", Match.objectLike(Map.of(
                        "projection.app_id.type", "enum", "projection.app_id.values", "shop,app"))))));
    }

    @Test
    void athena_workgroup_encrypts_results_and_stops_queries_over_the_scan_limit() {
        withoutRedshift().hasResourceProperties("AWS::Athena::WorkGroup", Map.of("WorkGroupConfiguration",
                Match.objectLike(Map.of(
                        "EnforceWorkGroupConfiguration", true,
                        "BytesScannedCutoffPerQuery", 50L * 1024 * 1024 * 1024,
                        "ResultConfiguration", Match.objectLike(Map.of("EncryptionConfiguration",
                                Map.of("EncryptionOption", "SSE_S3")))))));
    }

    @Test
    void without_redshift_nothing_of_redshift_exists() {
        Template t = withoutRedshift();
        t.resourceCountIs("AWS::RedshiftServerless::Namespace", 0);
        t.resourceCountIs("AWS::RedshiftServerless::Workgroup", 0);
        t.resourceCountIs("AWS::StepFunctions::StateMachine", 0);
    }

    @Test
    void redshift_serverless_is_private_encrypted_and_sized_by_its_base_rpu() {
        Template t = withRedshift();
        t.hasResourceProperties("AWS::RedshiftServerless::Workgroup", Map.of(
                "BaseCapacity", 16, "MaxCapacity", 64, "PubliclyAccessible", false, "EnhancedVpcRouting", true));
        t.hasResourceProperties("AWS::RedshiftServerless::Namespace", Map.of(
                "DbName", "analytics", "KmsKeyId", Match.anyValue(),
                "AdminUserPassword", Match.objectLike(Map.of("Fn::Join", Match.anyValue()))));
    }

    @Test
    void redshift_load_unloads_recent_days_through_athena_and_copies_them_in_one_transaction_per_table() {
        Template t = withRedshift();
        t.resourceCountIs("AWS::StepFunctions::StateMachine", 1);
        t.hasResourceProperties("AWS::Scheduler::Schedule", Map.of("ScheduleExpression", "rate(1 hour)"));
        String definition = t.findResources("AWS::StepFunctions::StateMachine").toString();
        assertThat(definition).contains("CREATE SCHEMA IF NOT EXISTS clickstream", "UNLOAD (SELECT * FROM",
                "interval '3' day", "COPY clickstream.", "FORMAT AS PARQUET SERIALIZETOJSON",
                "DELETE FROM clickstream.", "$states.context.Execution.Name");
        for (ModeledTables.Table table : ModeledTables.MODELED) {
            assertThat(definition).contains("Unload" + Character.toUpperCase(table.tableName().charAt(0))
                    + table.tableName().substring(1));
        }
        t.hasResourceProperties("AWS::StepFunctions::StateMachine", Map.of("TracingConfiguration",
                Map.of("Enabled", true), "LoggingConfiguration", Match.objectLike(Map.of("Level", "ALL"))));
    }

    @Test
    void redshift_ddl_follows_the_modeled_schema_in_athenas_column_order() {
        String ddl = TableTypes.redshiftDdl("clickstream", ModeledTables.USER);
        assertThat(ddl).startsWith("CREATE TABLE IF NOT EXISTS clickstream.\"user\" (\"user_pseudo_id\" VARCHAR(65535)")
                .contains("\"user_properties\" SUPER, \"app_id\" VARCHAR(65535), \"event_date\" DATE)")
                .endsWith("SORTKEY (\"app_id\", \"event_date\")");
        assertThat(TableTypes.glue(ModeledTables.ColumnType.LONG)).isEqualTo("bigint");
    }
}
