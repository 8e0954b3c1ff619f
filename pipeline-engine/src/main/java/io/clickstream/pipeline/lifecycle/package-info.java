/**
 * The lifecycle of a pipeline: its states (Creating, Active, Updating, Warning, Failed, Deleting, Deleted), the
 * state machine that allows or refuses each action and records every transition with its time and reason, the
 * repository that keeps pipelines in the metadata store with optimistic locking, and the service that validates a
 * definition, moves the pipeline and hands each step to its runtime ({@link io.clickstream.pipeline.lifecycle.PipelineRuntime}).
 */
package io.clickstream.pipeline.lifecycle;
