package io.clickstream.studio.pipeline;

import io.clickstream.pipeline.local.PipelineTelemetry.EtlRun;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A running pipeline as its monitoring page shows it, computed by {@link PipelineMonitor} from its last samples:
 * rates over the last sample interval, the sink latency over the last minute, the ETL's backlog and runs, table
 * freshness, and its alarms.
 *
 * @param pipelineId         the pipeline
 * @param at                 when it was sampled
 * @param ingestionUp        its ingestion listens and its sink writes
 * @param port               the port its ingestion listens on (0 while it does not)
 * @param requestsPerSecond  requests answered per second (every status)
 * @param eventsPerSecond    events accepted per second
 * @param rejectedPerSecond  requests refused per second (every reason)
 * @param rejectedByReason   requests refused since its ingestion started, by reason
 * @param sinkLatencyMeanMs  mean time until an accepted request was durable over the last minute; null without requests
 * @param sinkLatencyP99Ms   the bucket bound under which 99 % of them were; null without requests
 * @param series             the last ten minutes, oldest first, for the chart
 * @param etlLag             age of the oldest raw batch not yet modeled; null when none waits
 * @param pendingBatches     raw batches not yet modeled
 * @param etlRunning         a pass of this pipeline runs now
 * @param runs               its last ETL passes that read something or failed, newest first
 * @param tableUpdated       per modeled table, when a partition of its apps last changed
 * @param lastEventAt        when it last accepted an event (since the studio started watching it); null: never
 * @param apps               the app ids it serves
 * @param alarms             each alarm rule with its state
 * @param alarmHistory       alarms that fired or cleared, newest first
 * @param lake               disk use of the lake the local pipelines share; null until measured
 */
public record MonitoringSnapshot(
        String pipelineId,
        Instant at,
        boolean ingestionUp,
        int port,
        double requestsPerSecond,
        double eventsPerSecond,
        double rejectedPerSecond,
        Map<String, Long> rejectedByReason,
        Double sinkLatencyMeanMs,
        Double sinkLatencyP99Ms,
        List<Point> series,
        Duration etlLag,
        int pendingBatches,
        boolean etlRunning,
        List<EtlRun> runs,
        Map<String, Instant> tableUpdated,
        Instant lastEventAt,
        List<String> apps,
        List<AlarmStatus> alarms,
        List<AlarmEvent> alarmHistory,
        LakeUse lake) {

    /** Rates at one sample. */
    public record Point(Instant at, double requestsPerSecond, double eventsPerSecond, double rejectedPerSecond) {
    }

    /**
     * One alarm rule and whether it fires.
     *
     * @param since   when it started firing (null while it does not)
     * @param message what is wrong, in words (null while it does not fire)
     */
    public record AlarmStatus(AlarmRule rule, boolean firing, Instant since, String message) {

        /** {@code FIRING} or {@code OK}, as the API and the metrics name it. */
        public String state() {
            return firing ? "FIRING" : "OK";
        }
    }

    /** An alarm fired (with its message) or cleared. */
    public record AlarmEvent(Instant at, AlarmKind kind, boolean fired, String message) {
    }

    /**
     * Bytes of the shared local lake by area.
     *
     * @param measuredAt when it was measured
     * @param rawBytes   raw batches
     * @param modeledBytes the modeled tables
     * @param quarantineBytes the quarantine
     * @param totalBytes everything, the ETL's state included
     */
    public record LakeUse(Instant measuredAt, long rawBytes, long modeledBytes, long quarantineBytes, long totalBytes) {
    }

    /** The alarms that fire now. */
    public List<AlarmStatus> firing() {
        return alarms.stream().filter(AlarmStatus::firing).toList();
    }
}
