package io.clickstream.metadata;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One stored item: its key, its attributes and its version. The version is 1 when the item is created and grows
 * by one with every update; an update or delete must name the version it read (optimistic locking).
 *
 * <p>Attribute values are JSON-like: {@code String}, {@code Long}, {@code Double}, {@code Boolean}, {@code null},
 * {@code List} and {@code Map<String, ?>} of these. Every adapter gives back exactly what was stored, in these
 * types (other integer types come back as {@code Long}, {@code Float} as {@code Double}).
 */
public record Item(ItemKey key, Map<String, Object> attributes, long version) {

    public Item {
        attributes = Attributes.normalize(attributes);
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1: " + version);
        }
    }

    public Optional<String> string(String name) {
        return Optional.ofNullable(attributes.get(name)).map(Object::toString);
    }

    public Optional<Long> number(String name) {
        return Optional.ofNullable(attributes.get(name)).map(v -> ((Number) v).longValue());
    }

    public boolean flag(String name) {
        return Boolean.TRUE.equals(attributes.get(name));
    }

    @SuppressWarnings("unchecked")
    public List<Object> list(String name) {
        Object value = attributes.get(name);
        return value == null ? List.of() : (List<Object>) value;
    }
}
