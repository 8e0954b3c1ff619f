package io.clickstream.pipeline.lifecycle;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a pipeline is in its life, with the names the API and the studio show ({@code "Creating"}, ...).
 * Creating, Updating and Deleting mean a step is running; Active and Warning (running, but degraded) are settled;
 * Stopped (the reference has no such state: a local pipeline an operator stopped) runs nothing until it is started;
 * Failed waits for a retry, an update or a delete; Deleted is final.
 */
public enum PipelineStatus {
    CREATING("Creating"),
    ACTIVE("Active"),
    UPDATING("Updating"),
    WARNING("Warning"),
    FAILED("Failed"),
    STOPPED("Stopped"),
    DELETING("Deleting"),
    DELETED("Deleted");

    private final String label;

    PipelineStatus(String label) {
        this.label = label;
    }

    /** The name shown to people and in the API. */
    @JsonValue
    public String label() {
        return label;
    }

    /** The status of a label, as {@link #label()} writes it. */
    public static PipelineStatus ofLabel(String label) {
        for (PipelineStatus status : values()) {
            if (status.label.equals(label)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown pipeline status '" + label + "'");
    }

    /** True while a step runs (Creating, Updating, Deleting): no other action may start. */
    public boolean busy() {
        return this == CREATING || this == UPDATING || this == DELETING;
    }
}
