package io.clickstream.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;

class NagSmokeTest {
    @Test
    void prints() {
        for (Deployment d : java.util.List.of(TestDeployments.base(), TestDeployments.everything(),
                TestDeployments.deployment("kin", TestDeployments.ingestion(TestDeployments.kinesisProvisioned()), null,
                        new io.clickstream.infra.reporting.ReportingStack.ReportingProps("arn:aws:quicksight:eu-west-1:123456789012:group/default/analysts",
                        io.clickstream.infra.reporting.ReportingStack.Engine.ATHENA), 2))) {
        long t0 = System.nanoTime();
        App app = new App();
        ClickstreamStacks stacks = ClickstreamStacks.create(app, d);
        Aspects.of(app).add(AwsSolutionsChecks.Builder.create().verbose(true).build());
        for (Stack s : stacks.all()) {
            for (var m : Annotations.fromStack(s).findError("*", Match.stringLikeRegexp(".*"))) {
                System.out.println("ERR " + m.getId() + " " + m.getEntry().getData());
            }
            for (var m : Annotations.fromStack(s).findWarning("*", Match.stringLikeRegexp(".*"))) {
                System.out.println("WARN " + m.getId() + " " + m.getEntry().getData());
            }
        }
        System.out.println("synth ms " + (System.nanoTime() - t0) / 1_000_000);
        }
    }
}
