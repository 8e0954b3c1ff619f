package io.clickstream.infra;

import io.clickstream.pipeline.definition.PipelineDefinition;
import io.clickstream.pipeline.definition.PipelineDefinitionCodec;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;

/**
 * Entry point of {@code cdk synth -c pipeline=pipelines/demo.yaml}: reads the pipeline definition, maps it onto the
 * stacks' props, wires the stacks and checks them with cdk-nag's AwsSolutions pack (findings fail the synth).
 */
public final class ClickstreamCdkApp {

    private ClickstreamCdkApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        String pipeline = context(app, "pipeline");
        if (pipeline == null) {
            System.err.println("give the pipeline definition: cdk synth -c pipeline=path/to/pipeline.yaml");
            System.exit(2);
        }
        Path file = Path.of(pipeline);
        if (!Files.isRegularFile(file)) {
            System.err.println("no pipeline definition at " + file.toAbsolutePath());
            System.exit(2);
        }
        Deployment deployment;
        try {
            PipelineDefinition definition = PipelineDefinitionCodec.read(file);
            DefinitionMapping.Options options = DefinitionMapping.Options.fromContext(key -> context(app, key),
                    System::getenv);
            deployment = DefinitionMapping.map(definition, options);
            ClickstreamStacks.create(app, deployment);
        } catch (IllegalArgumentException e) {
            // A definition (its format errors included) or setting the deployment cannot take: the reason, not a
            // stack trace.
            System.err.println(file + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        Aspects.of(app).add(new AwsSolutionsChecks());
        app.synth();
    }

    private static String context(App app, String key) {
        Object value = app.getNode().tryGetContext(key);
        return value == null ? null : value.toString();
    }
}
