package io.clickstream.infra.common;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.constructs.IConstruct;

/**
 * cdk-nag suppressions written next to the resource they concern, each with the reason a reviewer needs. A rule id
 * without its pack prefix is taken from AwsSolutions.
 */
public final class Nag {

    private Nag() {
    }

    /** Suppresses {@code rule} on {@code construct} and everything below it. */
    public static void suppress(IConstruct construct, String rule, String reason) {
        NagSuppressions.addResourceSuppressions(construct, List.of(suppression(rule, reason, null)), true);
    }

    /**
     * Suppresses {@code rule} only for the findings naming one of {@code appliesTo} (for IAM5: the wildcard resource
     * or action that is intended, e.g. {@code "Resource::<LakeBucket.Arn>/raw/*"}).
     */
    public static void suppress(IConstruct construct, String rule, String reason, List<String> appliesTo) {
        NagSuppressions.addResourceSuppressions(construct, List.of(suppression(rule, reason, appliesTo)), true);
    }

    /**
     * Suppresses IAM5 on the execution role of {@code taskDefinition}: ECS's image pull needs
     * {@code ecr:GetAuthorizationToken}, which exists only on {@code *}.
     */
    public static void executionRole(software.amazon.awscdk.services.ecs.TaskDefinition taskDefinition) {
        taskDefinition.obtainExecutionRole();
        suppress(taskDefinition.getExecutionRole(), "IAM5", "ECS pulls the image with ecr:GetAuthorizationToken,"
                + " which AWS grants on '*' only; the repository actions are scoped to the image's repository.",
                List.of("Resource::*"));
    }

    /**
     * Suppresses the findings on the one Lambda function CDK's {@code AwsCustomResource} shares in {@code stack}: its
     * runtime and its basic-execution managed policy are CDK's, and its own calls are scoped by the caller.
     */
    public static void awsCustomResourceProvider(software.amazon.awscdk.Stack stack) {
        IConstruct provider = stack.getNode().tryFindChild("AWS679f53fac002430cb0da5b7982bd2287");
        if (provider != null) {
            suppress(provider, "IAM4", "CDK's AwsCustomResource provider logs through the AWSLambdaBasicExecutionRole"
                    + " managed policy (log groups of its own function only).");
            suppress(provider, "L1", "CDK chooses and updates the runtime of its AwsCustomResource provider.");
        }
    }

    private static NagPackSuppression suppression(String rule, String reason, List<String> appliesTo) {
        NagPackSuppression.Builder builder = NagPackSuppression.builder()
                .id(rule.contains("-") || rule.equals("CdkNagValidationFailure") ? rule : "AwsSolutions-" + rule)
                .reason(reason);
        if (appliesTo != null) {
            builder.appliesTo(List.copyOf(appliesTo));
        }
        return builder.build();
    }
}
