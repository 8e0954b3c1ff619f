package io.clickstream.pipeline.lifecycle;

import io.clickstream.pipeline.definition.PipelineDefinition;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rules of a pipeline's lifecycle, as pure functions from one {@link Pipeline} to the next: which action each
 * status allows, which status it leads to, and the history entry it leaves. An action that is not allowed throws
 * {@link ActionRefusedException} and changes nothing. Runtime reports (progress, success, failure, degraded,
 * recovered) name the step they belong to; a report of a step that is no longer running leaves the pipeline as it is.
 *
 * <pre>
 *  (new) --create--> Creating --ok--> Active <--recovered-- Warning
 *                       |               |  \---degraded----->  |
 *                     fails          update/upgrade       update/upgrade
 *                       v               v                      v
 *                    Failed <--fails-- Updating --ok--> Active
 *                       |  retry: repeats the failed step (Creating, Updating or Deleting)
 *                       |  update: after a failed create, creates again with the new definition
 *  Active, Warning, Failed --delete--> Deleting --ok--> Deleted (final); --fails--> Failed
 *  Active, Warning --stop--> Updating --ok--> Stopped --start / update / upgrade--> Updating --ok--> Active
 * </pre>
 */
public final class PipelineStateMachine {

    /** Transitions kept in a pipeline's history (older ones are dropped, oldest first). */
    public static final int HISTORY_LIMIT = 200;

    private final Clock clock;

    public PipelineStateMachine(Clock clock) {
        this.clock = clock;
    }

    /** A new pipeline, Creating. */
    public Pipeline create(String id, String projectId, PipelineDefinition definition, String actor) {
        Instant now = clock.instant();
        StatusChange first = new StatusChange(now, null, PipelineStatus.CREATING, requested("create", actor));
        return new Pipeline(id, projectId, definition, PipelineStatus.CREATING, first.reason(), PipelineAction.CREATE,
                null, 1, null, Map.of(), List.of(first), now, now);
    }

    /**
     * Applies a new definition in place: Active, Warning, or Failed after an update or upgrade -> Updating; Failed
     * after a create -> Creating again, with the new definition.
     */
    public Pipeline update(Pipeline p, PipelineDefinition definition, String actor) {
        refuseWhileBusyOrDeleted(p, "update");
        if (p.status() == PipelineStatus.FAILED && p.failedStep() == PipelineAction.DELETE) {
            throw new ActionRefusedException(p.status(), "the pipeline '" + p.name() + "' failed while being deleted: "
                    + "retry the delete, an update cannot bring it back");
        }
        PipelineAction step = p.status() == PipelineStatus.FAILED && p.failedStep() == PipelineAction.CREATE
                ? PipelineAction.CREATE : PipelineAction.UPDATE;
        return begin(p, definition, step, requested("update", actor));
    }

    /** Moves the pipeline's resources to the product version {@code toVersion}: Active, Warning or Failed after an update or upgrade -> Updating. */
    public Pipeline upgrade(Pipeline p, String toVersion, String actor) {
        refuseWhileBusyOrDeleted(p, "upgrade");
        if (toVersion.equals(p.productVersion())) {
            throw new ActionRefusedException(p.status(), "the pipeline '" + p.name() + "' is already on version "
                    + toVersion + ": there is nothing to upgrade");
        }
        if (p.status() == PipelineStatus.FAILED
                && (p.failedStep() == PipelineAction.CREATE || p.failedStep() == PipelineAction.DELETE)) {
            throw new ActionRefusedException(p.status(), "the pipeline '" + p.name() + "' failed to "
                    + p.failedStep().word() + ": retry that first");
        }
        String from = p.productVersion() == null ? "" : " from " + p.productVersion();
        return begin(p, p.definition(), PipelineAction.UPGRADE,
                requested("upgrade" + from + " to " + toVersion, actor));
    }

