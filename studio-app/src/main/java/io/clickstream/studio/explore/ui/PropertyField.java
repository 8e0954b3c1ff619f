package io.clickstream.studio.explore.ui;

import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.data.renderer.LitRenderer;
import java.util.List;

/**
 * Picks a property of the app's events (event columns, custom parameters, user attributes) by its label, with
 * search; {@code numericOnly} offers only properties with numbers (what a sum or an average is of).
 */
final class PropertyField extends ComboBox<String> {

    private final boolean numericOnly;

    PropertyField(String label, boolean numericOnly) {
        super(label);
        this.numericOnly = numericOnly;
        setPlaceholder("Pick a property");
        setWidthFull();
        setCatalog(BuilderCatalog.EMPTY);
    }

    void setCatalog(BuilderCatalog catalog) {
        String value = getValue();
        List<String> references = catalog.properties().values().stream()
                .filter(p -> !numericOnly || p.numeric()).map(ExploreLabels.PropertyOption::reference).toList();
        setItems((reference, filter) -> BuilderCatalog.matches(catalog.propertyLabel(reference), reference, filter),
                references);
        setItemLabelGenerator(catalog::propertyLabel);
        setRenderer(LitRenderer.<String>of("<div>${item.label}</div><div style='font-size:var(--lumo-font-size-xs);"
                        + "color:var(--lumo-secondary-text-color)'>${item.group} · ${item.reference}</div>")
                .withProperty("label", catalog::propertyLabel)
                .withProperty("reference", reference -> reference)
                .withProperty("group", reference -> {
                    ExploreLabels.PropertyOption option = catalog.properties().get(reference);
                    return option == null ? "" : option.group();
                }));
        if (value != null) {
            setValue(value);
        }
    }
}
