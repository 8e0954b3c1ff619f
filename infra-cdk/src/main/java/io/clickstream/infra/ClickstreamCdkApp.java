package io.clickstream.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;

/** Entry point of {@code cdk synth} / {@code cdk deploy}: wires the stacks from context values. */
public final class ClickstreamCdkApp {

    private ClickstreamCdkApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        throw new UnsupportedOperationException("wired after the definition mapping");
    }
}
