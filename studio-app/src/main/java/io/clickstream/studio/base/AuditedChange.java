package io.clickstream.studio.base;

import java.util.Map;

/**
 * A change someone made through a view or the API, published by the service that made it (Spring's
 * {@code ApplicationEventPublisher}) after the store accepted it; the audit log records it with who and when. The
 * summaries name the fields a person cares about and never hold secrets (password hashes, token values).
 *
 * @param action     what was done, as {@code <thing>.<verb>}: {@code app.create}, {@code user.disable}
 * @param targetType what kind of thing: {@code project}, {@code app}, {@code user}, {@code apiToken}
 * @param targetId   which one
 * @param before     its fields before the change (empty for a create)
 * @param after      its fields after (empty for a delete)
 */
public record AuditedChange(String action, String targetType, String targetId, Map<String, ?> before,
                            Map<String, ?> after) {

    public AuditedChange {
        before = before == null ? Map.of() : before;
        after = after == null ? Map.of() : after;
    }
}
