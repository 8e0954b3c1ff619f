package io.clickstream.studio.explore.model;

import java.util.List;

/**
 * An ordered funnel of 2-10 steps. A user enters with their first step-1 event in the range; each next step is
 * the earliest matching event at or after the previous step's (same millisecond included, never the same event),
 * no later than {@code window} after step 1 (or in step 1's session). With {@code strictOrder} the user may do
 * nothing else in between: no event of theirs lies strictly between two steps' times. {@code droppedAtStep} (2-10)
 * asks for up to {@code droppedLimit} users who reached the step before it but not it.
 */
public record FunnelQuery(TimeRange timeRange, List<EventSpec> steps, Window window, Boolean strictOrder,
                          String groupBy, List<Condition> conditions, Join join, Integer droppedAtStep,
                          Integer droppedLimit) {

    public FunnelQuery {
        steps = steps == null ? List.of() : steps;
        conditions = conditions == null ? List.of() : conditions;
    }

    public boolean strict() {
        return Boolean.TRUE.equals(strictOrder);
    }
}
