package io.clickstream.pipeline.lifecycle;

import io.clickstream.metadata.ItemConflictException;
import io.clickstream.metadata.Versioned;
import io.clickstream.pipeline.definition.FieldError;
import io.clickstream.pipeline.definition.PipelineDefinition;
import io.clickstream.pipeline.definition.RuntimeMode;
import io.clickstream.pipeline.lifecycle.PipelineRuntime.PipelineStep;
import io.clickstream.pipeline.lifecycle.PipelineRuntime.StepListener;
import io.clickstream.pipeline.validation.PipelineValidator;
import io.clickstream.pipeline.validation.PortProbe;
import io.clickstream.pipeline.validation.ValidationContext;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the studio (views and API alike) does with pipelines: validate a definition, move the pipeline through its
 * lifecycle in the store, and hand each step to the pipeline's runtime, whose reports come back as transitions. Every
 * change is an optimistic write of what was read; when two actions race, the loser reads again and the state machine
 * refuses it clearly ("... is Updating: one action at a time ..."). Role checks are the caller's (Operator or above).
 */
public final class PipelineService {

    private static final Logger log = LoggerFactory.getLogger(PipelineService.class);
    /** Reports of a runtime lose a race only to another report or an action; a few tries always settle it. */
    private static final int WRITE_ATTEMPTS = 10;

    private final PipelineRepository repository;
    private final PipelineValidator validator;
    private final Map<RuntimeMode, PipelineRuntime> runtimes;
    private final PipelineStateMachine machine;
    private final Path dataDir;
    private final PortProbe ports;
    private final String productVersion;

    /**
     * @param runtimes       the runtimes this studio has (a definition for another is refused)
     * @param dataDir        where relative paths of local definitions resolve
     * @param productVersion the version steps deploy; a pipeline on another version can be upgraded to it
     */
    public PipelineService(PipelineRepository repository, PipelineValidator validator,
                           Map<RuntimeMode, PipelineRuntime> runtimes, Path dataDir, PortProbe ports,
                           String productVersion, Clock clock) {
        this.repository = repository;
        this.validator = validator;
        this.runtimes = Map.copyOf(runtimes);
        this.machine = new PipelineStateMachine(clock);
        this.dataDir = dataDir;
        this.ports = ports;
        this.productVersion = productVersion;
    }

    public Optional<Versioned<Pipeline>> find(String id) {
        return repository.find(id);
    }

    public List<Versioned<Pipeline>> list(String projectId) {
        return repository.listByProject(projectId);
    }

    /** The version this studio deploys. */
    public String productVersion() {
        return productVersion;
    }

    /** Checks a definition as {@link #create} would (for a wizard step), without storing anything. */
    public List<FieldError> validate(PipelineDefinition definition, String existingId) {
        Pipeline existing = existingId == null ? null : repository.find(existingId).map(Versioned::value).orElse(null);
        return check(definition, existing);
    }

    /**
     * Defines a new pipeline and starts creating it.
     *
     * @throws InvalidDefinitionException with every field's problem, when the definition is not valid
     */
    public Versioned<Pipeline> create(String projectId, PipelineDefinition definition, String actor) {
        List<FieldError> errors = check(definition, null);
        if (!errors.isEmpty()) {
            throw new InvalidDefinitionException(errors);
        }
        // A project's apps are served by one pipeline (a local pipeline's ingestion accepts exactly them).
        for (Versioned<Pipeline> other : repository.list()) {
            Pipeline o = other.value();
            if (o.status() != PipelineStatus.DELETED && Objects.equals(o.projectId(), projectId)) {
                throw new ActionRefusedException(o.status(), projectId == null
                        ? "there is a studio-wide pipeline already: '" + o.name() + "'"
                        : "the project '" + projectId + "' has the pipeline '" + o.name() + "' already: a project "
                        + "has one pipeline, so update that one, or delete it first");
            }
        }
        Pipeline pipeline = machine.create(UUID.randomUUID().toString(), projectId, definition, actor);
        Versioned<Pipeline> stored = repository.create(pipeline);
        launch(stored.value());
        return stored;
    }

