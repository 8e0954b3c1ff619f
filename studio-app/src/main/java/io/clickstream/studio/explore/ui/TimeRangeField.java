package io.clickstream.studio.explore.ui;

import com.vaadin.flow.component.customfield.CustomField;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.select.Select;
import io.clickstream.studio.explore.model.DateSpan;
import io.clickstream.studio.explore.model.TimeRange;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The dates an exploration covers: a preset relative to today (the last 7, 30, 90 days, 12 weeks, 6 or 12 months,
 * kept relative in links so they move with the calendar) or fixed dates. Under it, the dates it means today in the
 * app's time zone, which is where the engine counts days.
 */
final class TimeRangeField extends CustomField<TimeRange> {

    static final String CUSTOM = "custom";
    static final List<String> PRESETS = List.of("1d", "7d", "14d", "30d", "90d", "12w", "6m", "12m");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH);
    private static final DateTimeFormatter DAY_YEAR = DateTimeFormatter.ofPattern("MMM d, yyyy", Locale.ENGLISH);

    final Select<String> preset = new Select<>();
    final DatePicker from = new DatePicker();
    final DatePicker to = new DatePicker();
    private final List<String> choices = new ArrayList<>(PRESETS);
    private BuilderCatalog catalog = BuilderCatalog.EMPTY;
    private boolean presenting;

    TimeRangeField() {
        setLabel("Time range");
        addClassName("cs-time-range");
        choices.add(CUSTOM);
        preset.setItems(choices);
        preset.setItemLabelGenerator(TimeRangeField::label);
        preset.setAriaLabel("Time range preset");
        preset.setWidthFull();
        preset.setValue("30d");
        DatePicker.DatePickerI18n iso = new DatePicker.DatePickerI18n().setDateFormat("yyyy-MM-dd");
        for (DatePicker picker : new DatePicker[] {from, to}) {
            picker.setI18n(iso);
            picker.setPlaceholder("yyyy-mm-dd");
            picker.setVisible(false);
            picker.addValueChangeListener(e -> changed());
        }
        from.setAriaLabel("From");
        to.setAriaLabel("To");
        preset.addValueChangeListener(e -> {
            if (!presenting && CUSTOM.equals(e.getValue()) && from.isEmpty() && to.isEmpty()) {
                DateSpan span = DateSpan.lastDays(30, catalog.today());
                from.setValue(span.from());
                to.setValue(span.to());
            }
            changed();
        });
        Div dates = new Div(from, to);
        dates.addClassName("cs-range-dates");
        Div layout = new Div(preset, dates);
        layout.addClassName("cs-range-layout");
        add(layout);
    }

    void setCatalog(BuilderCatalog catalog) {
        this.catalog = catalog;
        describe();
    }

    @Override
    protected TimeRange generateModelValue() {
        String key = preset.getValue();
        if (key == null) {
            return null;
        }
        if (CUSTOM.equals(key)) {
            return TimeRange.between(from.getValue(), to.getValue());
        }
        return ExplorationUrl.parseRange(key);
    }

    @Override
    protected void setPresentationValue(TimeRange range) {
        presenting = true;
        try {
            present(range);
        } finally {
            presenting = false;
        }
        showDates();
        describe();
    }

    private void present(TimeRange range) {
        if (range == null) {
            preset.setValue("30d");
        } else if (range.from() != null || range.to() != null) {
            from.setValue(range.from());
            to.setValue(range.to());
            preset.setValue(CUSTOM);
        } else {
            String key = ExplorationUrl.range(range);
            if (!choices.contains(key)) {
                choices.add(choices.size() - 1, key);
                preset.setItems(choices);
            }
            preset.setValue(key);
        }
    }

    private void changed() {
        showDates();
        if (!presenting) {
            updateValue();
        }
        describe();
    }

    private void showDates() {
        boolean custom = CUSTOM.equals(preset.getValue());
        from.setVisible(custom);
        to.setVisible(custom);
    }

    /** The dates the range means today in the app's zone, as helper text. */
    private void describe() {
        TimeRange range = generateModelValue();
        DateSpan span = resolve(range, catalog.today());
        String zone = catalog.zone().getId();
        setHelperText(span == null ? zone : format(span) + " · " + zone);
    }

    static DateSpan resolve(TimeRange range, LocalDate today) {
        if (range == null) {
            return null;
        }
        if (range.from() != null || range.to() != null) {
            return range.from() == null || range.to() == null || range.to().isBefore(range.from()) ? null
                    : new DateSpan(range.from(), range.to());
        }
        return range.last() == null || range.last() < 1 || range.unit() == null ? null : range.resolve(today);
    }

    static String format(DateSpan span) {
        if (span.from().equals(span.to())) {
            return span.from().format(DAY_YEAR);
        }
        return (span.from().getYear() == span.to().getYear() ? span.from().format(DAY) : span.from().format(DAY_YEAR))
                + " – " + span.to().format(DAY_YEAR);
    }

    static String label(String key) {
        if (CUSTOM.equals(key)) {
            return "Custom dates";
        }
        TimeRange range = ExplorationUrl.parseRange(key);
        int n = range.last();
        return switch (range.unit()) {
            case DAY -> n == 1 ? "Today" : "Last " + n + " days";
            case WEEK -> n == 1 ? "Last 7 days (1 week)" : "Last " + n + " weeks";
            case MONTH -> n == 1 ? "Last month" : "Last " + n + " months";
        };
    }
}
