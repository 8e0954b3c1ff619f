package io.clickstream.pipeline.local;

import java.time.Instant;

/**
 * What the scheduled ETL last did: when it finished, what it processed, and the error if it failed.
 *
 * @param running      a run is in progress
 * @param lastFinished end of the last run, or null before the first
 * @param lastEvents   events written by the last successful run
 * @param lastQuarantined events quarantined by the last successful run
 * @param lastError    message of the last failed run, null after a success
 */
public record EtlStatus(boolean running, Instant lastFinished, long lastEvents, long lastQuarantined,
                        String lastError) {
}
