package io.clickstream.studio.metadata;

import java.time.Instant;
import java.util.List;

/**
 * A user attribute of an app, from the latest properties of the modeled users.
 *
 * @param users     how many users have it
 * @param firstSeen the earliest first touch of those users
 * @param lastSeen  the latest activity of those users
 */
public record UserAttributeMetadata(String name, String displayName, String description, String category,
                                    boolean preset, ValueType type, List<String> samples, long users,
                                    Instant firstSeen, Instant lastSeen, long version) implements MetadataEntry {

    public UserAttributeMetadata {
        samples = List.copyOf(samples);
    }
}
