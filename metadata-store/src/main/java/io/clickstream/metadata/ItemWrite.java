package io.clickstream.metadata;

import java.util.Map;

/**
 * One write of {@link MetadataStore#writeAll}: a create when {@code expectedVersion} is 0, otherwise an update of the
 * item at that version.
 */
public record ItemWrite(ItemKey key, long expectedVersion, Map<String, Object> attributes) {

    public ItemWrite {
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expected version must be 0 (create) or at least 1: " + expectedVersion);
        }
        attributes = Attributes.normalize(attributes);
    }

    public static ItemWrite create(ItemKey key, Map<String, ?> attributes) {
        return new ItemWrite(key, 0, Attributes.normalize(attributes));
    }

    public static ItemWrite update(ItemKey key, long expectedVersion, Map<String, ?> attributes) {
        if (expectedVersion < 1) {
            throw new IllegalArgumentException("an update names the version it read (at least 1): " + expectedVersion);
        }
        return new ItemWrite(key, expectedVersion, Attributes.normalize(attributes));
    }
}
