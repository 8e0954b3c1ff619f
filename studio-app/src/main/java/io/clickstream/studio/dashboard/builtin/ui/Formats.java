package io.clickstream.studio.dashboard.builtin.ui;

import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** How the built-in dashboards write numbers, shares, durations and days. */
final class Formats {

    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH);

    private Formats() {
    }

    static String count(long value) {
        return NumberFormat.getIntegerInstance(Locale.ENGLISH).format(value);
    }

    static String decimal(double value) {
        return String.format(Locale.ENGLISH, "%.2f", value);
    }

    static String percent(double share) {
        return String.format(Locale.ENGLISH, "%.1f%%", share * 100);
    }

    /** Seconds as {@code 1m 05s}, or {@code 42s} under a minute. */
    static String duration(double seconds) {
        long whole = Math.round(seconds);
        return whole < 60 ? whole + "s" : String.format(Locale.ENGLISH, "%dm %02ds", whole / 60, whole % 60);
    }

    static List<String> days(List<LocalDate> days) {
        return days.stream().map(DAY::format).toList();
    }

    /** The index of today among the days when the range ends today (drawn as partial), else -1. */
    static int partialIndex(List<LocalDate> days, LocalDate today, boolean partialToday) {
        return partialToday ? days.indexOf(today) : -1;
    }
}
