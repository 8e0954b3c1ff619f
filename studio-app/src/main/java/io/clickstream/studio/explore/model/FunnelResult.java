package io.clickstream.studio.explore.model;

import java.util.List;

/**
 * Users per funnel step, overall ({@code steps}) and per group of step 1's {@code groupBy} value ({@code groups},
 * empty without a group-by). {@code droppedUsers} lists users who reached the step before {@code droppedAtStep}
 * but not it (when asked), found by {@code droppedUsersSql}.
 */
public record FunnelResult(List<Step> steps, List<Group> groups, List<String> droppedUsers, String sql,
                           String droppedUsersSql) {

    /**
     * @param conversionRate         users / users of step 1 (1.0 for step 1; 0 when nobody entered)
     * @param medianSecondsToConvert median time from step 1 to this step of the users who reached it; null for step
     *                               1 and when nobody reached it
     */
    public record Step(String event, long users, double conversionRate, Double medianSecondsToConvert) {
    }

    /** The steps of users whose step-1 event had this group value (null: the property was missing). */
    public record Group(String group, List<Step> steps) {
    }
}
