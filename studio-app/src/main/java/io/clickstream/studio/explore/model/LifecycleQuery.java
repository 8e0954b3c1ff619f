package io.clickstream.studio.explore.model;

import java.util.List;

/**
 * User lifecycle per week (Monday to Sunday) for the weeks the range touches, and stickiness per day of the
 * range. A user is active in a week with at least one event (matching {@code conditions}); in each week they are
 * new (first activity ever), retained (active the week before too), resurrected (active before, not the week
 * before) or dormant (active the week before, not this week). Stickiness: DAU, WAU (7 days ending that day), MAU
 * (30 days ending that day) and their ratios.
 */
public record LifecycleQuery(TimeRange timeRange, List<Condition> conditions, Join join) {

    public LifecycleQuery {
        conditions = conditions == null ? List.of() : conditions;
    }
}
