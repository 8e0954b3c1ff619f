package io.clickstream.pipeline.aws;

import io.clickstream.pipeline.lifecycle.PipelineStatus;

/** What a CloudFormation stack status means for the pipeline it belongs to. */
public final class StackStatuses {

    private StackStatuses() {
    }

    /**
     * CREATE_IN_PROGRESS -> Creating; CREATE_COMPLETE, UPDATE_COMPLETE -> Active; ROLLBACK_* and CREATE_FAILED ->
     * Failed (a create that failed, rolled back or not); UPDATE_* in progress (the cleanup and the rollback of an
     * update included) -> Updating; UPDATE_ROLLBACK_COMPLETE and UPDATE_ROLLBACK_FAILED -> Failed (the update did not
     * happen); DELETE_IN_PROGRESS -> Deleting; DELETE_COMPLETE -> Deleted; any other *_FAILED -> Failed. Imports and
     * review states, which this runtime never starts, are Updating while in progress and Active when complete.
     */
    public static PipelineStatus pipelineStatusOf(String stackStatus) {
        String s = stackStatus == null ? "" : stackStatus;
        if (s.startsWith("ROLLBACK_") || s.endsWith("_FAILED") || s.equals("UPDATE_ROLLBACK_COMPLETE")) {
            return PipelineStatus.FAILED;
        }
        if (s.equals("CREATE_IN_PROGRESS") || s.equals("REVIEW_IN_PROGRESS")) {
            return PipelineStatus.CREATING;
        }
        if (s.startsWith("DELETE_")) {
            return s.equals("DELETE_COMPLETE") ? PipelineStatus.DELETED : PipelineStatus.DELETING;
        }
        if (s.endsWith("_IN_PROGRESS")) {
            return PipelineStatus.UPDATING;
        }
        if (s.endsWith("_COMPLETE")) {
            return PipelineStatus.ACTIVE;
        }
        throw new IllegalArgumentException("unknown stack status '" + stackStatus + "'");
    }

    /** True once CloudFormation stopped working on the stack (nothing is in progress). */
    public static boolean settled(String stackStatus) {
        return stackStatus != null && !stackStatus.endsWith("_IN_PROGRESS");
    }
}
