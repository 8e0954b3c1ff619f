package io.clickstream.studio.explore.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import io.clickstream.studio.base.FieldMessage;
import io.clickstream.studio.base.InvalidInputException;
import io.clickstream.studio.explore.saved.SavedExploration;
import java.util.function.Consumer;

/**
 * Saves the exploration on screen under a name and a description (the saved-exploration service checks both and
 * the query); its errors show next to the name and description. On success it hands the saved exploration on.
 */
final class SaveExplorationDialog extends Dialog {

    final TextField name = new TextField("Name");
    final TextArea description = new TextArea("Description");
    final Button save = new Button("Save");
    final Button cancel = new Button("Cancel");

    SaveExplorationDialog(String title, String suggestedName, SaveAction action, Consumer<SavedExploration> saved) {
        setHeaderTitle(title);
        addClassName("cs-save-dialog");
        setWidth("min(520px, 95vw)");
        name.setId("save-name");
        name.setRequired(true);
        name.setMaxLength(100);
        name.setWidthFull();
        name.setValue(suggestedName == null ? "" : suggestedName);
        description.setId("save-description");
        description.setWidthFull();
        description.setMaxLength(2000);
        description.setPlaceholder("What it shows, for whoever opens it later (optional)");
        save.setId("save-exploration");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(click -> {
            name.setInvalid(false);
            description.setInvalid(false);
            try {
                SavedExploration done = action.save(name.getValue(), description.getValue());
                close();
                saved.accept(done);
            } catch (InvalidInputException e) {
                for (FieldMessage error : e.errors()) {
                    if ("description".equals(error.field())) {
                        description.setErrorMessage(error.message());
                        description.setInvalid(true);
                    } else {
                        // The name, or the query itself (which the builder already checked): shown on the name.
                        name.setErrorMessage(error.message());
                        name.setInvalid(true);
                    }
                }
            }
        });
        cancel.addClickListener(click -> close());
        add(name, description);
        getFooter().add(cancel, save);
    }

    /** What saving does with the name and description the user gave. */
    @FunctionalInterface
    interface SaveAction {
        SavedExploration save(String name, String description);
    }
}
