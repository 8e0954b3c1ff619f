package io.clickstream.studio.base;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/**
 * The dates a dashboard or an exploration shows, as the header's date-range control offers them and the URL keeps
 * them ({@code ?range=30d}, {@code ?range=2026-11-01..2026-11-30}): a preset relative to today, resolved in the app's
 * time zone each time it is used (so a bookmark of "last 7 days" stays the last 7 days), or fixed custom dates, both
 * inclusive.
 *
 * @param preset which choice
 * @param from   first day of a custom range, null for presets
 * @param to     last day of a custom range, null for presets
 */
public record DateRangeChoice(Preset preset, LocalDate from, LocalDate to) {

    /** The longest range the studio queries, as the exploration engine allows. */
    public static final int MAX_DAYS = 400;

    /** The choices of the date-range control, with their URL tokens. */
    public enum Preset {
        TODAY("today", "Today"),
        YESTERDAY("yesterday", "Yesterday"),
        LAST_7_DAYS("7d", "Last 7 days"),
        LAST_30_DAYS("30d", "Last 30 days"),
        LAST_90_DAYS("90d", "Last 90 days"),
        THIS_MONTH("this-month", "This month"),
        LAST_MONTH("last-month", "Last month"),
        LAST_6_MONTHS("6m", "Last 6 months"),
        LAST_12_MONTHS("12m", "Last 12 months"),
        CUSTOM("custom", "Custom dates");

        private final String token;
        private final String label;

        Preset(String token, String label) {
            this.token = token;
            this.label = label;
        }

        public String token() {
            return token;
        }

        public String label() {
            return label;
        }
    }

    public static final DateRangeChoice LAST_30_DAYS = of(Preset.LAST_30_DAYS);

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH);
    private static final DateTimeFormatter DAY_YEAR = DateTimeFormatter.ofPattern("MMM d, yyyy", Locale.ENGLISH);

    public DateRangeChoice {
        if (preset == null) {
            throw new IllegalArgumentException("a preset is required");
        }
        if (preset == Preset.CUSTOM) {
            if (from == null || to == null) {
                throw new IllegalArgumentException("custom dates need a first and a last day");
            }
            if (to.isBefore(from)) {
                throw new IllegalArgumentException("the last day is before the first");
            }
            if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
                throw new IllegalArgumentException("at most " + MAX_DAYS + " days");
            }
        } else if (from != null || to != null) {
            throw new IllegalArgumentException("only custom dates carry days");
        }
    }

    public static DateRangeChoice of(Preset preset) {
        return new DateRangeChoice(preset, null, null);
    }

    public static DateRangeChoice custom(LocalDate from, LocalDate to) {
        return new DateRangeChoice(Preset.CUSTOM, from, to);
    }

    /** Reads a URL token; empty for null, unknown or invalid text (the caller falls back to its default). */
    public static Optional<DateRangeChoice> parse(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        String text = token.strip();
        for (Preset preset : Preset.values()) {
            if (preset != Preset.CUSTOM && preset.token.equalsIgnoreCase(text)) {
                return Optional.of(of(preset));
            }
        }
        int dots = text.indexOf("..");
        if (dots < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(custom(LocalDate.parse(text.substring(0, dots)), LocalDate.parse(text.substring(dots + 2))));
        } catch (DateTimeException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The URL token: the preset's, or {@code <from>..<to>} in ISO dates. */
    public String token() {
        return preset == Preset.CUSTOM ? from + ".." + to : preset.token;
    }

    /** The first day, for an app whose today is {@code today}. */
    public LocalDate start(LocalDate today) {
        return switch (preset) {
            case TODAY -> today;
            case YESTERDAY -> today.minusDays(1);
            case LAST_7_DAYS -> today.minusDays(6);
            case LAST_30_DAYS -> today.minusDays(29);
            case LAST_90_DAYS -> today.minusDays(89);
            case THIS_MONTH -> today.withDayOfMonth(1);
            case LAST_MONTH -> today.minusMonths(1).withDayOfMonth(1);
            // As the exploration engine counts "the last n months": from the day after today's date n months ago.
            case LAST_6_MONTHS -> today.minusMonths(6).plusDays(1);
            case LAST_12_MONTHS -> today.minusMonths(12).plusDays(1);
            case CUSTOM -> from;
        };
    }

    /** The last day (inclusive), for an app whose today is {@code today}. */
    public LocalDate end(LocalDate today) {
        return switch (preset) {
            case YESTERDAY -> today.minusDays(1);
            case LAST_MONTH -> today.withDayOfMonth(1).minusDays(1);
            case CUSTOM -> to;
            default -> today;
        };
    }

    /** Whether the range's last day is today, which is still going on: its numbers are partial. */
    public boolean endsToday(LocalDate today) {
        return end(today).equals(today);
    }

    /** The preset's name, or the custom dates in words. */
    public String label() {
        return preset == Preset.CUSTOM ? days(from, to) : preset.label;
    }

    /** The dates in words, e.g. {@code Oct 22 – Nov 20, 2026}, or {@code Nov 20, 2026} for one day. */
    public static String days(LocalDate from, LocalDate to) {
        if (from.equals(to)) {
            return to.format(DAY_YEAR);
        }
        return (from.getYear() == to.getYear() ? from.format(DAY) : from.format(DAY_YEAR)) + " – " + to.format(DAY_YEAR);
    }
}
