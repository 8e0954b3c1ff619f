package io.clickstream.pipeline.lifecycle;

import java.time.Instant;
import java.util.Objects;

/**
 * One transition of a pipeline, as its history shows it.
 *
 * @param at     when it happened
 * @param from   the status before, null for the first (the pipeline was defined)
 * @param to     the status after
 * @param reason why, in words: who asked for what, or what the runtime reported
 */
public record StatusChange(Instant at, PipelineStatus from, PipelineStatus to, String reason) {

    public StatusChange {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(to, "to");
        reason = reason == null ? "" : reason;
    }
}
