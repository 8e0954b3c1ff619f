package io.clickstream.studio.explore.model;

import java.util.List;

/**
 * Cohort retention. A user's cohort is the {@code period} of their first {@code startEvent} in the range;
 * {@code retained[n]} counts the cohort's users with a {@code returnEvent} in the n-th period after it (n = 1 ..
 * {@code periods}, at most 12; {@code retained[0]} is the cohort itself). With {@code sameProperty} a return
 * counts only when that property has the value it had on the user's first start event (the same item, say).
 * Return events are counted within the range; periods that begin after it are {@code null}.
 */
public record RetentionQuery(TimeRange timeRange, EventSpec startEvent, EventSpec returnEvent, Granularity period,
                             Integer periods, String sameProperty, List<Condition> conditions, Join join) {

    public RetentionQuery {
        conditions = conditions == null ? List.of() : conditions;
        period = period == null ? Granularity.DAY : period;
    }

    public int periodsOrDefault() {
        return periods == null ? 7 : periods;
    }
}