    /**
     * Applies a new definition in place (after a failed create: creates again with it).
     *
     * @throws InvalidDefinitionException when the definition is not valid (its name and runtime cannot change)
     * @throws ActionRefusedException     while another step runs, or after a failed delete
     */
    public Versioned<Pipeline> update(String id, PipelineDefinition definition, String actor) {
        return act(id, p -> {
            List<FieldError> errors = check(definition, p);
            if (!errors.isEmpty()) {
                throw new InvalidDefinitionException(errors);
            }
            return machine.update(p, definition, actor);
        });
    }

    /**
     * Deletes the pipeline's resources; it ends Deleted, its history kept. The studio-wide pipeline (no project) is
     * refused: it serves every project without a pipeline of its own.
     */
    public Versioned<Pipeline> delete(String id, String actor) {
        return act(id, p -> {
            if (p.projectId() == null && p.status() != PipelineStatus.DELETED) {
                throw new ActionRefusedException(p.status(), "the pipeline '" + p.name() + "' serves every project "
                        + "without a pipeline of its own, so it cannot be deleted: stop it instead");
            }
            return machine.delete(p, actor);
        });
    }

    /** Repeats the step that failed. */
    public Versioned<Pipeline> retry(String id, String actor) {
        return act(id, p -> machine.retry(p, actor));
    }

    /** Stops what a local pipeline runs; it ends Stopped, its settings and data kept. */
    public Versioned<Pipeline> stop(String id, String actor) {
        return act(id, p -> machine.stop(localOnly(p, "stopped"), actor));
    }

    /** Starts a Stopped pipeline again. */
    public Versioned<Pipeline> start(String id, String actor) {
        return act(id, p -> machine.start(localOnly(p, "started"), actor));
    }

    /**
     * Replaces a settled pipeline's definition without a step (nothing is validated or started): for settings a
     * runtime takes from the studio's configuration at its start, before {@link #resume()}.
     */
    public Versioned<Pipeline> configure(String id, PipelineDefinition definition, String reason) {
        return write(id, p -> machine.configured(p, definition, reason));
    }

    /** Moves the pipeline's resources to this studio's product version. */
    public Versioned<Pipeline> upgrade(String id, String actor) {
        return act(id, p -> machine.upgrade(p, productVersion, actor));
    }

    /** Monitoring saw an Active pipeline degrade (Warning), e.g. its ingestion restarted after a crash. */
    public void reportDegraded(String id, String reason) {
        write(id, p -> machine.degraded(p, reason));
    }

    /** A Warning pipeline works again (Active). */
    public void reportRecovered(String id, String reason) {
        write(id, p -> machine.recovered(p, reason));
    }

    /**
     * After a studio restart: hands every step that was running back to its runtime, which follows it to its end
     * (a CloudFormation stack keeps going without us; a local step starts again), and asks the runtime of every
     * Active or Warning pipeline to bring back what it runs ({@link PipelineRuntime#resume}).
     *
     * @return the pipelines resumed (steps and running ones)
     */
    public int resume() {
        int resumed = 0;
        for (Versioned<Pipeline> v : repository.list()) {
            Pipeline p = v.value();
            if (p.runningStep() != null) {
                launch(p);
                resumed++;
            } else if (p.status() == PipelineStatus.ACTIVE || p.status() == PipelineStatus.WARNING) {
                PipelineRuntime runtime = runtimes.get(p.definition().runtime());
                if (runtime != null) {
                    try {
                        runtime.resume(p, listener(p.id(), p.stepNumber()));
                    } catch (RuntimeException e) {
                        log.warn("pipeline {}: could not be resumed", p.name(), e);
                        reportDegraded(p.id(), "could not be resumed after the studio's restart: " + e.getMessage());
                    }
                    resumed++;
                }
            }
        }
        return resumed;
    }

    private Versioned<Pipeline> act(String id, UnaryOperator<Pipeline> action) {
        Versioned<Pipeline> stored = write(id, action);
        launch(stored.value());
        return stored;
    }

    /** Reads, applies, writes at the read version; on a lost race, again with what the winner wrote. */
    private Versioned<Pipeline> write(String id, UnaryOperator<Pipeline> change) {
        for (int attempt = 1; ; attempt++) {
            Versioned<Pipeline> current = repository.find(id).orElseThrow(() -> new PipelineNotFoundException(id));
            Pipeline next = change.apply(current.value());
            if (next == current.value()) {
                return current;
            }
            try {
                return repository.update(next, current.version());
            } catch (ItemConflictException e) {
                if (attempt >= WRITE_ATTEMPTS) {
                    throw e;
                }
                log.debug("pipeline {} changed meanwhile (attempt {}); reading it again", id, attempt);
            }
        }
    }