    /** Removes the pipeline's resources: Active, Warning, Stopped or Failed -> Deleting. */
    public Pipeline delete(Pipeline p, String actor) {
        refuseWhileBusyOrDeleted(p, "delete");
        return begin(p, p.definition(), PipelineAction.DELETE, requested("delete", actor));
    }

    /** Stops what the pipeline runs (its resources stay): Active or Warning -> Updating, then Stopped. */
    public Pipeline stop(Pipeline p, String actor) {
        refuseWhileBusyOrDeleted(p, "stop");
        if (p.status() != PipelineStatus.ACTIVE && p.status() != PipelineStatus.WARNING) {
            throw new ActionRefusedException(p.status(), "the pipeline '" + p.name() + "' is " + p.status().label()
                    + ": only an Active or Warning pipeline can be stopped"
                    + (p.status() == PipelineStatus.FAILED ? " (retry or delete a failed one)" : ""));
        }
        return begin(p, p.definition(), PipelineAction.STOP, requested("stop", actor));
    }

    /** Starts a stopped pipeline again: Stopped -> Updating, then Active. */
    public Pipeline start(Pipeline p, String actor) {
        refuseWhileBusyOrDeleted(p, "start");
        if (p.status() != PipelineStatus.STOPPED) {
            throw new ActionRefusedException(p.status(), "the pipeline '" + p.name() + "' is " + p.status().label()
                    + ": only a Stopped pipeline can be started");
        }
        return begin(p, p.definition(), PipelineAction.START, requested("start", actor));
    }

    /**
     * Replaces the definition of a settled pipeline without a step, keeping its status, for settings the runtime
     * takes from elsewhere at its own start (the local {@code default} pipeline follows the studio's configuration).
     * The history records it as a change to the same status.
     */
    public Pipeline configured(Pipeline p, PipelineDefinition definition, String reason) {
        refuseWhileBusyOrDeleted(p, "reconfigure");
        if (definition.equals(p.definition())) {
            return p;
        }
        Pipeline changed = transition(p, p.status(), reason, null, p.failedStep(), p.productVersion(), p.outputs());
        return new Pipeline(changed.id(), changed.projectId(), definition, changed.status(), changed.statusReason(),
                null, changed.failedStep(), changed.stepNumber(), changed.productVersion(), changed.outputs(),
                changed.history(), changed.createdAt(), changed.updatedAt());
    }

    /** Repeats the step that failed: Failed -> Creating, Updating or Deleting. */
    public Pipeline retry(Pipeline p, String actor) {
        refuseWhileBusyOrDeleted(p, "retry");
        if (p.status() != PipelineStatus.FAILED) {
            throw new ActionRefusedException(p.status(), "the pipeline '" + p.name() + "' is "
                    + p.status().label() + ": only a failed pipeline can be retried");
        }
        return begin(p, p.definition(), p.failedStep(), requested("retry of the failed " + p.failedStep().word(), actor));
    }

    /** The running step's latest news (no transition): it becomes the status reason. */
    public Pipeline progress(Pipeline p, long step, String reason) {
        if (!isRunning(p, step) || reason.equals(p.statusReason())) {
            return p;
        }
        return with(p, p.status(), reason, p.runningStep(), p.failedStep(), p.stepNumber(), p.productVersion(),
                p.outputs(), p.history());
    }

    /**
     * The running step finished: create, update, upgrade and start -> Active on {@code productVersion} with the
     * runtime's outputs; stop -> Stopped; delete -> Deleted.
     */
    public Pipeline succeeded(Pipeline p, long step, String productVersion, Map<String, String> outputs,
                              String reason) {
        if (!isRunning(p, step)) {
            return p;
        }
        if (p.runningStep() == PipelineAction.DELETE) {
            return transition(p, PipelineStatus.DELETED, reason, null, null, p.productVersion(), Map.of());
        }
        if (p.runningStep() == PipelineAction.STOP) {
            return transition(p, PipelineStatus.STOPPED, reason, null, null, p.productVersion(), p.outputs());
        }
        return transition(p, PipelineStatus.ACTIVE, reason, null, null, productVersion, outputs);
    }

