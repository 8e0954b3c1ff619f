package io.clickstream.studio.explore.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.icon.VaadinIcon;
import io.clickstream.studio.base.ui.Clipboard;

/**
 * The SQL a result came from, as the engine ran it (its bound values listed in a comment at the end), with a button
 * that copies it to the clipboard.
 */
final class SqlDialog {

    private SqlDialog() {
    }

    static Dialog open(String title, String sql) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("SQL of this " + title.toLowerCase(java.util.Locale.ROOT));
        dialog.addClassName("cs-sql-dialog");
        dialog.setWidth("min(960px, 95vw)");
        Paragraph note = new Paragraph("Every value is bound, never written into the statement: the values follow "
                + "in the comment at the end.");
        note.addClassName("cs-subtitle");
        Pre code = new Pre(sql);
        code.addClassName("cs-sql");
        code.setId("exploration-sql");
        Button copy = new Button("Copy SQL", VaadinIcon.COPY_O.create(), click -> Clipboard.copy(sql, "SQL"));
        copy.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        copy.setId("copy-sql");
        Button close = new Button("Close", click -> dialog.close());
        dialog.add(note, code);
        dialog.getFooter().add(close, copy);
        dialog.open();
        return dialog;
    }
}
