package io.clickstream.studio.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickstream.studio.base.DateRangeChoice.Preset;
import io.clickstream.studio.base.DateRangeChoice.Unit;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * The date-range model of URLs, the header, dashboards and embed links: any "last n days, weeks or months" reads from
 * its token and writes the same token back, a relative range equal to a preset is that preset, and ranges beyond the
 * engine's 400 days are refused in words.
 */
class DateRangeChoiceTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 20);

    @Test
    void any_relative_range_reads_from_its_token_and_writes_it_back() {
        DateRangeChoice fourteen = DateRangeChoice.read("14d");
        assertThat(fourteen.preset()).isEqualTo(Preset.RELATIVE);
        assertThat(fourteen.last()).isEqualTo(14);
        assertThat(fourteen.unit()).isEqualTo(Unit.DAY);
        assertThat(fourteen.token()).isEqualTo("14d");
        assertThat(fourteen.label()).isEqualTo("Last 14 days");
        assertThat(fourteen.start(TODAY)).isEqualTo(LocalDate.of(2026, 11, 7));
        assertThat(fourteen.end(TODAY)).isEqualTo(TODAY);
        assertThat(fourteen.endsToday(TODAY)).isTrue();

        DateRangeChoice twelveWeeks = DateRangeChoice.read(" 12W ");
        assertThat(twelveWeeks.token()).isEqualTo("12w");
        assertThat(twelveWeeks.label()).isEqualTo("Last 12 weeks");
        assertThat(twelveWeeks.start(TODAY)).isEqualTo(TODAY.minusWeeks(12).plusDays(1));

        assertThat(DateRangeChoice.read("45d").label()).isEqualTo("Last 45 days");
        assertThat(DateRangeChoice.read("1w").label()).isEqualTo("Last 1 week");
        assertThat(DateRangeChoice.read("3m").start(TODAY)).isEqualTo(LocalDate.of(2026, 8, 21));
        for (String token : new String[] {"14d", "12w", "45d", "3m", "57w", "13m", "400d", "2026-11-01..2026-11-30",
                "yesterday", "this-month", "last-month"}) {
            assertThat(DateRangeChoice.read(token).token()).as(token).isEqualTo(token);
            assertThat(DateRangeChoice.parse(DateRangeChoice.read(token).token())).contains(DateRangeChoice.read(token));
        }
    }

    @Test
    void a_relative_range_equal_to_a_preset_is_that_preset() {
        assertThat(DateRangeChoice.read("7d")).isEqualTo(DateRangeChoice.of(Preset.LAST_7_DAYS))
                .isEqualTo(DateRangeChoice.relative(7, Unit.DAY));
        assertThat(DateRangeChoice.relative(1, Unit.DAY).preset()).isEqualTo(Preset.TODAY);
        assertThat(DateRangeChoice.read("1d").token()).isEqualTo("today");
        assertThat(DateRangeChoice.relative(12, Unit.MONTH).preset()).isEqualTo(Preset.LAST_12_MONTHS);
        assertThat(DateRangeChoice.of(Preset.LAST_6_MONTHS).isRelative()).isTrue();
        assertThat(DateRangeChoice.of(Preset.LAST_6_MONTHS).last()).isEqualTo(6);
        assertThat(DateRangeChoice.of(Preset.THIS_MONTH).isRelative()).isFalse();
        // The presets keep their days: 30 days end today, 6 months start the day after today's date 6 months ago.
        assertThat(DateRangeChoice.LAST_30_DAYS.start(TODAY)).isEqualTo(TODAY.minusDays(29));
        assertThat(DateRangeChoice.of(Preset.LAST_6_MONTHS).start(TODAY)).isEqualTo(LocalDate.of(2026, 5, 21));
        assertThat(DateRangeChoice.of(Preset.TODAY).start(TODAY)).isEqualTo(TODAY);
    }

    @Test
    void ranges_beyond_the_engines_400_days_or_unreadable_are_refused_in_words() {
        assertThat(DateRangeChoice.read("400d").start(TODAY)).isEqualTo(TODAY.minusDays(399));
        assertThatThrownBy(() -> DateRangeChoice.read("401d")).hasMessage("at most 400 days");
        assertThatThrownBy(() -> DateRangeChoice.read("58w")).hasMessage("at most 57 weeks (400 days)");
        assertThatThrownBy(() -> DateRangeChoice.read("14m")).hasMessage("at most 13 months (400 days)");
        assertThatThrownBy(() -> DateRangeChoice.read("0d")).hasMessage("a relative range covers at least 1 day");
        assertThatThrownBy(() -> DateRangeChoice.read("last week")).hasMessageContaining("use 30d, 14d, 12w");
        assertThatThrownBy(() -> DateRangeChoice.read("2026-13-01..2026-11-30")).hasMessageContaining("2026-11-01");
        assertThatThrownBy(() -> DateRangeChoice.read("2026-11-30..2026-11-01"))
                .hasMessage("the last day is before the first");
        assertThat(DateRangeChoice.parse("99999d")).isEmpty();
        assertThat(DateRangeChoice.parse("-3d")).isEmpty();
        assertThat(DateRangeChoice.parse(null)).isEmpty();
        assertThatThrownBy(() -> new DateRangeChoice(Preset.LAST_7_DAYS, null, null, 14, Unit.DAY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DateRangeChoice(Preset.THIS_MONTH, null, null, 2, Unit.WEEK))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_longest_relative_range_of_each_unit_fits_in_400_days_on_every_day_of_four_years() {
        for (LocalDate today = LocalDate.of(2025, 1, 1); today.isBefore(LocalDate.of(2029, 1, 1));
                today = today.plusDays(1)) {
            for (Unit unit : Unit.values()) {
                DateRangeChoice longest = DateRangeChoice.relative(unit.max(), unit);
                assertThat(ChronoUnit.DAYS.between(longest.start(today), longest.end(today)) + 1)
                        .as("%s on %s", longest.token(), today).isLessThanOrEqualTo(DateRangeChoice.MAX_DAYS);
            }
        }
    }
}
