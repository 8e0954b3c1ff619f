package io.clickstream.studio.base;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dates a dashboard, an exploration or an embed link shows, as the header's date-range control offers them and
 * the URL keeps them ({@code ?range=30d}, {@code ?range=14d}, {@code ?range=12w}, {@code ?range=this-month},
 * {@code ?range=2026-11-01..2026-11-30}): a named preset, any relative range ("the last n days, weeks or months",
 * ending today), both resolved in the app's time zone each time they are used (so a bookmark of "last 14 days" stays
 * the last 14 days), or fixed custom dates, both inclusive.
 *
 * <p>The relative presets (today, 7d, 30d, 90d, 6m, 12m) are relative ranges with a name: a relative range equal to
 * one of them is that preset ({@code 7d} and "Last 7 days" are one choice), any other is {@link Preset#RELATIVE}.
 * Relative ranges count as the exploration engine does ({@code {"last":n,"unit":"DAY|WEEK|MONTH"}}) and stay within
 * its {@link #MAX_DAYS} days.
 *
 * @param preset which choice
 * @param from   first day of a custom range, null otherwise
 * @param to     last day of a custom range, null otherwise
 * @param last   how many units a relative range (a relative preset or {@link Preset#RELATIVE}) covers, else null
 * @param unit   the unit of a relative range, else null
 */
public record DateRangeChoice(Preset preset, LocalDate from, LocalDate to, Integer last, Unit unit) {

    /** The longest range the studio queries, as the exploration engine allows. */
    public static final int MAX_DAYS = 400;

    /** The unit of a relative range, with its URL letter and the most of it that fits in {@link #MAX_DAYS}. */
    public enum Unit {
        DAY("d", "day", MAX_DAYS),
        WEEK("w", "week", MAX_DAYS / 7),
        // 13 months are at most 397 days (a year and a 31-day month); 14 can be 427.
        MONTH("m", "month", 13);

        private final String letter;
        private final String word;
        private final int max;

        Unit(String letter, String word, int max) {
            this.letter = letter;
            this.word = word;
            this.max = max;
        }

        /** The most units a relative range may cover. */
        public int max() {
            return max;
        }

        /** The unit in words, for {@code count} of them: {@code day}, {@code days}. */
        public String words(int count) {
            return count == 1 ? word : word + "s";
        }
    }

    /** The choices of the date-range control, with their URL tokens. */
    public enum Preset {
        TODAY("today", "Today", 1, Unit.DAY),
        YESTERDAY("yesterday", "Yesterday", null, null),
        LAST_7_DAYS("7d", "Last 7 days", 7, Unit.DAY),
        LAST_30_DAYS("30d", "Last 30 days", 30, Unit.DAY),
        LAST_90_DAYS("90d", "Last 90 days", 90, Unit.DAY),
        THIS_MONTH("this-month", "This month", null, null),
        LAST_MONTH("last-month", "Last month", null, null),
        LAST_6_MONTHS("6m", "Last 6 months", 6, Unit.MONTH),
        LAST_12_MONTHS("12m", "Last 12 months", 12, Unit.MONTH),
        /** Any other "last n days, weeks or months"; its token is {@code <n><d|w|m>}. */
        RELATIVE("relative", "Last n days, weeks or months", null, null),
        CUSTOM("custom", "Custom dates", null, null);

        private final String token;
        private final String label;
        private final Integer last;
        private final Unit unit;

        Preset(String token, String label, Integer last, Unit unit) {
            this.token = token;
            this.label = label;
            this.last = last;
            this.unit = unit;
        }

        public String token() {
            return token;
        }

        public String label() {
            return label;
        }
    }

    public static final DateRangeChoice LAST_30_DAYS = of(Preset.LAST_30_DAYS);

    private static final Pattern RELATIVE_TOKEN = Pattern.compile("(\\d{1,6})([dwm])");
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
        if (preset == Preset.RELATIVE) {
            checkRelative(last, unit);
            for (Preset named : Preset.values()) {
                if (last.equals(named.last) && unit == named.unit) {
                    // One range, one choice: "7d" is the preset "Last 7 days" whichever way it was made.
                    preset = named;
                }
            }
        } else if (preset.last != null) {
            if ((last != null && !last.equals(preset.last)) || (unit != null && unit != preset.unit)) {
                throw new IllegalArgumentException(preset.label + " is " + preset.token + ", not " + last + unit);
            }
            last = preset.last;
            unit = preset.unit;
        } else if (last != null || unit != null) {
            throw new IllegalArgumentException(preset.label + " is not a relative range");
        }
    }

    public static DateRangeChoice of(Preset preset) {
        return new DateRangeChoice(preset, null, null, null, null);
    }

    public static DateRangeChoice custom(LocalDate from, LocalDate to) {
        return new DateRangeChoice(Preset.CUSTOM, from, to, null, null);
    }

    /**
     * The last {@code last} days, weeks or months ending today (a named preset when one is that range).
     *
     * @throws IllegalArgumentException in plain words when {@code last} is below 1 or beyond {@link Unit#max()}
     */
    public static DateRangeChoice relative(int last, Unit unit) {
        return new DateRangeChoice(Preset.RELATIVE, null, null, last, unit);
    }

    /** Reads a URL token; empty for null, unknown or invalid text (the caller falls back to its default). */
    public static Optional<DateRangeChoice> parse(String token) {
        try {
            return token == null || token.isBlank() ? Optional.empty() : Optional.of(read(token));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Reads a URL token: a preset's ({@code today}, {@code this-month}, ...), a relative range ({@code 14d},
     * {@code 12w}, {@code 3m}) or custom dates ({@code 2026-11-01..2026-11-30}).
     *
     * @throws IllegalArgumentException saying in plain words what is wrong with it (unreadable, too long, empty)
     */
    public static DateRangeChoice read(String token) {
        String text = token == null ? "" : token.strip().toLowerCase(Locale.ROOT);
        for (Preset preset : Preset.values()) {
            if (preset != Preset.CUSTOM && preset != Preset.RELATIVE && preset.token.equals(text)) {
                return of(preset);
            }
        }
        Matcher relative = RELATIVE_TOKEN.matcher(text);
        if (relative.matches()) {
            Unit unit = switch (relative.group(2)) {
                case "w" -> Unit.WEEK;
                case "m" -> Unit.MONTH;
                default -> Unit.DAY;
            };
            return relative(Integer.parseInt(relative.group(1)), unit);
        }
        int dots = text.indexOf("..");
        if (dots >= 0) {
            LocalDate first;
            LocalDate lastDay;
            try {
                first = LocalDate.parse(text.substring(0, dots));
                lastDay = LocalDate.parse(text.substring(dots + 2));
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("write the days as 2026-11-01..2026-11-30");
            }
            return custom(first, lastDay);
        }
        throw new IllegalArgumentException("use 30d, 14d, 12w, 6m, this-month or 2026-11-01..2026-11-30");
    }

    /** The URL token: the preset's, {@code <n><d|w|m>} for another relative range, or {@code <from>..<to>}. */
    public String token() {
        return switch (preset) {
            case CUSTOM -> from + ".." + to;
            case RELATIVE -> last + unit.letter;
            default -> preset.token;
        };
    }

    /** Whether this choice is "the last n days, weeks or months" (a relative preset or another relative range). */
    public boolean isRelative() {
        return last != null;
    }

    /** The first day, for an app whose today is {@code today}. */
    public LocalDate start(LocalDate today) {
        if (isRelative()) {
            // As the exploration engine counts "the last n": n days ending today; n weeks or months back from the
            // day after today's date n weeks or months ago.
            return switch (unit) {
                case DAY -> today.minusDays(last - 1L);
                case WEEK -> today.minusWeeks(last).plusDays(1);
                case MONTH -> today.minusMonths(last).plusDays(1);
            };
        }
        return switch (preset) {
            case YESTERDAY -> today.minusDays(1);
            case THIS_MONTH -> today.withDayOfMonth(1);
            case LAST_MONTH -> today.minusMonths(1).withDayOfMonth(1);
            default -> from;
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

    /** The preset's name, {@code Last 14 days} for another relative range, or the custom dates in words. */
    public String label() {
        return switch (preset) {
            case CUSTOM -> days(from, to);
            case RELATIVE -> "Last " + last + " " + unit.words(last);
            default -> preset.label;
        };
    }

    /** The dates in words, e.g. {@code Oct 22 – Nov 20, 2026}, or {@code Nov 20, 2026} for one day. */
    public static String days(LocalDate from, LocalDate to) {
        if (from.equals(to)) {
            return to.format(DAY_YEAR);
        }
        return (from.getYear() == to.getYear() ? from.format(DAY) : from.format(DAY_YEAR)) + " – " + to.format(DAY_YEAR);
    }

    private static void checkRelative(Integer last, Unit unit) {
        if (unit == null) {
            throw new IllegalArgumentException("a relative range needs a unit: days, weeks or months");
        }
        if (last == null || last < 1) {
            throw new IllegalArgumentException("a relative range covers at least 1 " + unit.words(1));
        }
        if (last > unit.max) {
            throw new IllegalArgumentException("at most " + unit.max + " " + unit.words(unit.max)
                    + (unit == Unit.DAY ? "" : " (" + MAX_DAYS + " days)"));
        }
    }
}
