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
     * After a studio restart: brings back what a settled, running (Active or Warning) pipeline runs inside the
     * studio, reporting its health to {@code listener} from then on. Resources that live elsewhere (AWS stacks) keep
     * running without the studio, so the default does nothing.
     */
    default void resume(Pipeline pipeline, StepListener listener) {
    }

    /**
     * A step to carry out.
     *
     * @param pipeline the pipeline as stored when the step started (its definition is the one to apply)
     * @param action   create, update, upgrade, stop, start or delete
     * @param number   the step's number, for the runtime's own logs
     * @param productVersion the product version to deploy
     */
    record PipelineStep(Pipeline pipeline, PipelineAction action, long number, String productVersion) {
    }

    /**
     * How a runtime reports on its step, and after it on the health of what the step left running; each call may
     * come from any thread.
     */
    interface StepListener {

        /** News of the running step, shown as the status reason (no transition). */
        void progress(String reason);

        /** The step finished; {@code outputs} (e.g. {@code ingestionEndpoint}) are kept with the pipeline. */
        void succeeded(String reason, Map<String, String> outputs);

        /** The step failed: what failed and why, in words (the failing resource and its reason). */
        void failed(String reason);

        /** Something the pipeline runs stopped working (Active -> Warning), e.g. its ingestion crashed. */
        void degraded(String reason);

        /** It works again (Warning -> Active), e.g. the restarted ingestion listens again. */
        void recovered(String reason);
    }
}
