package io.clickstream.studio.explore.ui;

import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.data.renderer.LitRenderer;

/**
 * Picks one of the app's events by its display name, with search over display names and names; the list shows
 * the name in the data under a display name that differs from it.
 */
final class EventField extends ComboBox<String> {

    EventField(String label) {
        super(label);
        setPlaceholder("Pick an event");
        setWidthFull();
        setAllowCustomValue(false);
        setCatalog(BuilderCatalog.EMPTY);
    }

    void setCatalog(BuilderCatalog catalog) {
        String value = getValue();
        setItems((event, filter) -> BuilderCatalog.matches(catalog.eventLabel(event), event, filter), catalog.events());
        setItemLabelGenerator(catalog::eventLabel);
        setRenderer(LitRenderer.<String>of("<div>${item.label}</div>"
                        + "<div ?hidden=${item.label === item.name} style='font-size:var(--lumo-font-size-xs);"
                        + "color:var(--lumo-secondary-text-color)'>${item.name}</div>")
                .withProperty("label", catalog::eventLabel)
                .withProperty("name", event -> event));
        if (value != null) {
            setValue(value);
        }
    }
}
