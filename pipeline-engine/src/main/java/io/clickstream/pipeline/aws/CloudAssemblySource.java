package io.clickstream.pipeline.aws;

import io.clickstream.pipeline.lifecycle.Pipeline;
import java.nio.file.Path;

/** Where the CDK synth output of a pipeline comes from: infra-cdk synthesizes one per definition and product version. */
@FunctionalInterface
public interface CloudAssemblySource {

    /** The {@code cdk.out} directory holding the templates of this pipeline's definition at this product version. */
    Path synthesize(Pipeline pipeline, String productVersion);
}
