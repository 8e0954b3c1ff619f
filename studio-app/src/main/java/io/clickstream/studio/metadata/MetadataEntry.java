package io.clickstream.studio.metadata;

import java.time.Instant;

/**
 * What every kind of metadata has: its name in the data, the name, description and category people see (an
 * analyst's own, else the SDK preset's, else the name itself), when it was first and last seen, and the version an
 * edit must name.
 */
public sealed interface MetadataEntry permits EventMetadata, ParameterMetadata, UserAttributeMetadata {

    String name();

    String displayName();

    String description();

    String category();

    /** Whether the Clickstream SDKs define it (its name starts with {@code _}). */
    boolean preset();

    Instant firstSeen();

    Instant lastSeen();

    /** Changes with each edit of the display name, description or category (not with scans). */
    long version();
}
