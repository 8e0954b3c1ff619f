package io.clickstream.studio.base.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;

/** Asks before a deletion: says what it does, and deletes only on its red button. */
public final class ConfirmDelete {

    private ConfirmDelete() {
    }

    public static Dialog open(String title, String consequence, Runnable delete) {
        Dialog confirm = new Dialog();
        confirm.setHeaderTitle(title);
        confirm.add(new Paragraph(consequence));
        Button yes = new Button("Delete", click -> {
            confirm.close();
            delete.run();
        });
        yes.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_PRIMARY);
        confirm.getFooter().add(new Button("Cancel", click -> confirm.close()), yes);
        confirm.open();
        return confirm;
    }
}
