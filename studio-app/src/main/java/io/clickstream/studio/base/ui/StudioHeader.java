package io.clickstream.studio.base.ui;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import io.clickstream.studio.base.AppChoice;
import io.clickstream.studio.base.DateRangeChoice;
import io.clickstream.studio.base.DateRangeChoice.Preset;
import io.clickstream.studio.base.DateRangeChoice.Unit;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The header's controls: the app picker and the date-range control (presets, any "last n days, weeks or months", or
 * custom first and last days) for app-scoped views, and the light/dark theme switch everywhere. It does not navigate:
 * it reports a new choice to the shell, which puts it into the URL.
 */
public final class StudioHeader extends Composite<Div> {

    /** What the user picked: the app id and the range. */
    public record Choice(String appId, DateRangeChoice range) {
    }

    final Select<AppChoice> appPicker = new Select<>();
    final Select<Preset> rangePicker = new Select<>();
    final DatePicker fromDate = new DatePicker();
    final DatePicker toDate = new DatePicker();
    final IntegerField relativeCount = new IntegerField();
    final Select<Unit> relativeUnit = new Select<>();
    final Div scoped;
    final Button themeToggle;

    private Consumer<Choice> listener = choice -> { };
    private boolean updating;
    private LocalDate today = LocalDate.now();
    /** The range shown, for the label of {@link Preset#RELATIVE} ("Last 14 days" once chosen). */
    private DateRangeChoice shown = DateRangeChoice.LAST_30_DAYS;

    public StudioHeader() {
        appPicker.setId("app-picker");
        appPicker.setAriaLabel("App");
        appPicker.setTooltipText("App");
        appPicker.setItemLabelGenerator(AppChoice::label);
        appPicker.setPrefixComponent(VaadinIcon.CUBE.create());
        appPicker.addClassName("cs-app-picker");
        appPicker.addValueChangeListener(event -> {
            if (event.isFromClient() && event.getValue() != null) {
                fire();
            }
        });

        rangePicker.setId("range-picker");
        rangePicker.setAriaLabel("Date range");
        rangePicker.setTooltipText("Date range, in the app's time zone");
        rangePicker.setItems(Preset.values());
        // Once chosen, the relative option reads as its range ("Last 14 days"); picked from a relative preset, its
        // count and unit start from that preset, and so does its name until the count changes.
        rangePicker.setItemLabelGenerator(p -> p == Preset.RELATIVE && (shown.preset() == Preset.RELATIVE
                || shown.isRelative() && rangePicker.getValue() == Preset.RELATIVE) ? shown.label() : p.label());
        rangePicker.setPrefixComponent(VaadinIcon.CALENDAR.create());
        rangePicker.addClassName("cs-range-picker");
        rangePicker.addValueChangeListener(event -> {
            if (!event.isFromClient() || event.getValue() == null) {
                return;
            }
            showCustom(event.getValue() == Preset.CUSTOM);
            showRelative(event.getValue() == Preset.RELATIVE);
            if (event.getValue() == Preset.CUSTOM) {
                if (fromDate.isEmpty() || toDate.isEmpty()) {
                    fromDate.setValue(today.minusDays(29));
                    toDate.setValue(today);
                }
                fromDate.focus();
            } else if (event.getValue() == Preset.RELATIVE) {
                // Starts from the range shown when it is relative ("Last 30 days" becomes 30 days to change).
                relativeCount.setValue(shown.isRelative() ? shown.last() : 14);
                relativeUnit.setValue(shown.isRelative() ? shown.unit() : Unit.DAY);
                relativeCount.focus();
                // A relative preset shown stays until the count changes; from another range, 14 days apply at once.
                if (shown.isRelative()) {
                    rangePicker.getListDataView().refreshItem(Preset.RELATIVE);
                } else {
                    applyRelative();
                }
            } else {
                fire();
            }
        });

        relativeCount.setId("range-last");
        relativeCount.setAriaLabel("How many days, weeks or months");
        relativeCount.setMin(1);
        // The limits depend on the unit, so this header says what is wrong, not the field's own validation.
        relativeCount.setManualValidation(true);
        relativeCount.addClassName("cs-range-count");
        relativeCount.addValueChangeListener(event -> {
            if (event.isFromClient()) {
                applyRelative();
            }
        });
        relativeUnit.setId("range-unit");
        relativeUnit.setAriaLabel("Days, weeks or months");
        relativeUnit.setItems(Unit.values());
        relativeUnit.setItemLabelGenerator(unit -> unit.words(2));
        relativeUnit.addClassName("cs-range-unit");
        relativeUnit.addValueChangeListener(event -> {
            if (event.isFromClient()) {
                applyRelative();
            }
        });

        for (DatePicker date : List.of(fromDate, toDate)) {
            date.setWeekNumbersVisible(false);
            date.addClassName("cs-range-date");
            date.addValueChangeListener(event -> {
                if (event.isFromClient()) {
                    applyCustom();
                }
            });
        }
        fromDate.setId("range-from");
        fromDate.setAriaLabel("First day");
        fromDate.setPlaceholder("First day");
        toDate.setId("range-to");
        toDate.setAriaLabel("Last day");
        toDate.setPlaceholder("Last day");
        showCustom(false);
        showRelative(false);

        scoped = new Div(appPicker, rangePicker, relativeCount, relativeUnit, fromDate, toDate);
        scoped.addClassName("cs-header-scope");

        Icon moon = VaadinIcon.MOON_O.create();
        moon.addClassName("cs-icon-moon");
        Icon sun = VaadinIcon.SUN_O.create();
        sun.addClassName("cs-icon-sun");
        themeToggle = new Button(new Div(moon, sun));
        themeToggle.setId("theme-toggle");
        themeToggle.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ICON);
        themeToggle.setAriaLabel("Switch between light and dark theme");
        themeToggle.setTooltipText("Light or dark theme");
        // The theme is the browser's choice, kept in its local storage (the page applies it before it draws).
        themeToggle.addClickListener(click -> themeToggle.getElement().executeJs(
                "const root = document.documentElement;"
                        + "const dark = !(root.getAttribute('theme') || '').includes('dark');"
                        + "if (dark) { root.setAttribute('theme', 'dark'); } else { root.removeAttribute('theme'); }"
                        + "try { localStorage.setItem('cs-theme', dark ? 'dark' : 'light'); } catch (e) { }"));

