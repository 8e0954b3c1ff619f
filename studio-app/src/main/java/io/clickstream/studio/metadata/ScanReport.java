package io.clickstream.studio.metadata;

import java.time.Instant;

/**
 * What one scan of an app did.
 *
 * @param outcome        whether it scanned, found nothing new, or did not run
 * @param scan           the app's scan number after it (grows by one with each scan that changed something)
 * @param finishedAt     when it ended
 * @param millis         how long it took
 * @param partitionsRead lake partitions (event or user table, one event date) it read because they changed
 * @param filesRead      Parquet files it read: only the new ones of a partition that only gained files
 * @param itemsWritten   metadata items it created or updated
 */
public record ScanReport(String appId, Outcome outcome, long scan, Instant finishedAt, long millis,
                         int partitionsRead, int filesRead, int itemsWritten) {

    /** How a scan ended. */
    public enum Outcome {
        /** Read new data and updated the metadata. */
        SCANNED,
        /** Nothing changed in the lake since the last scan. */
        UNCHANGED,
        /** Another scan of the same app (in this or another studio) was running. */
        BUSY,
        /** Stopped on request before it finished; the next scan does its work. */
        CANCELLED
    }
}
