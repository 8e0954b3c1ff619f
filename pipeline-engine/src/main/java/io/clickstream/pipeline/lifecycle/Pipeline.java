package io.clickstream.pipeline.lifecycle;

import io.clickstream.pipeline.definition.PipelineDefinition;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A pipeline as the studio keeps it: its definition, where it is in its lifecycle, and how it got there.
 *
 * @param id             stable id (in URLs and the store)
 * @param projectId      the project it serves
 * @param definition     the definition last asked for (while an update runs or after it failed, the new one)
 * @param status         where it is
 * @param statusReason   why, in words (the last transition's reason, or the running step's latest progress)
 * @param runningStep    the step running now, null when none (status is then not busy)
 * @param failedStep     the step that failed, kept while the status is Failed so a retry repeats it; null otherwise
 * @param stepNumber     counts the steps started; a runtime's report names its step's number, so a late report of
 *                       an older step is told apart
 * @param productVersion the product version its resources were last created or updated with, null before the first
 *                       success
 * @param outputs        what the runtime reported after its last success (e.g. {@code ingestionEndpoint})
 * @param history        every transition, oldest first (the last {@value PipelineStateMachine#HISTORY_LIMIT} are kept)
 * @param createdAt      when it was defined
 * @param updatedAt      when it last changed
 */
public record Pipeline(
        String id,
        String projectId,
        PipelineDefinition definition,
        PipelineStatus status,
        String statusReason,
        PipelineAction runningStep,
        PipelineAction failedStep,
        long stepNumber,
        String productVersion,
        Map<String, String> outputs,
        List<StatusChange> history,
        Instant createdAt,
        Instant updatedAt) {

    public Pipeline {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(status, "status");
        statusReason = statusReason == null ? "" : statusReason;
        outputs = Map.copyOf(outputs == null ? Map.of() : outputs);
        history = List.copyOf(history == null ? List.of() : history);
    }

    /** The pipeline's name (from its definition). */
    public String name() {
        return definition.name();
    }
}
