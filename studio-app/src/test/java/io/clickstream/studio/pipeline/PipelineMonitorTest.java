package io.clickstream.studio.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.metadata.MetadataStore;
import io.clickstream.metadata.sqlite.SqliteMetadataStore;
import io.clickstream.pipeline.definition.PipelineDefinition;
import io.clickstream.pipeline.lifecycle.PipelineRepository;
import io.clickstream.pipeline.lifecycle.PipelineStateMachine;
import io.clickstream.pipeline.local.PipelineTelemetry;
import io.clickstream.pipeline.local.PipelineTelemetry.EtlRun;
import io.clickstream.pipeline.local.PipelineTelemetry.Latency;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor's arithmetic and alarms over telemetry the test writes (no ingestion, no Spark): rates between two
 * samples, the sink latency of the last minute, and each alarm kind firing at its threshold and clearing, with its
 * state in the snapshot and in the Micrometer gauge.
 */
class PipelineMonitorTest {

    static final Instant T0 = Instant.parse("2026-12-03T12:00:00Z");
    static final Latency NO_LATENCY = new Latency(List.of(0.001, 0.01, 0.1), List.of(0L, 0L, 0L, 0L), 0);

    @TempDir
    Path dir;
    MetadataStore store;
    AlarmRepository alarms;
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Instant now = T0;
    PipelineTelemetry current;
    PipelineMonitor monitor;
    String id;

    @BeforeEach
    void setUp() {
        store = SqliteMetadataStore.open(dir.resolve("metadata.db"));
        alarms = new AlarmRepository(store);
        PipelineRepository pipelines = new PipelineRepository(store);
        id = pipelines.create(new PipelineStateMachine(Clock.fixed(T0, ZoneOffset.UTC))
                .create("p-1", "shop", PipelineDefinition.local("edge", 18090), "alice")).value().id();
        current = telemetry(0, 0, 0, NO_LATENCY, null, List.of());
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        monitor = new PipelineMonitor(() -> current == null ? List.of() : List.of(current), null, pipelines, alarms, meters, clock,
                Duration.ofSeconds(5));
    }

    @AfterEach
    void tearDown() {
        monitor.close();
        store.close();
    }

    PipelineTelemetry telemetry(long requests, long events, long unknownApp, Latency latency, Instant oldestPending,
                                List<EtlRun> runs) {
        return new PipelineTelemetry(id, true, 18090, List.of("shop-web"), requests, events,
                Map.of("unknown_app", unknownApp), latency, oldestPending == null ? 0 : 2, oldestPending, false, runs,
                Map.of());
    }

    void sampleAt(Duration sinceStart) {
        now = T0.plus(sinceStart);
        monitor.sample();
    }

    MonitoringSnapshot.AlarmStatus alarm(AlarmKind kind) {
        return monitor.snapshot(id).orElseThrow().alarms().stream().filter(a -> a.rule().kind() == kind)
                .findFirst().orElseThrow();
    }

    double firingGauge(AlarmKind kind) {
        return meters.get("clickstream.pipeline.alarm.firing").tags("pipeline", "edge", "alarm", kind.id()).gauge()
                .value();
    }

    void enable(AlarmKind kind, int threshold) {
        long version = alarms.find(id).version();
        List<AlarmRule> rules = new ArrayList<>(alarms.find(id).value());
        rules.replaceAll(r -> r.kind() == kind ? new AlarmRule(kind, true, threshold) : r);
        alarms.save(id, rules, version);
        monitor.rulesChanged(id);
    }

    @Test
    void rates_are_the_counters_difference_over_the_time_between_two_samples_and_latency_covers_the_last_minute() {
        sampleAt(Duration.ZERO);
        current = telemetry(30, 120, 6, new Latency(List.of(0.001, 0.01, 0.1), List.of(0L, 99L, 1L, 0L),
                99 * 5_000_000L + 50_000_000L), null, List.of());
        sampleAt(Duration.ofSeconds(6));
        MonitoringSnapshot s = monitor.snapshot(id).orElseThrow();
        assertThat(s.requestsPerSecond()).isEqualTo(5.0);
        assertThat(s.eventsPerSecond()).isEqualTo(20.0);
        assertThat(s.rejectedPerSecond()).isEqualTo(1.0);
        assertThat(s.sinkLatencyMeanMs()).isEqualTo((99 * 5.0 + 50.0) / 100);
        assertThat(s.sinkLatencyP99Ms()).isEqualTo(10.0);
        assertThat(meters.get("clickstream.pipeline.ingest.events").tags("pipeline", "edge").functionCounter()
                .count()).isEqualTo(120);

        // Two minutes later without traffic: no rate, and no latency in the last minute.
        sampleAt(Duration.ofSeconds(126));
        s = monitor.snapshot(id).orElseThrow();
        assertThat(s.eventsPerSecond()).isZero();
        assertThat(s.sinkLatencyMeanMs()).isNull();
    }

