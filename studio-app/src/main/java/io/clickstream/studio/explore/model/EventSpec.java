package io.clickstream.studio.explore.model;

import java.util.List;

/**
 * An event name with optional conditions on its properties: a funnel step, a retention start or return event, an
 * attribution goal or touch point, a series of an event trend. {@code join} says how the conditions combine
 * ({@code and} when left out).
 */
public record EventSpec(String event, List<Condition> conditions, Join join) {

    public EventSpec {
        conditions = conditions == null ? List.of() : conditions;
    }

    public static EventSpec of(String event, Condition... conditions) {
        return new EventSpec(event, List.of(conditions), Join.AND);
    }

    public Join joinOrAnd() {
        return join == null ? Join.AND : join;
    }
}
