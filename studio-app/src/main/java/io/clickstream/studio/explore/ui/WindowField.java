package io.clickstream.studio.explore.ui;

import com.vaadin.flow.component.customfield.CustomField;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import io.clickstream.studio.explore.model.Window;
import java.util.List;
import java.util.Map;

/**
 * A conversion or attribution window: a number of seconds, minutes, hours or days, or the same session (or, for
 * attribution, the same day). The number field hides for the units that take none.
 */
final class WindowField extends CustomField<Window> {

    private static final Map<Window.Unit, String> LABELS = Map.of(Window.Unit.SECOND, "seconds",
            Window.Unit.MINUTE, "minutes", Window.Unit.HOUR, "hours", Window.Unit.DAY, "days",
            Window.Unit.SESSION, "same session", Window.Unit.SAME_DAY, "same day");

    final IntegerField amount = new IntegerField();
    final Select<Window.Unit> unit = new Select<>();
    private boolean presenting;

    WindowField(String label, List<Window.Unit> units, Window initial) {
        setLabel(label);
        addClassName("cs-window");
        amount.setAriaLabel(label + " amount");
        amount.setMin(1);
        amount.setStepButtonsVisible(true);
        amount.addClassName("cs-window-amount");
        unit.setAriaLabel(label + " unit");
        unit.setItems(units);
        unit.setItemLabelGenerator(LABELS::get);
        unit.addClassName("cs-window-unit");
        amount.addValueChangeListener(e -> changed());
        unit.addValueChangeListener(e -> {
            amount.setVisible(e.getValue() == null || e.getValue().isDuration());
            if (!presenting && e.getValue() != null && e.getValue().isDuration() && amount.isEmpty()) {
                amount.setValue(1);
            }
            changed();
        });
        Div layout = new Div(amount, unit);
        layout.addClassName("cs-window-layout");
        add(layout);
        setPresentationValue(initial);
    }

    private void changed() {
        if (!presenting) {
            updateValue();
        }
    }

    @Override
    protected Window generateModelValue() {
        Window.Unit chosen = unit.getValue();
        if (chosen == null) {
            return null;
        }
        if (!chosen.isDuration()) {
            return new Window(null, chosen);
        }
        return new Window(amount.getValue() == null ? null : amount.getValue().longValue(), chosen);
    }

    @Override
    protected void setPresentationValue(Window window) {
        presenting = true;
        try {
            present(window);
        } finally {
            presenting = false;
        }
    }

    private void present(Window window) {
        if (window == null) {
            unit.clear();
            amount.clear();
            return;
        }
        if (window.unit() != null && !unit.getListDataView().getItems().toList().contains(window.unit())) {
            unit.setItems(java.util.stream.Stream.concat(unit.getListDataView().getItems(),
                    java.util.stream.Stream.of(window.unit())).toList());
        }
        amount.setValue(window.value() == null ? null : (int) Math.max(Integer.MIN_VALUE,
                Math.min(Integer.MAX_VALUE, window.value())));
        unit.setValue(window.unit());
        amount.setVisible(window.unit() == null || window.unit().isDuration());
    }
}
