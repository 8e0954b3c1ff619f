package io.clickstream.infra.studio;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.infra.TestDeployments;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The studio: its metadata table, sticky sessions, sign-in through Cognito or an external issuer, its secrets. */
class StudioStackTest {

    private static Template cognito() {
        var synthesized = TestDeployments.synthesized(TestDeployments.demo());
        return synthesized.template(synthesized.stacks().studio());
    }

    private static Template oidc() {
        var synthesized = TestDeployments.synthesized(TestDeployments.everything());
        return synthesized.template(synthesized.stacks().studio());
    }

    @Test
    void metadata_store_is_one_table_keyed_pk_sk_with_point_in_time_recovery_and_encryption() {
        Template t = cognito();
        t.resourceCountIs("AWS::DynamoDB::Table", 1);
        t.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "KeySchema", List.of(Map.of("AttributeName", "pk", "KeyType", "HASH"),
                        Map.of("AttributeName", "sk", "KeyType", "RANGE")),
                "AttributeDefinitions", List.of(Map.of("AttributeName", "pk", "AttributeType", "S"),
                        Map.of("AttributeName", "sk", "AttributeType", "S")),
                "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                "SSESpecification", Map.of("SSEEnabled", true),
                "BillingMode", "PAY_PER_REQUEST",
                // The collectors find the apps in it by this name.
                "TableName", "clickstream-demo-metadata"));
    }

    @Test
    void load_balancer_keeps_each_browser_on_the_task_that_holds_its_ui_state() {
        cognito().hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Map.of(
                "Port", 8080,
                "TargetGroupAttributes", Match.arrayWith(List.of(
                        Map.of("Key", "stickiness.enabled", "Value", "true"),
                        Map.of("Key", "stickiness.type", "Value", "lb_cookie")))));
    }

    @Test
    void cognito_sign_in_has_a_pool_with_mfa_and_a_confidential_client_whose_secret_is_in_secrets_manager() {
        Template t = cognito();
        t.hasResourceProperties("AWS::Cognito::UserPool", Map.of("MfaConfiguration", "ON",
                "UserPoolAddOns", Map.of("AdvancedSecurityMode", "ENFORCED")));
        t.hasResourceProperties("AWS::Cognito::UserPoolClient", Map.of("GenerateSecret", true,
                "AllowedOAuthFlows", List.of("code")));
        t.hasResourceProperties("AWS::Cognito::UserPoolDomain", Map.of("Domain", "clickstream-demo"));
        String task = t.findResources("AWS::ECS::TaskDefinition").toString();
        assertThat(task).contains("CLICKSTREAM_SECURITY_OIDC_CLIENTSECRET", "CLICKSTREAM_SECURITY_OIDC_ISSUER",
                "cognito-idp.", "cognito:groups", "CLICKSTREAM_EMBED_SIGNINGKEY", "CLICKSTREAM_METADATA_STORE",
                "CLICKSTREAM_METADATA_DYNAMODB_TABLE");
        // The studio's URL is the load balancer's name, joined into the callback.
        assertThat(t.findResources("AWS::Cognito::UserPoolClient").toString()).contains("/login/oauth2/code/oidc",
                "/login?logout");
        t.resourceCountIs("AWS::Cognito::UserPoolGroup", 4);
        t.resourceCountIs("AWS::SecretsManager::Secret", 2);
    }

    @Test
    void external_oidc_issuer_replaces_cognito_and_https_serves_the_studio_domain() {
        Template t = oidc();
        t.resourceCountIs("AWS::Cognito::UserPool", 0);
        String task = t.findResources("AWS::ECS::TaskDefinition").toString();
        assertThat(task).contains("https://login.example.com/realms/shop", "CLICKSTREAM_REDSHIFT_WORKGROUP");
        t.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Map.of("Port", 443, "Protocol", "HTTPS"));
    }

    @Test
    void studio_task_reads_the_pipelines_tables_and_embeds_quicksight_without_wildcard_data_access() {
        String policies = oidc().findResources("AWS::IAM::Policy").toString();
        assertThat(policies).contains("athena:StartQueryExecution", "redshift-data:ExecuteStatement",
                "redshift-serverless:GetCredentials", "quicksight:GenerateEmbedUrlForRegisteredUser",
                "dynamodb:PutItem", "statement-owner-iam-userid");
    }
}
