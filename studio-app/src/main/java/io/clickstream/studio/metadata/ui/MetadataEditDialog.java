package io.clickstream.studio.metadata.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import io.clickstream.studio.metadata.MetadataConflictException;
import io.clickstream.studio.metadata.MetadataEdit;
import io.clickstream.studio.metadata.MetadataEntry;
import io.clickstream.studio.metadata.MetadataValidationException;
import java.util.List;
import java.util.function.Supplier;

/**
 * Edits the display name, description and category of one event, parameter or user attribute. Saving names the
 * version that was opened: when someone else saved in between, the dialog says who and offers to reload, and
 * nothing is overwritten. Invalid text is reported next to its field.
 */
class MetadataEditDialog<T extends MetadataEntry> extends Dialog {

    /** Saves an edit at a version and returns the saved entry. */
    @FunctionalInterface
    interface Saver<T> {
        T save(long version, MetadataEdit edit);
    }

    final TextField displayName = new TextField("Display name");
    final TextArea description = new TextArea("Description");
    final ComboBox<String> category = new ComboBox<>("Category");
    final Paragraph conflict = new Paragraph();
    final Button save = new Button("Save");
    final Button reload = new Button("Reload");
    final Button cancel = new Button("Cancel", click -> close());

    private final Saver<T> saver;
    private final Supplier<T> fresh;
    private final Runnable onSaved;
    private T entry;

    MetadataEditDialog(String what, T entry, List<String> categories, Saver<T> saver, Supplier<T> fresh,
                       Runnable onSaved) {
        this.saver = saver;
        this.fresh = fresh;
        this.onSaved = onSaved;
        setHeaderTitle("Edit " + what);
        setWidth("560px");

        displayName.setMaxLength(MetadataEdit.MAX_DISPLAY_NAME);
        displayName.setWidthFull();
        displayName.setHelperText("Shown in explorations and dashboards instead of the name. Empty: the SDK's name "
                + "for presets, else the name itself.");
        description.setMaxLength(MetadataEdit.MAX_DESCRIPTION);
        description.setWidthFull();
        description.setMinHeight("120px");
        category.setItems(categories);
        category.setAllowCustomValue(true);
        category.addCustomValueSetListener(event -> category.setValue(event.getDetail()));
        category.setWidthFull();
        category.setHelperText("Pick one or type a new one");

        conflict.setVisible(false);
        conflict.getStyle().set("color", "var(--lumo-error-text-color)").set("margin", "0");
        reload.setVisible(false);
        reload.addClickListener(click -> show(fresh.get()));

        Span name = new Span();
        name.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-family", "var(--lumo-font-family)");
        FormLayout form = new FormLayout(displayName, description, category);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        add(name, form, conflict);
        name.setText("Name in the data: " + entry.name());

        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickShortcut(Key.ENTER).listenOn(displayName);
        save.addClickListener(click -> save());
        getFooter().add(cancel, reload, save);
        show(entry);
    }

    /** Fills the form from an entry and takes its version as the one a save names. */
    private void show(T shown) {
        this.entry = shown;
        displayName.setValue(shown.displayName());
        description.setValue(shown.description());
        category.setValue(shown.category().isEmpty() ? null : shown.category());
        displayName.setInvalid(false);
        description.setInvalid(false);
        category.setInvalid(false);
        conflict.setVisible(false);
        reload.setVisible(false);
        save.setEnabled(true);
    }

    void save() {
        displayName.setInvalid(false);
        description.setInvalid(false);
        category.setInvalid(false);
        MetadataEdit edit = new MetadataEdit(displayName.getValue(), description.getValue(),
                category.getValue() == null ? "" : category.getValue());
        try {
            saver.save(entry.version(), edit);
            close();
            onSaved.run();
        } catch (MetadataValidationException e) {
            e.errors().forEach(error -> showError(error.field(), error.message()));
        } catch (MetadataConflictException e) {
            conflict.setText(e.getMessage());
            conflict.setVisible(true);
            reload.setVisible(true);
            save.setEnabled(false);
        }
    }

    private void showError(String field, String message) {
        switch (field) {
            case "displayName" -> {
                displayName.setErrorMessage(message);
                displayName.setInvalid(true);
            }
            case "description" -> {
                description.setErrorMessage(message);
                description.setInvalid(true);
            }
            default -> {
                category.setErrorMessage(message);
                category.setInvalid(true);
            }
        }
    }
}
