package io.clickstream.pipeline.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickstream.pipeline.definition.PipelineDefinition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PipelineStateMachineTest {

    private static final PipelineDefinition EDGE = PipelineDefinition.local("edge", 18090);
    private static final PipelineDefinition EDGE_2 = PipelineDefinition.local("edge", 18091);

    /** A clock that moves one second per reading, so every transition has its own time. */
    private final Clock clock = new Clock() {
        private Instant now = Instant.parse("2026-03-01T12:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            now = now.plus(Duration.ofSeconds(1));
            return now;
        }
    };
    private final PipelineStateMachine machine = new PipelineStateMachine(clock);

    /** A pipeline brought into a state by the machine's own transitions (state names as in the tables below). */
    private Pipeline in(String state) {
        Pipeline creating = machine.create("p-1", "shop", EDGE, "alice");
        Pipeline active = machine.succeeded(creating, 1, "1.0.0", Map.of("ingestionEndpoint", "http://h:18090/collect"),
                "created");
        return switch (state) {
            case "Creating" -> creating;
            case "Active" -> active;
            case "Updating" -> machine.update(active, EDGE_2, "bob");
            case "Upgrading" -> machine.upgrade(active, "2.0.0", "bob");
            case "Warning" -> machine.degraded(active, "ingestion restarted 3 times in 5 minutes");
            case "Deleting" -> machine.delete(active, "bob");
            case "Deleted" -> machine.succeeded(machine.delete(active, "bob"), 2, "1.0.0", Map.of(), "deleted");
            case "Failed(create)" -> machine.failed(creating, 1, "port 18090 is in use");
            case "Failed(update)" -> machine.failed(machine.update(active, EDGE_2, "bob"), 2, "update failed");
            case "Failed(upgrade)" -> machine.failed(machine.upgrade(active, "2.0.0", "bob"), 2, "upgrade failed");
            case "Failed(delete)" -> machine.failed(machine.delete(active, "bob"), 2, "bucket not empty");
            case "Stopping" -> machine.stop(active, "bob");
            case "Stopped" -> machine.succeeded(machine.stop(active, "bob"), 2, "1.0.0", Map.of(), "stopped");
            case "Starting" -> machine.start(in("Stopped"), "bob");
            case "Failed(stop)" -> machine.failed(machine.stop(active, "bob"), 2, "ingestion did not stop");
            case "Failed(start)" -> machine.failed(machine.start(in("Stopped"), "bob"), 3, "port 18090 is in use");
            default -> throw new IllegalArgumentException(state);
        };
    }

    private Pipeline act(Pipeline p, String action) {
        return switch (action) {
            case "update" -> machine.update(p, EDGE_2, "carol");
            case "upgrade" -> machine.upgrade(p, "3.0.0", "carol");
            case "delete" -> machine.delete(p, "carol");
            case "retry" -> machine.retry(p, "carol");
            case "stop" -> machine.stop(p, "carol");
            case "start" -> machine.start(p, "carol");
            case "succeeded" -> machine.succeeded(p, p.stepNumber(), "3.0.0", Map.of("k", "v"), "step done");
            case "failed" -> machine.failed(p, p.stepNumber(), "step broke");
            case "degraded" -> machine.degraded(p, "ETL failed twice");
            case "recovered" -> machine.recovered(p, "ETL ran again");
            default -> throw new IllegalArgumentException(action);
        };
    }

    /** Expected: "Status/runningStep/failedStep", "refused" or "unchanged". */
    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource({
            // user actions
            "Creating, update, refused", "Creating, upgrade, refused", "Creating, delete, refused", "Creating, retry, refused",
            "Updating, update, refused", "Updating, upgrade, refused", "Updating, delete, refused", "Updating, retry, refused",
            "Upgrading, update, refused", "Upgrading, upgrade, refused", "Upgrading, delete, refused", "Upgrading, retry, refused",
            "Deleting, update, refused", "Deleting, upgrade, refused", "Deleting, delete, refused", "Deleting, retry, refused",
            "Active, update, Updating/UPDATE/-", "Active, upgrade, Updating/UPGRADE/-", "Active, delete, Deleting/DELETE/-",
            "Active, retry, refused",
            "Warning, update, Updating/UPDATE/-", "Warning, upgrade, Updating/UPGRADE/-", "Warning, delete, Deleting/DELETE/-",
            "Warning, retry, refused",
            "Failed(create), update, Creating/CREATE/-", "Failed(create), upgrade, refused",
            "Failed(create), delete, Deleting/DELETE/-", "Failed(create), retry, Creating/CREATE/-",
            "Failed(update), update, Updating/UPDATE/-", "Failed(update), upgrade, Updating/UPGRADE/-",
            "Failed(update), delete, Deleting/DELETE/-", "Failed(update), retry, Updating/UPDATE/-",
            "Failed(upgrade), update, Updating/UPDATE/-", "Failed(upgrade), upgrade, Updating/UPGRADE/-",
            "Failed(upgrade), delete, Deleting/DELETE/-", "Failed(upgrade), retry, Updating/UPGRADE/-",
            "Failed(delete), update, refused", "Failed(delete), upgrade, refused",
            "Failed(delete), delete, Deleting/DELETE/-", "Failed(delete), retry, Deleting/DELETE/-",
            "Deleted, update, refused", "Deleted, upgrade, refused", "Deleted, delete, refused", "Deleted, retry, refused",
            // runtime reports
            "Creating, succeeded, Active/-/-", "Creating, failed, Failed/-/CREATE",
            "Creating, degraded, unchanged", "Creating, recovered, unchanged",
            "Updating, succeeded, Active/-/-", "Updating, failed, Failed/-/UPDATE",
            "Updating, degraded, unchanged", "Updating, recovered, unchanged",
            "Upgrading, succeeded, Active/-/-", "Upgrading, failed, Failed/-/UPGRADE",
            "Deleting, succeeded, Deleted/-/-", "Deleting, failed, Failed/-/DELETE",
            "Deleting, degraded, unchanged", "Deleting, recovered, unchanged",
            "Active, succeeded, unchanged", "Active, failed, unchanged",
            "Active, degraded, Warning/-/-", "Active, recovered, unchanged",
            "Warning, succeeded, unchanged", "Warning, failed, unchanged",
            "Warning, degraded, Warning/-/-", "Warning, recovered, Active/-/-",
            "Failed(update), succeeded, unchanged", "Failed(update), failed, unchanged",
            "Failed(update), degraded, unchanged", "Failed(update), recovered, unchanged",
            "Deleted, succeeded, unchanged", "Deleted, failed, unchanged",
            "Deleted, degraded, unchanged", "Deleted, recovered, unchanged",
            // stop and start (local pipelines)
            "Creating, stop, refused", "Creating, start, refused", "Updating, stop, refused", "Updating, start, refused",
            "Deleting, stop, refused", "Deleting, start, refused", "Deleted, stop, refused", "Deleted, start, refused",
            "Active, stop, Updating/STOP/-", "Active, start, refused",
            "Warning, stop, Updating/STOP/-", "Warning, start, refused",
            "Failed(create), stop, refused", "Failed(create), start, refused",
            "Failed(update), stop, refused", "Failed(delete), start, refused",
            "Stopping, succeeded, Stopped/-/-", "Stopping, failed, Failed/-/STOP", "Stopping, stop, refused",
            "Stopping, start, refused", "Stopping, delete, refused",
            "Stopped, stop, refused", "Stopped, start, Updating/START/-", "Stopped, update, Updating/UPDATE/-",
            "Stopped, upgrade, Updating/UPGRADE/-", "Stopped, delete, Deleting/DELETE/-", "Stopped, retry, refused",
            "Stopped, succeeded, unchanged", "Stopped, failed, unchanged", "Stopped, degraded, unchanged",
            "Stopped, recovered, unchanged",
            "Starting, succeeded, Active/-/-", "Starting, failed, Failed/-/START", "Starting, stop, refused",
            "Failed(stop), retry, Updating/STOP/-", "Failed(stop), update, Updating/UPDATE/-",
            "Failed(stop), delete, Deleting/DELETE/-", "Failed(stop), stop, refused", "Failed(stop), start, refused",
            "Failed(start), retry, Updating/START/-", "Failed(start), start, refused",
            "Failed(start), delete, Deleting/DELETE/-",
    })
    void every_transition_and_every_refusal(String state, String action, String expected) {
        Pipeline before = in(state);

        if (expected.equals("refused")) {
            assertThatThrownBy(() -> act(before, action))
                    .isInstanceOf(ActionRefusedException.class)
                    .hasMessageContaining("'edge'")
                    .satisfies(e -> assertThat(((ActionRefusedException) e).status()).isEqualTo(before.status()));
            return;
        }
        Pipeline after = act(before, action);
        if (expected.equals("unchanged")) {
            assertThat(after).isSameAs(before);
            return;
        }
        String[] parts = expected.split("/");
        assertThat(after.status().label()).isEqualTo(parts[0]);
        assertThat(after.runningStep() == null ? "-" : after.runningStep().name()).isEqualTo(parts[1]);
        assertThat(after.failedStep() == null ? "-" : after.failedStep().name()).isEqualTo(parts[2]);
        assertThat(after.updatedAt()).isAfter(before.updatedAt());
        boolean reasonOnly = before.status() == after.status();
        if (reasonOnly) {
            assertThat(after.history()).isEqualTo(before.history());
        } else {
            assertThat(after.history()).hasSize(before.history().size() + 1);
            StatusChange last = after.history().get(after.history().size() - 1);
            assertThat(last.from()).isEqualTo(before.status());
            assertThat(last.to()).isEqualTo(after.status());
            assertThat(last.at()).isAfter(before.updatedAt());
            assertThat(last.reason()).isNotBlank().isEqualTo(after.statusReason());
        }
        if (after.runningStep() != null) {
            assertThat(after.stepNumber()).isEqualTo(before.stepNumber() + 1);
        }
    }

    @Test
    void a_concurrent_action_is_refused_naming_the_running_step_and_when_it_started() {
        Pipeline updating = machine.update(in("Active"), EDGE_2, "bob");
        Instant started = updating.history().get(updating.history().size() - 1).at();

        assertThatThrownBy(() -> machine.delete(updating, "carol"))
                .isInstanceOf(ActionRefusedException.class)
                .hasMessage("the pipeline 'edge' is Updating (its update started at " + started + "): one action at "
                        + "a time, so wait until it is finished, then delete it");
    }

    @Test
    void history_records_each_transition_with_its_time_and_reason() {
        Pipeline p = machine.create("p-1", "shop", EDGE, "alice");
        p = machine.progress(p, 1, "starting ingestion on port 18090");
        p = machine.failed(p, 1, "port 18090 is in use");
        p = machine.retry(p, "alice");
        p = machine.succeeded(p, 2, "1.0.0", Map.of(), "ingestion listens on port 18090");

        assertThat(p.history()).extracting(c -> c.from() == null ? "-" : c.from().label(), c -> c.to().label(),
                StatusChange::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("-", "Creating", "create requested by alice"),
                org.assertj.core.groups.Tuple.tuple("Creating", "Failed", "port 18090 is in use"),
                org.assertj.core.groups.Tuple.tuple("Failed", "Creating", "retry of the failed create requested by alice"),
                org.assertj.core.groups.Tuple.tuple("Creating", "Active", "ingestion listens on port 18090"));
        assertThat(p.history()).extracting(StatusChange::at).isSorted().doesNotHaveDuplicates();
        assertThat(p.productVersion()).isEqualTo("1.0.0");
    }

    @Test
    void progress_changes_the_reason_but_not_the_status_or_history() {
        Pipeline creating = machine.create("p-1", "shop", EDGE, null);

        Pipeline p = machine.progress(creating, 1, "CREATE_IN_PROGRESS LakeBucket (AWS::S3::Bucket)");

        assertThat(p.status()).isEqualTo(PipelineStatus.CREATING);
        assertThat(p.statusReason()).isEqualTo("CREATE_IN_PROGRESS LakeBucket (AWS::S3::Bucket)");
        assertThat(p.history()).isEqualTo(creating.history());
    }

    @Test
    void a_late_report_of_an_earlier_step_changes_nothing() {
        Pipeline failed = machine.failed(machine.create("p-1", "shop", EDGE, null), 1, "broke");
        Pipeline retrying = machine.retry(failed, null);

        assertThat(machine.succeeded(retrying, 1, "1.0.0", Map.of(), "late")).isSameAs(retrying);
        assertThat(machine.failed(retrying, 1, "late")).isSameAs(retrying);
        assertThat(machine.progress(retrying, 1, "late")).isSameAs(retrying);
        assertThat(machine.succeeded(retrying, 2, "1.0.0", Map.of(), "ok").status()).isEqualTo(PipelineStatus.ACTIVE);
    }

    @Test
    void update_keeps_the_new_definition_and_upgrade_the_new_version() {
        Pipeline updated = machine.succeeded(machine.update(in("Active"), EDGE_2, null), 2, "1.0.0", Map.of(), "ok");
        Pipeline upgraded = machine.succeeded(machine.upgrade(updated, "2.0.0", null), 3, "2.0.0", Map.of(), "ok");

        assertThat(updated.definition()).isEqualTo(EDGE_2);
        assertThat(upgraded.productVersion()).isEqualTo("2.0.0");
        assertThat(upgraded.history().get(upgraded.history().size() - 2).reason())
                .isEqualTo("upgrade from 1.0.0 to 2.0.0 requested");
        assertThatThrownBy(() -> machine.upgrade(upgraded, "2.0.0", null))
                .isInstanceOf(ActionRefusedException.class)
                .hasMessage("the pipeline 'edge' is already on version 2.0.0: there is nothing to upgrade");
    }

    @Test
    void history_keeps_the_latest_transitions() {
        Pipeline p = in("Active");
        for (int i = 0; i < PipelineStateMachine.HISTORY_LIMIT; i++) {
            p = machine.recovered(machine.degraded(p, "degraded " + i), "recovered " + i);
        }

        assertThat(p.history()).hasSize(PipelineStateMachine.HISTORY_LIMIT);
        assertThat(p.history().get(p.history().size() - 1).reason())
                .isEqualTo("recovered " + (PipelineStateMachine.HISTORY_LIMIT - 1));
    }
}
