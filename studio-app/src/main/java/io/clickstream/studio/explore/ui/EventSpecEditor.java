package io.clickstream.studio.explore.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import io.clickstream.studio.explore.model.EventSpec;

/**
 * An event with its own conditions: a funnel step, a trend's event, a retention start or return event, an
 * attribution goal or touch point. The filter button adds a condition on this event only.
 */
final class EventSpecEditor extends Div {

    final Span badge = new Span();
    final EventField event = new EventField(null);
    final Button filter = new Button(VaadinIcon.FILTER.create());
    final Button moveUp = new Button(VaadinIcon.ARROW_UP.create());
    final Button remove = new Button(VaadinIcon.CLOSE_SMALL.create());
    final ConditionsEditor conditions;

    EventSpecEditor(String ariaLabel, Runnable onChange) {
        addClassName("cs-event-spec");
        badge.addClassName("cs-badge");
        badge.setVisible(false);
        event.setAriaLabel(ariaLabel);
        event.addValueChangeListener(e -> onChange.run());
        conditions = new ConditionsEditor(null, "Add condition", onChange);
        conditions.hideWhenEmpty();
        conditions.addClassName("cs-event-conditions");
        filter.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_CONTRAST);
        filter.setAriaLabel("Add a condition on " + ariaLabel.toLowerCase(java.util.Locale.ROOT));
        filter.setTooltipText("Only events where…");
        filter.addClickListener(click -> conditions.addEmptyRow());
        for (Button button : new Button[] {moveUp, remove}) {
            button.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_CONTRAST);
            button.setVisible(false);
        }
        moveUp.setAriaLabel("Move up");
        moveUp.setTooltipText("Move up");
        remove.setAriaLabel("Remove");
        remove.setTooltipText("Remove");
        Div line = new Div(badge, event, filter, moveUp, remove);
        line.addClassName("cs-event-line");
        add(line, conditions);
    }

    void setCatalog(BuilderCatalog catalog) {
        event.setCatalog(catalog);
        conditions.setCatalog(catalog);
    }

    /** The event and its complete conditions, or null while no event is picked. */
    EventSpec value() {
        return event.getValue() == null ? null
                : new EventSpec(event.getValue(), conditions.conditions(), conditions.joinValue());
    }

    void setValue(EventSpec spec) {
        event.setValue(spec == null ? null : spec.event());
        conditions.set(spec == null ? java.util.List.of() : spec.conditions(), spec == null ? null : spec.join());
    }

    void bind(BuilderErrors errors, String path) {
        errors.bind(path, event);
        errors.bind(path + ".event", event);
        conditions.bind(errors, path + ".conditions");
    }
}
