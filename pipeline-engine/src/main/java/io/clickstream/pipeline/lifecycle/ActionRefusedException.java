package io.clickstream.pipeline.lifecycle;

/**
 * An action that the pipeline's state does not allow now: another step is running (concurrent actions are
 * refused), there is nothing to retry, the pipeline is deleted, or it is already on this version. Nothing changed.
 * The message says why and what to do, for the person who asked; the API answers {@code 409 Conflict}.
 */
public final class ActionRefusedException extends RuntimeException {

    private final PipelineStatus status;

    public ActionRefusedException(PipelineStatus status, String message) {
        super(message);
        this.status = status;
    }

    /** The pipeline's status when the action was refused. */
    public PipelineStatus status() {
        return status;
    }
}