    /** The running step failed -> Failed, remembering the step for a retry. */
    public Pipeline failed(Pipeline p, long step, String reason) {
        if (!isRunning(p, step)) {
            return p;
        }
        return transition(p, PipelineStatus.FAILED, reason, null, p.runningStep(), p.productVersion(), p.outputs());
    }

    /** Something of an Active pipeline does not work as it should -> Warning (a Warning pipeline gets the new reason). */
    public Pipeline degraded(Pipeline p, String reason) {
        if (p.status() == PipelineStatus.ACTIVE) {
            return transition(p, PipelineStatus.WARNING, reason, null, null, p.productVersion(), p.outputs());
        }
        if (p.status() == PipelineStatus.WARNING && !reason.equals(p.statusReason())) {
            return with(p, p.status(), reason, null, null, p.stepNumber(), p.productVersion(), p.outputs(),
                    p.history());
        }
        return p;
    }

    /** A Warning pipeline works again -> Active. */
    public Pipeline recovered(Pipeline p, String reason) {
        return p.status() != PipelineStatus.WARNING ? p
                : transition(p, PipelineStatus.ACTIVE, reason, null, null, p.productVersion(), p.outputs());
    }

    private static boolean isRunning(Pipeline p, long step) {
        return p.runningStep() != null && p.stepNumber() == step;
    }

    private void refuseWhileBusyOrDeleted(Pipeline p, String action) {
        if (p.status() == PipelineStatus.DELETED) {
            throw new ActionRefusedException(p.status(), "the pipeline '" + p.name() + "' was deleted: nothing to "
                    + action);
        }
        if (p.status().busy()) {
            Instant since = p.history().isEmpty() ? p.updatedAt() : p.history().get(p.history().size() - 1).at();
            throw new ActionRefusedException(p.status(), "the pipeline '" + p.name() + "' is " + p.status().label()
                    + " (its " + p.runningStep().word() + " started at " + since + "): one action at a time, so "
                    + "wait until it is finished, then " + action + " it");
        }
    }

    private Pipeline begin(Pipeline p, PipelineDefinition definition, PipelineAction step, String reason) {
        Pipeline moved = transition(p, step.runningStatus(), reason, step, null, p.productVersion(), p.outputs());
        return new Pipeline(moved.id(), moved.projectId(), definition, moved.status(), moved.statusReason(),
                moved.runningStep(), moved.failedStep(), p.stepNumber() + 1, moved.productVersion(), moved.outputs(),
                moved.history(), moved.createdAt(), moved.updatedAt());
    }

    private Pipeline transition(Pipeline p, PipelineStatus to, String reason, PipelineAction running,
                                PipelineAction failed, String productVersion, Map<String, String> outputs) {
        List<StatusChange> history = new ArrayList<>(p.history());
        history.add(new StatusChange(clock.instant(), p.status(), to, reason));
        if (history.size() > HISTORY_LIMIT) {
            history = history.subList(history.size() - HISTORY_LIMIT, history.size());
        }
        return with(p, to, reason, running, failed, p.stepNumber(), productVersion, outputs, history);
    }

    private Pipeline with(Pipeline p, PipelineStatus status, String reason, PipelineAction running,
                          PipelineAction failed, long stepNumber, String productVersion, Map<String, String> outputs,
                          List<StatusChange> history) {
        return new Pipeline(p.id(), p.projectId(), p.definition(), status, reason, running, failed, stepNumber,
                productVersion, outputs, history, p.createdAt(), clock.instant());
    }

    private static String requested(String what, String actor) {
        return what + " requested" + (actor == null || actor.isBlank() ? "" : " by " + actor);
    }
}
