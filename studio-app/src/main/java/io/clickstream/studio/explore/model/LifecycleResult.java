package io.clickstream.studio.explore.model;

import java.time.LocalDate;
import java.util.List;

/** Lifecycle per week (by its Monday) and stickiness per day of the range. */
public record LifecycleResult(List<Week> weeks, List<Day> stickiness, String sql) {

    /** Users of a week by state; {@code active} = new + retained + resurrected. */
    public record Week(LocalDate week, long newUsers, long retained, long resurrected, long dormant, long active) {
    }

    /** Active users on a day, in the 7 and 30 days ending that day, and the ratios (null without such users). */
    public record Day(LocalDate date, long dau, long wau, long mau, Double dauOverWau, Double dauOverMau) {
    }
}
