package io.clickstream.pipeline.definition;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ETL schedule in EventBridge syntax, the one the AWS deployment hands to EventBridge Scheduler as it is:
 * {@code rate(N minute|minutes|hour|hours|day|days)} (singular exactly when N is 1) or
 * {@code cron(minutes hours day-of-month month day-of-week year)} in UTC, where one of day-of-month and day-of-week
 * is {@code ?}, and {@code L}, {@code W} and {@code #} work as in EventBridge. The local runtime computes the next
 * run with {@link #nextAfter(Instant)}.
 */
public sealed interface ScheduleExpression permits ScheduleExpression.Rate, ScheduleExpression.Cron {

    /** The expression as written. */
    String text();

    /**
     * The first run strictly after {@code previous}: for a rate, {@code previous} plus the interval; for a cron, the
     * first matching minute; null when a cron never matches again (its years are over).
     */
    Instant nextAfter(Instant previous);

    /**
     * Parses an expression.
     *
     * @throws IllegalArgumentException with a message saying what is wrong and how it should look
     */
    static ScheduleExpression parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the schedule is empty: use rate(5 minutes) or cron(0 * * * ? *)");
        }
        String t = text.strip();
        if (t.startsWith("rate(") && t.endsWith(")")) {
            return Rate.parse(t);
        }
        if (t.startsWith("cron(") && t.endsWith(")")) {
            return Cron.parse(t);
        }
        throw new IllegalArgumentException("'" + t + "' is not a schedule: use rate(5 minutes), rate(1 hour) or a "
                + "cron(minutes hours day-of-month month day-of-week year) expression such as cron(0/15 * * * ? *)");
    }

    /** A fixed interval between runs: {@code rate(5 minutes)}. */
    record Rate(String text, Duration interval) implements ScheduleExpression {

        private static final Pattern RATE = Pattern.compile("rate\\(\\s*(\\S+)\\s+(\\S+)\\s*\\)");

        static Rate parse(String text) {
            Matcher m = RATE.matcher(text);
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + text + "' is not a rate: write it as rate(5 minutes)");
            }
            long value;
            try {
                value = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the rate '" + m.group(1) + "' in " + text
                        + " is not a whole number: write it as rate(5 minutes)");
            }
            if (value < 1) {
                throw new IllegalArgumentException("the rate in " + text + " must be at least 1");
            }
            String unit = m.group(2).toLowerCase(Locale.ROOT);
            ChronoUnit chrono = switch (unit) {
                case "minute", "minutes" -> ChronoUnit.MINUTES;
                case "hour", "hours" -> ChronoUnit.HOURS;
                case "day", "days" -> ChronoUnit.DAYS;
                default -> throw new IllegalArgumentException("unknown unit '" + m.group(2) + "' in " + text
                        + ": use minute(s), hour(s) or day(s)");
            };
            boolean plural = unit.endsWith("s");
            if (value == 1 && plural) {
                throw new IllegalArgumentException("write " + text + " as rate(1 " + unit.substring(0, unit.length() - 1)
                        + "): a rate of 1 takes the singular unit");
            }
            if (value > 1 && !plural) {
                throw new IllegalArgumentException("write " + text + " as rate(" + value + " " + unit
                        + "s): a rate above 1 takes the plural unit");
            }
            return new Rate(text, Duration.of(value, chrono));
        }

        @Override
        public Instant nextAfter(Instant previous) {
            return previous.plus(interval);
        }
    }

    /** Runs at the minutes a six-field cron expression matches, in UTC. */
    record Cron(String text, Field minutes, Field hours, DayOfMonth dayOfMonth, Field months, DayOfWeekField dayOfWeek,
                Field years) implements ScheduleExpression {

        private static final List<String> MONTHS =
                List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
        static Cron parse(String text) {
            String body = text.substring(5, text.length() - 1).strip();
            String[] f = body.split("\\s+");
            if (f.length != 6) {
                throw new IllegalArgumentException("a cron expression has 6 fields (minutes hours day-of-month month "
                        + "day-of-week year), " + text + " has " + f.length
                        + (f.length == 5 ? ": add the year, e.g. cron(0 * * * ? *)" : ""));
            }
            boolean domAny = f[2].equals("?");
            boolean dowAny = f[4].equals("?");
            if (domAny == dowAny) {
                throw new IllegalArgumentException("in " + text + " exactly one of day-of-month and day-of-week must "
                        + "be '?', e.g. cron(0 6 * * ? *) every day at 06:00 or cron(0 6 ? * MON-FRI *) on weekdays");
            }
            return new Cron(text,
                    Field.parse(text, "minutes", f[0], 0, 59, List.of()),
                    Field.parse(text, "hours", f[1], 0, 23, List.of()),
                    domAny ? null : DayOfMonth.parse(text, f[2]),
                    Field.parse(text, "month", f[3], 1, 12, MONTHS),
                    dowAny ? null : DayOfWeekField.parse(text, f[4]),
                    Field.parse(text, "year", f[5], 1970, 2199, List.of()));
        }

        @Override
        public Instant nextAfter(Instant previous) {
            ZonedDateTime start = previous.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
            LocalDate day = start.toLocalDate();
            LocalTime from = start.toLocalTime();
            while (day.getYear() <= 2199) {
                if (!years.contains(day.getYear())) {
                    day = LocalDate.of(day.getYear() + 1, 1, 1);
                    from = LocalTime.MIDNIGHT;
                    continue;
                }
                if (!months.contains(day.getMonthValue())) {
                    day = day.with(TemporalAdjusters.firstDayOfNextMonth());
                    from = LocalTime.MIDNIGHT;
                    continue;
                }
                if (dayMatches(day)) {
                    LocalTime time = firstTimeFrom(from);
                    if (time != null) {
                        return day.atTime(time).toInstant(ZoneOffset.UTC);
                    }
                }
                day = day.plusDays(1);
                from = LocalTime.MIDNIGHT;
            }
            return null;
        }

        private boolean dayMatches(LocalDate day) {
            return dayOfMonth != null ? dayOfMonth.matches(day) : dayOfWeek.matches(day);
        }

        private LocalTime firstTimeFrom(LocalTime from) {
            for (int h = hours.next(from.getHour()); h >= 0; h = hours.next(h + 1)) {
                int m = minutes.next(h == from.getHour() ? from.getMinute() : 0);
                if (m >= 0) {
                    return LocalTime.of(h, m);
                }
            }
            return null;
        }
    }

    /** The values one cron field allows ({@code *}, lists, ranges, steps, names). */
    record Field(BitSet values, int max) {

        boolean contains(int value) {
            return values.get(value);
        }

        /** The smallest allowed value at or above {@code from}, or -1. */
        int next(int from) {
            int n = from > max ? -1 : values.nextSetBit(from);
            return n > max ? -1 : n;
        }

        static Field parse(String expr, String name, String text, int min, int max, List<String> names) {
            BitSet values = new BitSet(max + 1);
            for (String part : text.split(",", -1)) {
                addPart(expr, name, part, min, max, names, values);
            }
            return new Field(values, max);
        }

        private static void addPart(String expr, String name, String part, int min, int max, List<String> names,
                                    BitSet values) {
            String range = part;
            int step = 1;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = number(expr, name, part.substring(slash + 1), 1, max, List.of());
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                String[] ends = range.split("-", -1);
                if (ends.length != 2) {
                    throw bad(expr, name, part, min, max, names);
                }
                from = number(expr, name, ends[0], min, max, names);
                to = number(expr, name, ends[1], min, max, names);
                if (from > to) {
                    throw new IllegalArgumentException("the " + name + " range '" + range + "' in " + expr
                            + " runs backwards: write the smaller value first");
                }
            } else {
                from = number(expr, name, range, min, max, names);
                to = slash >= 0 ? max : from;
            }
            for (int v = from; v <= to; v += step) {
                values.set(v);
            }
        }

        static int number(String expr, String name, String text, int min, int max, List<String> names) {
            int index = names.indexOf(text.toUpperCase(Locale.ROOT));
            if (index >= 0) {
                return index + min;
            }
            try {
                int v = Integer.parseInt(text);
                if (v >= min && v <= max) {
                    return v;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw bad(expr, name, text, min, max, names);
        }

        private static IllegalArgumentException bad(String expr, String name, String text, int min, int max,
                                                    List<String> names) {
            return new IllegalArgumentException("'" + text + "' is not a valid " + name + " in " + expr + ": use "
                    + min + "-" + max + (names.isEmpty() ? "" : " or " + names.get(0) + "-" + names.get(names.size() - 1))
                    + ", lists (a,b), ranges (a-b), steps (a/n) or *");
        }
    }

    /** Day-of-month: a field, {@code L} (the last day), {@code nW} (the weekday nearest the nth) or {@code LW}. */
    record DayOfMonth(Field days, boolean last, boolean lastWeekday, int nearestWeekdayTo) {

        static DayOfMonth parse(String expr, String text) {
            String t = text.toUpperCase(Locale.ROOT);
            if (t.equals("L")) {
                return new DayOfMonth(null, true, false, 0);
            }
            if (t.equals("LW")) {
                return new DayOfMonth(null, false, true, 0);
            }
            if (t.endsWith("W")) {
                int n = Field.number(expr, "day-of-month", t.substring(0, t.length() - 1), 1, 31, List.of());
                return new DayOfMonth(null, false, false, n);
            }
            return new DayOfMonth(Field.parse(expr, "day-of-month", t, 1, 31, List.of()), false, false, 0);
        }

        boolean matches(LocalDate day) {
            if (days != null) {
                return days.contains(day.getDayOfMonth());
            }
            LocalDate lastDay = day.with(TemporalAdjusters.lastDayOfMonth());
            if (last) {
                return day.equals(lastDay);
            }
            LocalDate target = lastWeekday ? lastDay
                    : day.withDayOfMonth(Math.min(nearestWeekdayTo, lastDay.getDayOfMonth()));
            return day.equals(nearestWeekdayInMonth(target));
        }

        private static LocalDate nearestWeekdayInMonth(LocalDate target) {
            return switch (target.getDayOfWeek()) {
                case SATURDAY -> target.getDayOfMonth() == 1 ? target.plusDays(2) : target.minusDays(1);
                case SUNDAY -> target.plusDays(1).getMonth() != target.getMonth() ? target.minusDays(2)
                        : target.plusDays(1);
                default -> target;
            };
        }
    }

    /** Day-of-week (1 = SUN ... 7 = SAT): a field, {@code nL} (the month's last such day) or {@code n#k} (its kth). */
    record DayOfWeekField(Field days, int lastOf, int nthDay, int nth) {

        private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

        static DayOfWeekField parse(String expr, String text) {
            String t = text.toUpperCase(Locale.ROOT);
            if (t.equals("L")) {
                return new DayOfWeekField(Field.parse(expr, "day-of-week", "7", 1, 7, DAYS), 0, 0, 0);
            }
            if (t.endsWith("L")) {
                return new DayOfWeekField(null, Field.number(expr, "day-of-week", t.substring(0, t.length() - 1),
                        1, 7, DAYS), 0, 0);
            }
            int hash = t.indexOf('#');
            if (hash >= 0) {
                int day = Field.number(expr, "day-of-week", t.substring(0, hash), 1, 7, DAYS);
                int nth = Field.number(expr, "day-of-week occurrence", t.substring(hash + 1), 1, 5, List.of());
                return new DayOfWeekField(null, 0, day, nth);
            }
            return new DayOfWeekField(Field.parse(expr, "day-of-week", t, 1, 7, DAYS), 0, 0, 0);
        }

        boolean matches(LocalDate day) {
            int number = day.getDayOfWeek().getValue() % 7 + 1; // SUN = 1 ... SAT = 7
            if (days != null) {
                return days.contains(number);
            }
            if (lastOf > 0) {
                return number == lastOf && day.plusWeeks(1).getMonth() != day.getMonth();
            }
            return number == nthDay && (day.getDayOfMonth() - 1) / 7 + 1 == nth;
        }
    }
}
