package io.clickstream.studio.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One line of the audit log: who changed what, when, and the fields before and after.
 *
 * @param id         stable and unique; entries sort newest first by it
 * @param at         when the change was made
 * @param actor      the user name, {@code service:<name>} for a service token, or {@code system}
 * @param action     e.g. {@code app.update}
 * @param targetType e.g. {@code app}
 * @param targetId   e.g. {@code shop-web}
 * @param before     fields before the change
 * @param after      fields after it
 */
public record AuditEntry(String id, Instant at, String actor, String action, String targetType, String targetId,
                         Map<String, Object> before, Map<String, Object> after) {

    /**
     * "name: Shop → Web shop; enabled: true → false": the fields that differ, or for a create or delete the fields
     * that have a value.
     */
    public String summary() {
        Set<String> fields = new LinkedHashSet<>(before.keySet());
        fields.addAll(after.keySet());
        List<String> parts = new ArrayList<>();
        for (String field : fields) {
            Object old = before.get(field);
            Object now = after.get(field);
            if (before.isEmpty() || after.isEmpty()) {
                Object value = before.isEmpty() ? now : old;
                if (value != null && !value.toString().isEmpty()) {
                    parts.add(field + ": " + value);
                }
            } else if (!Objects.equals(old, now)) {
                parts.add(field + ": " + old + " → " + now);
            }
        }
        return String.join("; ", parts);
    }
}
