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

    private static NagPackSuppression suppression(String rule, String reason, List<String> appliesTo) {
        NagPackSuppression.Builder builder = NagPackSuppression.builder()
                .id(rule.contains("-") ? rule : "AwsSolutions-" + rule)
                .reason(reason);
        if (appliesTo != null) {
            builder.appliesTo(List.copyOf(appliesTo));
        }
        return builder.build();
    }
}
