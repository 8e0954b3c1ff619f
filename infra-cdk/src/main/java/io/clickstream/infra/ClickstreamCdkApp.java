package io.clickstream.infra;

import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;

/** Entry point of {@code cdk synth} / {@code cdk deploy}: wires the stacks from context values. */
public final class ClickstreamCdkApp {

    private ClickstreamCdkApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        String prefix = contextOr(app, "projectPrefix", "clickstream");
        int rawRetentionDays = Integer.parseInt(contextOr(app, "rawRetentionDays", "365"));
        new DataLakeStack(app, prefix + "-data-lake", StackProps.builder().build(),
                new DataLakeStack.DataLakeProps(prefix, rawRetentionDays));
        app.synth();
    }

    private static String contextOr(App app, String key, String fallback) {
        Object value = app.getNode().tryGetContext(key);
        return value == null ? fallback : value.toString();
    }
}
