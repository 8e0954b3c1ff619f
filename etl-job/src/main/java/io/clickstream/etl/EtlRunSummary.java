package io.clickstream.etl;

import java.time.Duration;

/**
 * What one ETL pass did, for logs, the pipeline engine's status page and benchmarks.
 *
 * @param runId               id of the pass (also the name of its commit record under {@code _state/})
 * @param rawFilesRead        finished raw batches processed by this pass
 * @param corruptFiles        raw batches quarantined whole (unreadable gzip)
 * @param eventsWritten       events of this pass that landed in the event table (after de-duplication)
 * @param duplicatesDropped   events of this pass whose event_id was already seen (in this pass or before)
 * @param eventsFiltered      events removed by enrichers (bots)
 * @param eventsQuarantined   quarantined records of this pass (bad envelopes, bad events, corrupt files)
 * @param partitionsRewritten {@code (table, app_id, event_date)} partitions replaced
 * @param duration            wall time of the pass
 * @param abandoned           the pass was asked to stop before its commit point: nothing of it is visible, and its
 *                            raw files are taken by the next pass
 */
public record EtlRunSummary(
        String runId,
        long rawFilesRead,
        long corruptFiles,
        long eventsWritten,
        long duplicatesDropped,
        long eventsFiltered,
        long eventsQuarantined,
        long partitionsRewritten,
        Duration duration,
        boolean abandoned) {

    static EtlRunSummary nothingToDo(String runId, Duration duration) {
        return new EtlRunSummary(runId, 0, 0, 0, 0, 0, 0, 0, duration, false);
    }

    static EtlRunSummary abandoned(String runId, Duration duration) {
        return new EtlRunSummary(runId, 0, 0, 0, 0, 0, 0, 0, duration, true);
    }

    /** Events per second over the whole pass (events parsed, written or not). */
    public double eventsPerSecond() {
        double seconds = Math.max(duration.toNanos(), 1) / 1e9;
        return (eventsWritten + duplicatesDropped + eventsFiltered + eventsQuarantined) / seconds;
    }
}
