package io.clickstream.pipeline.lifecycle;

import java.util.Map;

/**
 * Carries out a pipeline's steps somewhere: in the studio's JVM (the local runtime) or in an AWS account (the
 * CloudFormation runtime). {@link #start} returns at once and the step goes on in the background, reporting through
 * its {@link StepListener}; the service turns the reports into the pipeline's state. Starting a step that is already
 * under way (after a studio restart) follows it instead of starting it twice.
 */
public interface PipelineRuntime {

    /** Starts (or resumes following) the step. Must not block for the step's duration. */
    void start(PipelineStep step, StepListener listener);

    /**
     * A step to carry out.
     *
     * @param pipeline the pipeline as stored when the step started (its definition is the one to apply)
     * @param action   create, update, upgrade or delete
     * @param number   the step's number, for the runtime's own logs
     * @param productVersion the product version to deploy
     */
    record PipelineStep(Pipeline pipeline, PipelineAction action, long number, String productVersion) {
    }

    /** How a runtime reports on its step; each call may come from any thread. */
    interface StepListener {

        /** News of the running step, shown as the status reason (no transition). */
        void progress(String reason);

        /** The step finished; {@code outputs} (e.g. {@code ingestionEndpoint}) are kept with the pipeline. */
        void succeeded(String reason, Map<String, String> outputs);

        /** The step failed: what failed and why, in words (the failing resource and its reason). */
        void failed(String reason);
    }
}
