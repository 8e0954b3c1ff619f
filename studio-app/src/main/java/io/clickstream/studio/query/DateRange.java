package io.clickstream.studio.query;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/** An inclusive range of event dates. */
public record DateRange(LocalDate from, LocalDate to) {

    public DateRange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("range ends before it starts: " + from + ".." + to);
        }
    }

    /** The {@code days} days that end with {@code today}, today included. */
    public static DateRange lastDays(int days, LocalDate today) {
        if (days < 1) {
            throw new IllegalArgumentException("days must be at least 1: " + days);
        }
        return new DateRange(today.minusDays(days - 1L), today);
    }

    public List<LocalDate> days() {
        return from.datesUntil(to.plusDays(1)).toList();
    }
}