        Div root = getContent();
        root.addClassName("cs-header-controls");
        root.add(scoped, themeToggle);
    }

    /** Calls {@code listener} with each choice the user makes. */
    public void onChoice(Consumer<Choice> listener) {
        this.listener = Objects.requireNonNull(listener);
    }

    /** Shows the controls for an app-scoped view with its selection, or hides them (other views). */
    public void show(List<AppChoice> apps, AppSelection selection, boolean withRange) {
        updating = true;
        try {
            scoped.setVisible(selection != null);
            if (selection == null) {
                return;
            }
            today = selection.today();
            appPicker.setItems(apps);
            appPicker.setVisible(!apps.isEmpty());
            if (selection.app() != null) {
                appPicker.setValue(apps.stream().filter(a -> a.appId().equals(selection.appId())).findFirst()
                        .orElse(null));
            }
            rangePicker.setVisible(withRange);
            shown = selection.range();
            rangePicker.getListDataView().refreshItem(Preset.RELATIVE);
            rangePicker.setValue(shown.preset());
            boolean relative = withRange && shown.preset() == Preset.RELATIVE;
            showRelative(relative);
            if (relative) {
                relativeCount.setValue(shown.last());
                relativeUnit.setValue(shown.unit());
                relativeCount.setInvalid(false);
            }
            boolean custom = withRange && shown.preset() == Preset.CUSTOM;
            showCustom(custom);
            if (custom) {
                fromDate.setValue(selection.range().from());
                toDate.setValue(selection.range().to());
                fromDate.setInvalid(false);
                toDate.setInvalid(false);
            }
            fromDate.setMax(today);
            toDate.setMax(today);
        } finally {
            updating = false;
        }
    }

    private void showCustom(boolean visible) {
        fromDate.setVisible(visible);
        toDate.setVisible(visible);
    }

    private void showRelative(boolean visible) {
        relativeCount.setVisible(visible);
        relativeUnit.setVisible(visible);
    }

    /** The relative range of the count and unit fields, or null with the reason next to the count. */
    private DateRangeChoice relativeChoice() {
        Integer count = relativeCount.getValue();
        Unit unit = relativeUnit.getValue() == null ? Unit.DAY : relativeUnit.getValue();
        if (count == null) {
            relativeCount.setErrorMessage("How many " + unit.words(2) + "? A whole number from 1 to " + unit.max());
            relativeCount.setInvalid(true);
            return null;
        }
        try {
            DateRangeChoice choice = DateRangeChoice.relative(count, unit);
            relativeCount.setInvalid(false);
            return choice;
        } catch (IllegalArgumentException e) {
            relativeCount.setErrorMessage(capitalized(e.getMessage()));
            relativeCount.setInvalid(true);
            return null;
        }
    }

    private void applyRelative() {
        if (relativeChoice() != null) {
            fire();
        }
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private void applyCustom() {
        LocalDate from = fromDate.getValue();
        LocalDate to = toDate.getValue();
        fromDate.setInvalid(false);
        toDate.setInvalid(false);
        if (from == null || to == null) {
            return;
        }
        if (to.isBefore(from)) {
            toDate.setErrorMessage("The last day is before the first");
            toDate.setInvalid(true);
            return;
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > DateRangeChoice.MAX_DAYS) {
            toDate.setErrorMessage("At most " + DateRangeChoice.MAX_DAYS + " days");
            toDate.setInvalid(true);
            return;
        }
        fire();
    }

    private void fire() {
        if (updating || appPicker.getValue() == null && appPicker.isVisible()) {
            return;
        }
        Preset preset = rangePicker.getValue() == null ? Preset.LAST_30_DAYS : rangePicker.getValue();
        if (preset == Preset.CUSTOM && (fromDate.isEmpty() || toDate.isEmpty())) {
            return;
        }
        DateRangeChoice range = switch (preset) {
            case CUSTOM -> DateRangeChoice.custom(fromDate.getValue(), toDate.getValue());
            case RELATIVE -> relativeChoice();
            default -> DateRangeChoice.of(preset);
        };
        if (range == null) {
            return;
        }
        listener.accept(new Choice(appPicker.getValue() == null ? null : appPicker.getValue().appId(), range));
    }
}
