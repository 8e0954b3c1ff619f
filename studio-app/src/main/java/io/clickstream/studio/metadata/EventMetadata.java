package io.clickstream.studio.metadata;

import java.time.Instant;

/**
 * An event name of an app, as the scan found it in the modeled events.
 *
 * @param events how many events of this name the lake holds
 * @param users  how many distinct users sent it (exact up to 512 users, an estimate within about 2 % beyond)
 */
public record EventMetadata(String name, String displayName, String description, String category, boolean preset,
                            long events, long users, Instant firstSeen, Instant lastSeen, long version)
        implements MetadataEntry {
}
