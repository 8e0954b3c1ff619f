package io.clickstream.pipeline.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickstream.metadata.Versioned;
import io.clickstream.metadata.sqlite.SqliteMetadataStore;
import io.clickstream.pipeline.definition.FieldError;
import io.clickstream.pipeline.definition.PipelineDefinition;
import io.clickstream.pipeline.definition.RuntimeMode;
import io.clickstream.pipeline.lifecycle.PipelineRuntime.PipelineStep;
import io.clickstream.pipeline.lifecycle.PipelineRuntime.StepListener;
import io.clickstream.pipeline.validation.PipelineValidator;
import io.clickstream.pipeline.validation.PortProbe;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service over a real SQLite metadata store. The runtime here is the test's hand on the lifecycle port (it
 * records each step and lets the test report its outcome); the real runtimes have their own tests.
 */
class PipelineServiceTest {

    /** Records the steps it is given; the test finishes them through their listeners. */
    static final class ScriptedRuntime implements PipelineRuntime {
        final List<PipelineStep> steps = new CopyOnWriteArrayList<>();
        final List<StepListener> listeners = new CopyOnWriteArrayList<>();
        final List<Pipeline> resumed = new CopyOnWriteArrayList<>();
        /** The listener each step was started with, in the order of {@link #steps}. */
        final List<StepListener> stepListeners = new CopyOnWriteArrayList<>();
        /** The listener each resumed pipeline got, by pipeline id. */
        final java.util.Map<String, StepListener> resumedWith = new java.util.concurrent.ConcurrentHashMap<>();
        RuntimeException failOnStart;

        @Override
        public void resume(Pipeline pipeline, StepListener listener) {
            resumed.add(pipeline);
            listeners.add(listener);
            resumedWith.put(pipeline.id(), listener);
        }

        @Override
        public void start(PipelineStep step, StepListener listener) {
            if (failOnStart != null) {
                throw failOnStart;
            }
            steps.add(step);
            listeners.add(listener);
            stepListeners.add(listener);
        }

        StepListener last() {
            return listeners.get(listeners.size() - 1);
        }
    }

    @TempDir
    Path dataDir;

    private SqliteMetadataStore store;
    private final ScriptedRuntime runtime = new ScriptedRuntime();
    private final AtomicReference<Runnable> duringPortProbe = new AtomicReference<>();
    private PipelineService service;

    @BeforeEach
    void open() {
        store = SqliteMetadataStore.open(dataDir.resolve("metadata.db"));
        service = service("1.0.0");
    }

    @AfterEach
    void close() {
        store.close();
    }

    private PipelineService service(String version) {
        PortProbe probe = (host, port) -> {
            Runnable hook = duringPortProbe.getAndSet(null);
            if (hook != null) {
                hook.run();
            }
            return Optional.empty();
        };
        return new PipelineService(new PipelineRepository(store), new PipelineValidator(),
                Map.of(RuntimeMode.LOCAL, runtime), dataDir, probe, version, Clock.systemUTC());
    }

    private Pipeline stored(String id) {
        return service.find(id).orElseThrow().value();
    }

    @Test
    void create_stores_a_creating_pipeline_and_hands_the_step_to_its_runtime() {
        Versioned<Pipeline> created = service.create("shop", PipelineDefinition.local("edge", 18090), "alice");

        assertThat(created.value().status()).isEqualTo(PipelineStatus.CREATING);
        assertThat(runtime.steps).singleElement().satisfies(step -> {
            assertThat(step.action()).isEqualTo(PipelineAction.CREATE);
            assertThat(step.pipeline().id()).isEqualTo(created.value().id());
            assertThat(step.productVersion()).isEqualTo("1.0.0");
        });

        runtime.last().progress("starting ingestion on port 18090");
        assertThat(stored(created.value().id()).statusReason()).isEqualTo("starting ingestion on port 18090");
        runtime.last().succeeded("ingestion listens on port 18090",
                Map.of("ingestionEndpoint", "http://localhost:18090/collect"));

        Pipeline active = stored(created.value().id());
        assertThat(active.status()).isEqualTo(PipelineStatus.ACTIVE);
        assertThat(active.productVersion()).isEqualTo("1.0.0");
        assertThat(active.outputs()).containsEntry("ingestionEndpoint", "http://localhost:18090/collect");
        assertThat(active.history()).extracting(StatusChange::to)
                .containsExactly(PipelineStatus.CREATING, PipelineStatus.ACTIVE);
        assertThat(service.list("shop")).hasSize(1);
    }

