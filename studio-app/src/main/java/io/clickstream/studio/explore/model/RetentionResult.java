package io.clickstream.studio.explore.model;

import java.time.LocalDate;
import java.util.List;

/** Cohorts by the first day of their period, oldest first; {@code retained} has {@code periods + 1} entries. */
public record RetentionResult(List<Cohort> cohorts, String sql) {

    /** One cohort; {@code retained[0]} is {@code users}, an entry is null when its period begins after the range. */
    public record Cohort(LocalDate start, long users, List<Long> retained) {
    }
}
