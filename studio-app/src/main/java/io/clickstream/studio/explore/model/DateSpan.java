package io.clickstream.studio.explore.model;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/** An inclusive range of dates in an app's time zone (the lake's {@code event_date}). */
public record DateSpan(LocalDate from, LocalDate to) {

    public DateSpan {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("range ends before it starts: " + from + ".." + to);
        }
    }

    /** The {@code days} days that end with {@code today}, today included. */
    public static DateSpan lastDays(int days, LocalDate today) {
        if (days < 1) {
            throw new IllegalArgumentException("days must be at least 1: " + days);
        }
        return new DateSpan(today.minusDays(days - 1L), today);
    }

    public List<LocalDate> days() {
        return from.datesUntil(to.plusDays(1)).toList();
    }

    public boolean contains(LocalDate day) {
        return !day.isBefore(from) && !day.isAfter(to);
    }
}
