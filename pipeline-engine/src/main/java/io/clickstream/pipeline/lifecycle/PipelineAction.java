package io.clickstream.pipeline.lifecycle;

/**
 * A step a runtime carries out for a pipeline: create its resources, update them to a new definition, upgrade them to
 * a new product version, stop or start them again (local pipelines), or delete them.
 */
public enum PipelineAction {
    CREATE(PipelineStatus.CREATING),
    UPDATE(PipelineStatus.UPDATING),
    UPGRADE(PipelineStatus.UPDATING),
    /** Stops a local pipeline's ingestion and ETL schedule; it ends Stopped. */
    STOP(PipelineStatus.UPDATING),
    /** Starts a Stopped pipeline again; it ends Active. */
    START(PipelineStatus.UPDATING),
    DELETE(PipelineStatus.DELETING);

    private final PipelineStatus runningStatus;

    PipelineAction(PipelineStatus runningStatus) {
        this.runningStatus = runningStatus;
    }

    /** The status of a pipeline while this step runs. */
    public PipelineStatus runningStatus() {
        return runningStatus;
    }

    /** Lower-case word for messages: "create", "update", ... */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
