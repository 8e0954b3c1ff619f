/**
 * The pipeline definition: typed, immutable records of what a pipeline ingests, how it processes and models events,
 * how it reports them, and what its AWS deployment needs; read and written as YAML or JSON by
 * {@link io.clickstream.pipeline.definition.PipelineDefinitionCodec}. Records fill every field a user left out with its
 * default, so a definition read back is complete. This package depends on Jackson only: the studio, the runtimes and
 * the CDK app all read the same records.
 */
package io.clickstream.pipeline.definition;
