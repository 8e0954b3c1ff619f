package io.clickstream.studio.explore.model;

import java.time.LocalDate;

/**
 * The dates an exploration covers, in the app's time zone: fixed ({@code {"from":"2026-11-01","to":"2026-11-30"}},
 * both inclusive) or relative to today ({@code {"last":30,"unit":"DAY"}}: the 30 days that end today).
 */
public record TimeRange(LocalDate from, LocalDate to, Integer last, Unit unit) {

    /** Unit of a relative range. */
    public enum Unit {
        DAY, WEEK, MONTH;

        @com.fasterxml.jackson.annotation.JsonCreator
        public static Unit of(String text) {
            return Lenient.parse(Unit.class, text);
        }
    }

    public static TimeRange between(LocalDate from, LocalDate to) {
        return new TimeRange(from, to, null, null);
    }

    public static TimeRange lastDays(int days) {
        return new TimeRange(null, null, days, Unit.DAY);
    }

    /** The inclusive dates this range means on {@code today} (in the app's zone); call only once validated. */
    public DateSpan resolve(LocalDate today) {
        if (from != null) {
            return new DateSpan(from, to);
        }
        LocalDate start = switch (unit) {
            case DAY -> today.minusDays(last - 1L);
            case WEEK -> today.minusWeeks(last).plusDays(1);
            case MONTH -> today.minusMonths(last).plusDays(1);
        };
        return new DateSpan(start, today);
    }
}