    @Test
    void an_invalid_definition_is_refused_field_by_field_and_nothing_is_stored() {
        service.create("shop", PipelineDefinition.local("edge", 18090), null);

        assertThatThrownBy(() -> service.create("shop", PipelineDefinition.local("edge", 18090)
                .withProcessing(PipelineDefinition.local("x", 1).processing().withSchedule("cron(* * * * *)")), null))
                .isInstanceOfSatisfying(InvalidDefinitionException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field)
                        .containsExactly("name", "ingestion.port", "processing.schedule"));
        assertThat(service.list("shop")).hasSize(1);
        assertThat(runtime.steps).hasSize(1);
    }

    @Test
    void a_runtime_the_studio_lacks_is_named_on_the_runtime_field() {
        PipelineDefinition aws = io.clickstream.pipeline.definition.PipelineDefinitionCodec.read(
                Path.of("src/test/resources/pipelines/aws-pipeline.yaml"));

        assertThat(service.validate(aws, null)).containsExactly(
                new FieldError("runtime", "this studio cannot run aws pipelines; it runs [local]"));
    }

    @Test
    void update_in_place_keeps_its_own_port_and_refuses_a_new_name() {
        String id = service.create("shop", PipelineDefinition.local("edge", 18090), null).value().id();
        runtime.last().succeeded("ok", Map.of());

        PipelineDefinition moreBatches = PipelineDefinition.local("edge", 18090)
                .withProcessing(PipelineDefinition.local("edge", 18090).processing().withSchedule("rate(5 minutes)"));
        assertThat(service.update(id, moreBatches, "bob").value().status()).isEqualTo(PipelineStatus.UPDATING);
        assertThat(runtime.steps.get(1).action()).isEqualTo(PipelineAction.UPDATE);
        assertThat(runtime.steps.get(1).pipeline().definition()).isEqualTo(moreBatches);
        runtime.last().succeeded("updated", Map.of());

        assertThatThrownBy(() -> service.update(id, PipelineDefinition.local("renamed", 18090), "bob"))
                .isInstanceOfSatisfying(InvalidDefinitionException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("name"));
        assertThat(stored(id).status()).isEqualTo(PipelineStatus.ACTIVE);
    }

    @Test
    void an_action_racing_another_loses_on_the_version_and_is_refused_clearly() {
        String id = service.create("shop", PipelineDefinition.local("edge", 18090), null).value().id();
        runtime.last().succeeded("ok", Map.of());
        PipelineService otherStudioNode = service("1.0.0");
        // While this node validates its update, another node starts a delete of the same pipeline.
        duringPortProbe.set(() -> otherStudioNode.delete(id, "carol"));

        assertThatThrownBy(() -> service.update(id, PipelineDefinition.local("edge", 18091), "bob"))
                .isInstanceOf(ActionRefusedException.class)
                .hasMessageContaining("the pipeline 'edge' is Deleting (its delete started at")
                .hasMessageEndingWith("wait until it is finished, then update it");
        Pipeline p = stored(id);
        assertThat(p.status()).isEqualTo(PipelineStatus.DELETING);
        assertThat(p.definition().ingestion().port()).isEqualTo(18090);
        assertThat(runtime.steps).extracting(PipelineStep::action)
                .containsExactly(PipelineAction.CREATE, PipelineAction.DELETE);
    }

    @Test
    void retry_repeats_the_failed_step_and_a_late_report_of_the_first_attempt_is_ignored() {
        String id = service.create("shop", PipelineDefinition.local("edge", 18090), null).value().id();
        StepListener first = runtime.last();
        first.failed("ingestion could not bind port 18090");
        assertThat(stored(id).status()).isEqualTo(PipelineStatus.FAILED);
        assertThat(stored(id).statusReason()).isEqualTo("ingestion could not bind port 18090");

        service.retry(id, "alice");
        first.succeeded("late news of the first attempt", Map.of());
        assertThat(stored(id).status()).isEqualTo(PipelineStatus.CREATING);

        runtime.last().succeeded("ok", Map.of());
        assertThat(stored(id).status()).isEqualTo(PipelineStatus.ACTIVE);
        assertThat(runtime.steps).extracting(PipelineStep::action, PipelineStep::number).containsExactly(
                org.assertj.core.groups.Tuple.tuple(PipelineAction.CREATE, 1L),
                org.assertj.core.groups.Tuple.tuple(PipelineAction.CREATE, 2L));
    }

    @Test
    void a_new_product_version_upgrades_the_pipeline_once() {
        String id = service.create("shop", PipelineDefinition.local("edge", 18090), null).value().id();
        runtime.last().succeeded("ok", Map.of());
        PipelineService newerStudio = service("1.1.0");

        newerStudio.upgrade(id, "ops");
        assertThat(runtime.last()).isNotNull();
        assertThat(runtime.steps.get(1)).satisfies(step -> {
            assertThat(step.action()).isEqualTo(PipelineAction.UPGRADE);
            assertThat(step.productVersion()).isEqualTo("1.1.0");
        });
        runtime.last().succeeded("upgraded", Map.of());

        assertThat(stored(id).productVersion()).isEqualTo("1.1.0");
        assertThatThrownBy(() -> newerStudio.upgrade(id, "ops")).isInstanceOf(ActionRefusedException.class)
                .hasMessageContaining("already on version 1.1.0");
    }

    @Test
    void at_a_restart_running_steps_go_back_to_their_runtime_and_running_pipelines_are_resumed() {
        String id = service.create("shop", PipelineDefinition.local("edge", 18090), null).value().id();
        String done = service.create("blog", PipelineDefinition.local("done", 18091), null).value().id();
        runtime.last().succeeded("ok", Map.of());
        String stopped = service.create("news", PipelineDefinition.local("paused", 18092), null).value().id();
        runtime.last().succeeded("ok", Map.of());
        service.stop(stopped, "ops");
        runtime.last().succeeded("stopped", Map.of());

        PipelineService restarted = service("1.0.0");
        assertThat(restarted.resume()).isEqualTo(2);
        assertThat(runtime.steps.get(4).pipeline().id()).isEqualTo(id);
        assertThat(runtime.steps.get(4).number()).isEqualTo(1);
        assertThat(runtime.resumed).extracting(Pipeline::id).containsExactly(done);
        runtime.stepListeners.get(4).succeeded("ok", Map.of());
        assertThat(stored(id).status()).isEqualTo(PipelineStatus.ACTIVE);
        assertThat(stored(done).status()).isEqualTo(PipelineStatus.ACTIVE);
        assertThat(stored(stopped).status()).isEqualTo(PipelineStatus.STOPPED);

        // The resumed pipeline's health comes back through the listener it was resumed with.
        runtime.resumedWith.get(done).degraded("ingestion cannot bind port 18091");
        assertThat(stored(done).status()).isEqualTo(PipelineStatus.WARNING);
        assertThat(stored(done).statusReason()).isEqualTo("ingestion cannot bind port 18091");
        runtime.resumedWith.get(done).recovered("ingestion listens on port 18091");
        assertThat(stored(done).status()).isEqualTo(PipelineStatus.ACTIVE);
    }

    @Test
    void stop_and_start_are_steps_of_the_runtime_and_end_stopped_then_active() {
        String id = service.create("shop", PipelineDefinition.local("edge", 18090), null).value().id();
        runtime.last().succeeded("ok", Map.of());

        assertThat(service.stop(id, "ops").value().status()).isEqualTo(PipelineStatus.UPDATING);
        assertThat(runtime.steps.get(1).action()).isEqualTo(PipelineAction.STOP);
        runtime.last().succeeded("ingestion and schedule stopped", Map.of());
        assertThat(stored(id).status()).isEqualTo(PipelineStatus.STOPPED);
        assertThatThrownBy(() -> service.stop(id, "ops")).isInstanceOf(ActionRefusedException.class)
                .hasMessageContaining("is Stopped: only an Active or Warning pipeline can be stopped");

        service.start(id, "ops");
        assertThat(runtime.steps.get(2).action()).isEqualTo(PipelineAction.START);
        runtime.last().succeeded("ingestion listens on port 18090", Map.of());
        assertThat(stored(id).status()).isEqualTo(PipelineStatus.ACTIVE);
        assertThat(stored(id).history()).extracting(StatusChange::to).containsExactly(PipelineStatus.CREATING,
                PipelineStatus.ACTIVE, PipelineStatus.UPDATING, PipelineStatus.STOPPED, PipelineStatus.UPDATING,
                PipelineStatus.ACTIVE);
    }

    @Test
    void a_project_has_one_pipeline_until_it_is_deleted() {
        String id = service.create("shop", PipelineDefinition.local("edge", 18090), null).value().id();
        runtime.last().succeeded("ok", Map.of());

        assertThatThrownBy(() -> service.create("shop", PipelineDefinition.local("second", 18091), null))
                .isInstanceOf(ActionRefusedException.class)
                .hasMessage("the project 'shop' has the pipeline 'edge' already: a project has one pipeline, so "
                        + "update that one, or delete it first");
        service.delete(id, "ops");
        runtime.last().succeeded("deleted", Map.of());

        assertThat(service.create("shop", PipelineDefinition.local("second", 18091), null).value().status())
                .isEqualTo(PipelineStatus.CREATING);
    }

    @Test
    void the_studio_wide_pipeline_cannot_be_deleted_and_is_reconfigured_without_a_step() {
        String id = service.create(null, PipelineDefinition.local("default", 8081), "studio").value().id();
        runtime.last().succeeded("ok", Map.of());

        assertThatThrownBy(() -> service.delete(id, "ops")).isInstanceOf(ActionRefusedException.class)
                .hasMessageContaining("serves every project without a pipeline of its own");

        service.configure(id, PipelineDefinition.local("default", 18781), "port from clickstream.ingestion.port");
        Pipeline p = stored(id);
        assertThat(p.definition().ingestion().port()).isEqualTo(18781);
        assertThat(p.status()).isEqualTo(PipelineStatus.ACTIVE);
        assertThat(runtime.steps).hasSize(1);
        assertThat(p.history().get(p.history().size() - 1)).satisfies(change -> {
            assertThat(change.from()).isEqualTo(PipelineStatus.ACTIVE);
            assertThat(change.to()).isEqualTo(PipelineStatus.ACTIVE);
            assertThat(change.reason()).isEqualTo("port from clickstream.ingestion.port");
        });
    }

    @Test
    void a_runtime_that_cannot_start_leaves_the_pipeline_failed_with_its_reason() {
        runtime.failOnStart = new IllegalStateException("no Spark master");

        String id = service.create("shop", PipelineDefinition.local("edge", 18090), null).value().id();

        assertThat(stored(id).status()).isEqualTo(PipelineStatus.FAILED);
        assertThat(stored(id).statusReason()).isEqualTo("the create could not start: no Spark master");
    }

    @Test
    void monitoring_moves_an_active_pipeline_to_warning_and_back() {
        String id = service.create("shop", PipelineDefinition.local("edge", 18090), null).value().id();
        runtime.last().succeeded("ok", Map.of());

        service.reportDegraded(id, "ingestion crashed and was restarted");
        assertThat(stored(id).status()).isEqualTo(PipelineStatus.WARNING);
        service.reportRecovered(id, "ingestion serves again");

        List<PipelineStatus> statuses = new ArrayList<>();
        stored(id).history().forEach(c -> statuses.add(c.to()));
        assertThat(statuses).containsExactly(PipelineStatus.CREATING, PipelineStatus.ACTIVE, PipelineStatus.WARNING,
                PipelineStatus.ACTIVE);
    }
}
