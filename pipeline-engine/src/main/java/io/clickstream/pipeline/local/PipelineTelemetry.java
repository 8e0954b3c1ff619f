package io.clickstream.pipeline.local;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a running local pipeline measures, read at one moment: counters since its ingestion started (the studio turns
 * two readings into rates), the ETL's backlog and last runs, and when each modeled table last changed for its apps.
 *
 * @param pipelineId     the pipeline
 * @param ingestionUp    its ingestion listens and its sink writes
 * @param port           the port its ingestion listens on (0 while it does not)
 * @param apps           the app ids it serves
 * @param requests       HTTP responses given, every status
 * @param events         events in accepted requests
 * @param rejections     refused requests by reason ({@code unknown_app}, {@code malformed_body}, ...)
 * @param sinkLatency    time from handing a request to the sink until it was durable
 * @param pendingBatches raw batches published and not yet modeled by a finished ETL pass
 * @param oldestPending  when the oldest of them was published, null when there is none (the ETL lag is its age)
 * @param etlRunning     a pass of this pipeline runs now
 * @param runs           its last ETL passes, newest first
 * @param tableUpdated   per modeled table ({@code event}, {@code session}, {@code user}, {@code item},
 *                       {@code quarantine}), when a partition of one of its apps last changed; absent: never
 */
public record PipelineTelemetry(
        String pipelineId,
        boolean ingestionUp,
        int port,
        List<String> apps,
        long requests,
        long events,
        Map<String, Long> rejections,
        Latency sinkLatency,
        int pendingBatches,
        Instant oldestPending,
        boolean etlRunning,
        List<EtlRun> runs,
        Map<String, Instant> tableUpdated) {

    public PipelineTelemetry {
        apps = List.copyOf(apps);
        rejections = Map.copyOf(rejections);
        runs = List.copyOf(runs);
        tableUpdated = Map.copyOf(tableUpdated);
    }

    /**
     * A latency histogram's cumulative state (Prometheus-style buckets).
     *
     * @param bounds   upper bounds of the buckets in seconds (a last, unbounded bucket follows)
     * @param counts   observations per bucket, {@code bounds.length + 1} of them (not cumulative)
     * @param sumNanos sum of all observations
     */
    public record Latency(List<Double> bounds, List<Long> counts, long sumNanos) {
        public Latency {
            bounds = List.copyOf(bounds);
            counts = List.copyOf(counts);
        }

        public long count() {
            return counts.stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * One ETL pass of the pipeline.
     *
     * @param started     when it started
     * @param duration    how long it took
     * @param rawFiles    raw batches it read
     * @param events      events it wrote to the modeled tables
     * @param quarantined records it quarantined
     * @param error       why it failed, null when it succeeded
     */
    public record EtlRun(Instant started, Duration duration, long rawFiles, long events, long quarantined,
                         String error) {

        public boolean failed() {
            return error != null;
        }
    }
}
