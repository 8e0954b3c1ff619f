package io.clickstream.studio.dashboard.builtin.ui;

import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How the built-in dashboards write numbers, shares, durations and days. */
final class Formats {

    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH);
    private static final Pattern URL = Pattern.compile("(?i)https?://[^/?#]+(.*)");

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

    /**
     * A page as a chart's axis names it: a URL without its scheme and host ({@code /products/shoes}), since the
     * pages of one app share them and a truncated label would show only that common start; anything else as is.
     */
    static String page(String value) {
        Matcher url = value == null ? null : URL.matcher(value);
        return url == null || !url.matches() ? value : url.group(1).isEmpty() ? "/" : url.group(1);
    }

    static List<String> days(List<LocalDate> days) {
        return days.stream().map(DAY::format).toList();
    }

    /** The index of today among the days when the range ends today (drawn as partial), else -1. */
    static int partialIndex(List<LocalDate> days, LocalDate today, boolean partialToday) {
        return partialToday ? days.indexOf(today) : -1;
    }
}
