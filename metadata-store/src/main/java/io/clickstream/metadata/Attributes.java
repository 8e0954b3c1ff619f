package io.clickstream.metadata;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The value types an item may hold, checked and normalised once, so that every adapter stores and returns the
 * same things: text, whole numbers as {@code Long}, other numbers as {@code Double}, booleans, null, lists and
 * maps with text keys. Anything else is refused when written instead of surprising a reader later.
 */
public final class Attributes {

    private Attributes() {
    }

    /** An unmodifiable, normalised copy (insertion order kept); refuses values of other types. */
    public static Map<String, Object> normalize(Map<String, ?> attributes) {
        if (attributes == null) {
            return Map.of();
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<String, ?> entry : attributes.entrySet()) {
            if (entry.getKey() == null || entry.getKey().isEmpty()) {
                throw new IllegalArgumentException("attribute names must not be empty");
            }
            copy.put(entry.getKey(), value(entry.getKey(), entry.getValue()));
        }
        return Collections.unmodifiableMap(copy);
    }

    @SuppressWarnings("unchecked")
    private static Object value(String name, Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("attribute '" + name + "' is not a finite number: " + d);
            }
            return d;
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object element : list) {
                copy.add(value(name, element));
            }
            return Collections.unmodifiableList(copy);
        }
        if (value instanceof Map<?, ?> map) {
            for (Object key : map.keySet()) {
                if (!(key instanceof String)) {
                    throw new IllegalArgumentException("attribute '" + name + "' has a map key that is not text: " + key);
                }
            }
            return normalize((Map<String, ?>) map);
        }
        throw new IllegalArgumentException("attribute '" + name + "' has an unsupported type "
                + value.getClass().getName() + " (text, numbers, booleans, lists and maps are stored)");
    }
}