    @Test
    void no_data_fires_after_the_threshold_without_events_and_clears_with_the_next_event() {
        enable(AlarmKind.NO_DATA, 2);
        current = telemetry(1, 1, 0, NO_LATENCY, null, List.of());
        sampleAt(Duration.ZERO);
        sampleAt(Duration.ofSeconds(119));
        assertThat(alarm(AlarmKind.NO_DATA).firing()).isFalse();
        sampleAt(Duration.ofSeconds(120));
        assertThat(alarm(AlarmKind.NO_DATA).firing()).isTrue();
        assertThat(alarm(AlarmKind.NO_DATA).since()).isEqualTo(T0.plusSeconds(120));
        assertThat(alarm(AlarmKind.NO_DATA).message()).startsWith("no events for 2 min");
        assertThat(firingGauge(AlarmKind.NO_DATA)).isEqualTo(1.0);
        sampleAt(Duration.ofSeconds(200));
        assertThat(alarm(AlarmKind.NO_DATA).since()).as("still the first firing").isEqualTo(T0.plusSeconds(120));

        current = telemetry(2, 2, 0, NO_LATENCY, null, List.of());
        sampleAt(Duration.ofSeconds(205));
        assertThat(alarm(AlarmKind.NO_DATA).firing()).isFalse();
        assertThat(firingGauge(AlarmKind.NO_DATA)).isZero();
        assertThat(monitor.snapshot(id).orElseThrow().alarmHistory()).extracting(MonitoringSnapshot.AlarmEvent::fired)
                .containsExactly(false, true);
    }

    @Test
    void etl_failed_fires_while_the_last_pass_failed() {
        EtlRun ok = new EtlRun(T0, Duration.ofSeconds(3), 1, 10, 0, null);
        EtlRun failed = new EtlRun(T0.plusSeconds(60), Duration.ofSeconds(1), 0, 0, 0, "disk full");
        current = telemetry(0, 0, 0, NO_LATENCY, null, List.of(ok));
        sampleAt(Duration.ZERO);
        assertThat(alarm(AlarmKind.ETL_FAILED).firing()).as("on by default, last pass fine").isFalse();
        current = telemetry(0, 0, 0, NO_LATENCY, null, List.of(failed, ok));
        sampleAt(Duration.ofSeconds(65));
        assertThat(alarm(AlarmKind.ETL_FAILED).firing()).isTrue();
        assertThat(alarm(AlarmKind.ETL_FAILED).message()).endsWith("failed: disk full");
        assertThat(meters.get("clickstream.pipeline.etl.runs").tags("pipeline", "edge", "outcome", "failed")
                .functionCounter().count()).isEqualTo(1);
    }

    @Test
    void etl_lag_fires_when_the_oldest_unmodeled_batch_is_older_than_the_threshold() {
        enable(AlarmKind.ETL_LAG, 10);
        current = telemetry(0, 0, 0, NO_LATENCY, T0, List.of());
        sampleAt(Duration.ofMinutes(9));
        assertThat(alarm(AlarmKind.ETL_LAG).firing()).isFalse();
        assertThat(monitor.snapshot(id).orElseThrow().etlLag()).isEqualTo(Duration.ofMinutes(9));
        sampleAt(Duration.ofMinutes(10));
        assertThat(alarm(AlarmKind.ETL_LAG).firing()).isTrue();
        current = telemetry(0, 0, 0, NO_LATENCY, null, List.of());
        sampleAt(Duration.ofMinutes(11));
        assertThat(alarm(AlarmKind.ETL_LAG).firing()).isFalse();
    }

    @Test
    void quarantine_rate_counts_the_passes_of_the_last_hour() {
        enable(AlarmKind.QUARANTINE_RATE, 10);
        // 9 of 100 records quarantined: under 10 %; an older pass with many more is out of the hour's window.
        EtlRun old = new EtlRun(T0.minus(Duration.ofMinutes(90)), Duration.ofSeconds(1), 1, 0, 500, null);
        EtlRun recent = new EtlRun(T0.minusSeconds(60), Duration.ofSeconds(1), 1, 91, 9, null);
        current = telemetry(0, 0, 0, NO_LATENCY, null, List.of(recent, old));
        sampleAt(Duration.ZERO);
        assertThat(alarm(AlarmKind.QUARANTINE_RATE).firing()).isFalse();
        EtlRun bad = new EtlRun(T0, Duration.ofSeconds(1), 1, 9, 11, null);
        current = telemetry(0, 0, 0, NO_LATENCY, null, List.of(bad, recent, old));
        sampleAt(Duration.ofSeconds(5));
        assertThat(alarm(AlarmKind.QUARANTINE_RATE).firing()).isTrue();
        assertThat(alarm(AlarmKind.QUARANTINE_RATE).message()).startsWith("16.7 % of the records");
    }

    @Test
    void a_pipeline_that_stops_running_here_loses_its_snapshot_and_meters() {
        sampleAt(Duration.ZERO);
        assertThat(meters.find("clickstream.pipeline.ingest.requests").tags("pipeline", "edge").meters()).hasSize(1);
        current = null;
        sampleAt(Duration.ofSeconds(5));
        assertThat(monitor.snapshot(id)).isEmpty();
        assertThat(meters.find("clickstream.pipeline.ingest.requests").tags("pipeline", "edge").meters()).isEmpty();
        assertThat(meters.find("clickstream.pipeline.alarm.firing").tags("pipeline", "edge").meters()).isEmpty();
    }
}
