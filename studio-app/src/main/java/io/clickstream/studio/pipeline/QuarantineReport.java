package io.clickstream.studio.pipeline;

import java.time.Instant;
import java.util.List;

/**
 * What the ETL quarantined for a pipeline's apps (events accepted with a {@code 200} that could not be modeled:
 * missing fields, a bad timestamp, ...), grouped by reason, most frequent first, with the latest raw texts of each.
 *
 * @param reasons the reasons with their counts and samples
 */
public record QuarantineReport(List<Reason> reasons) {

    /**
     * @param reason   why the ETL refused them, as it wrote it
     * @param records  how many records of the pipeline's apps have this reason
     * @param lastSeen ingest time of the newest of them (null when unknown, e.g. for an unreadable file)
     * @param samples  the newest ones with their raw text
     */
    public record Reason(String reason, long records, Instant lastSeen, List<Sample> samples) {
    }

    /**
     * @param appId      the app that sent it
     * @param ingestTime when ingestion accepted it, or null
     * @param raw        the event or request as received (cut to a few thousand characters)
     */
    public record Sample(String appId, Instant ingestTime, String raw) {
    }

    public long total() {
        return reasons.stream().mapToLong(Reason::records).sum();
    }
}
