package io.clickstream.pipeline.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class ScheduleExpressionTest {

    private static final Instant T0 = Instant.parse("2026-01-30T10:07:30Z"); // a Friday

    @Test
    void rate_runs_its_interval_after_the_previous_run() {
        ScheduleExpression rate = ScheduleExpression.parse("rate(5 minutes)");

        assertThat(((ScheduleExpression.Rate) rate).interval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(rate.nextAfter(T0)).isEqualTo(T0.plusSeconds(300));
        assertThat(((ScheduleExpression.Rate) ScheduleExpression.parse("rate(1 day)")).interval())
                .isEqualTo(Duration.ofDays(1));
    }

    @Test
    void rate_takes_the_singular_unit_for_one_and_the_plural_otherwise_as_eventbridge_does() {
        assertThatThrownBy(() -> ScheduleExpression.parse("rate(1 minutes)"))
                .hasMessage("write rate(1 minutes) as rate(1 minute): a rate of 1 takes the singular unit");
        assertThatThrownBy(() -> ScheduleExpression.parse("rate(5 hour)"))
                .hasMessage("write rate(5 hour) as rate(5 hours): a rate above 1 takes the plural unit");
        assertThatThrownBy(() -> ScheduleExpression.parse("rate(0 minutes)")).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> ScheduleExpression.parse("rate(5 weeks)")).hasMessageContaining("unknown unit 'weeks'");
        assertThatThrownBy(() -> ScheduleExpression.parse("every 5 minutes")).hasMessageContaining("is not a schedule");
    }

    @Test
    void cron_with_five_fields_is_told_to_add_the_year() {
        assertThatThrownBy(() -> ScheduleExpression.parse("cron(0 * * * *)"))
                .hasMessageContaining("has 5: add the year, e.g. cron(0 * * * ? *)");
    }

    @Test
    void cron_needs_a_question_mark_in_exactly_one_day_field() {
        assertThatThrownBy(() -> ScheduleExpression.parse("cron(0 6 * * * *)"))
                .hasMessageContaining("exactly one of day-of-month and day-of-week must be '?'");
        assertThatThrownBy(() -> ScheduleExpression.parse("cron(0 6 ? * ? *)"))
                .hasMessageContaining("exactly one of day-of-month and day-of-week must be '?'");
    }

    @Test
    void cron_names_the_field_whose_value_is_out_of_range() {
        assertThatThrownBy(() -> ScheduleExpression.parse("cron(61 * * * ? *)"))
                .hasMessageStartingWith("'61' is not a valid minutes in cron(61 * * * ? *): use 0-59");
        assertThatThrownBy(() -> ScheduleExpression.parse("cron(0 0 ? FOO MON *)"))
                .hasMessageStartingWith("'FOO' is not a valid month").hasMessageContaining("JAN-DEC");
        assertThatThrownBy(() -> ScheduleExpression.parse("cron(0 5-2 * * ? *)")).hasMessageContaining("runs backwards");
    }

    @Test
    void cron_every_fifteen_minutes_fires_on_the_quarter_hours() {
        ScheduleExpression cron = ScheduleExpression.parse("cron(0/15 * * * ? *)");

        assertThat(cron.nextAfter(T0)).isEqualTo(Instant.parse("2026-01-30T10:15:00Z"));
        assertThat(cron.nextAfter(Instant.parse("2026-01-30T10:15:00Z"))).isEqualTo(Instant.parse("2026-01-30T10:30:00Z"));
        assertThat(cron.nextAfter(Instant.parse("2026-01-30T23:59:00Z"))).isEqualTo(Instant.parse("2026-01-31T00:00:00Z"));
    }

    @Test
    void cron_next_runs_match_a_minute_by_minute_reference() {
        String[][] cases = {
                {"cron(30 6 ? * MON-FRI *)", "weekdays 06:30"},
                {"cron(0 18 L * ? *)", "last day of month 18:00"},
                {"cron(0 9 ? * 6#3 *)", "third Friday 09:00"},
                {"cron(0 12 15W * ? *)", "weekday nearest the 15th 12:00"},
                {"cron(5,35 */6 1-3 JAN,MAR ? 2026-2027)", "lists, steps, ranges, years"},
                {"cron(0 0 ? * 2L *)", "last Monday of the month"},
        };
        for (String[] c : cases) {
            ScheduleExpression cron = ScheduleExpression.parse(c[0]);
            Predicate<LocalDateTime> reference = referenceOf(c[0]);
            Instant at = T0;
            for (int run = 0; run < 12; run++) {
                Instant expected = slowNext(reference, at);
                Instant actual = cron.nextAfter(at);
                assertThat(actual).as(c[1] + " run " + run + " after " + at).isEqualTo(expected);
                if (actual == null) {
                    break;
                }
                at = actual;
            }
        }
    }

    @Test
    void cron_whose_years_are_over_never_runs_again() {
        assertThat(ScheduleExpression.parse("cron(0 0 * * ? 2020)").nextAfter(T0)).isNull();
    }

    /** A plain restatement of each case's meaning, checked minute by minute. */
    private static Predicate<LocalDateTime> referenceOf(String expression) {
        return switch (expression) {
            case "cron(30 6 ? * MON-FRI *)" -> t -> t.getHour() == 6 && t.getMinute() == 30
                    && t.getDayOfWeek().getValue() <= 5;
            case "cron(0 18 L * ? *)" -> t -> t.getHour() == 18 && t.getMinute() == 0
                    && t.plusDays(1).getMonth() != t.getMonth();
            case "cron(0 9 ? * 6#3 *)" -> t -> t.getHour() == 9 && t.getMinute() == 0
                    && t.getDayOfWeek().getValue() == 5 && t.getDayOfMonth() >= 15 && t.getDayOfMonth() <= 21;
            case "cron(0 12 15W * ? *)" -> t -> {
                if (t.getHour() != 12 || t.getMinute() != 0) {
                    return false;
                }
                var fifteenth = t.toLocalDate().withDayOfMonth(15);
                var nearest = switch (fifteenth.getDayOfWeek()) {
                    case SATURDAY -> fifteenth.minusDays(1);
                    case SUNDAY -> fifteenth.plusDays(1);
                    default -> fifteenth;
                };
                return t.toLocalDate().equals(nearest);
            };
            case "cron(5,35 */6 1-3 JAN,MAR ? 2026-2027)" -> t -> (t.getMinute() == 5 || t.getMinute() == 35)
                    && t.getHour() % 6 == 0 && t.getDayOfMonth() <= 3 && (t.getMonthValue() == 1 || t.getMonthValue() == 3)
                    && t.getYear() <= 2027;
            case "cron(0 0 ? * 2L *)" -> t -> t.getHour() == 0 && t.getMinute() == 0
                    && t.getDayOfWeek().getValue() == 1 && t.plusDays(7).getMonth() != t.getMonth();
            default -> throw new IllegalArgumentException(expression);
        };
    }

    private static Instant slowNext(Predicate<LocalDateTime> reference, Instant after) {
        LocalDateTime t = LocalDateTime.ofInstant(after, ZoneOffset.UTC).withSecond(0).withNano(0).plusMinutes(1);
        LocalDateTime end = LocalDateTime.of(2028, 1, 1, 0, 0);
        for (; t.isBefore(end); t = t.plusMinutes(1)) {
            if (reference.test(t)) {
                return t.toInstant(ZoneOffset.UTC);
            }
        }
        return null;
    }
}