    private void launch(Pipeline pipeline) {
        PipelineAction action = pipeline.runningStep();
        StepListener listener = listener(pipeline.id(), pipeline.stepNumber());
        try {
            runtimes.get(pipeline.definition().runtime())
                    .start(new PipelineStep(pipeline, action, pipeline.stepNumber(), productVersion), listener);
        } catch (RuntimeException e) {
            log.warn("pipeline {}: the {} could not start", pipeline.name(), action.word(), e);
            listener.failed("the " + action.word() + " could not start: " + e.getMessage());
        }
    }

    /** Reports of step {@code step} of a pipeline, and of its health after that step. */
    private StepListener listener(String id, long step) {
        return new StepListener() {
            @Override
            public void progress(String reason) {
                report(id, p -> machine.progress(p, step, reason));
            }

            @Override
            public void succeeded(String reason, Map<String, String> outputs) {
                report(id, p -> machine.succeeded(p, step, productVersion, outputs, reason));
            }

            @Override
            public void failed(String reason) {
                report(id, p -> machine.failed(p, step, reason));
            }

            @Override
            public void degraded(String reason) {
                report(id, p -> machine.degraded(p, reason));
            }

            @Override
            public void recovered(String reason) {
                report(id, p -> machine.recovered(p, reason));
            }
        };
    }

    private static Pipeline localOnly(Pipeline p, String what) {
        if (p.definition().runtime() != RuntimeMode.LOCAL) {
            throw new ActionRefusedException(p.status(), "the pipeline '" + p.name() + "' runs on "
                    + p.definition().runtime().id() + ": only local pipelines are " + what + " from the studio (an AWS "
                    + "pipeline's ingestion scales between its capacity's min and max)");
        }
        return p;
    }

    private void report(String id, UnaryOperator<Pipeline> change) {
        try {
            write(id, change);
        } catch (RuntimeException e) {
            // A runtime thread has no one to tell; the step's outcome is in the log, and a retry repeats it.
            log.error("pipeline {}: a runtime report could not be stored", id, e);
        }
    }

    private List<FieldError> check(PipelineDefinition definition, Pipeline existing) {
        List<FieldError> errors = new ArrayList<>();
        if (existing != null) {
            if (!definition.name().equals(existing.name())) {
                errors.add(new FieldError("name", "a pipeline's name cannot change (its resources are named after "
                        + "it): keep '" + existing.name() + "', or create a new pipeline"));
            }
            if (definition.runtime() != existing.definition().runtime()) {
                errors.add(new FieldError("runtime", "a pipeline cannot move from " + existing.definition().runtime()
                        .id() + " to " + definition.runtime().id() + ": create a new pipeline instead"));
            }
        }
        if (!runtimes.containsKey(definition.runtime())) {
            errors.add(new FieldError("runtime", "this studio cannot run " + definition.runtime().id()
                    + " pipelines; it runs " + runtimes.keySet().stream().map(RuntimeMode::id).sorted().toList()));
        }
        Set<String> names = new HashSet<>();
        Map<Integer, String> reservedPorts = new HashMap<>();
        for (Versioned<Pipeline> other : repository.list()) {
            Pipeline o = other.value();
            if (o.status() == PipelineStatus.DELETED || existing != null && o.id().equals(existing.id())) {
                continue;
            }
            names.add(o.name());
            if (o.definition().runtime() == RuntimeMode.LOCAL && o.definition().ingestion().port() != 0) {
                reservedPorts.put(o.definition().ingestion().port(), o.name());
            }
        }
        int currentPort = existing != null && existing.definition().runtime() == RuntimeMode.LOCAL
                && existing.status() != PipelineStatus.DELETED ? existing.definition().ingestion().port() : -1;
        errors.addAll(validator.validate(definition,
                new ValidationContext(dataDir, names, reservedPorts, currentPort, ports)));
        return errors;
    }
}
