package io.clickstream.studio.base.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;

/** A headline number on a card: what it counts, the value, and an optional line explaining it. */
public final class Kpi extends Div {

    final Span label = new Span();
    final Span value = new Span("–");
    final Span note = new Span();

    public Kpi(String label, String note) {
        addClassNames("cs-card", "cs-kpi");
        this.label.setText(label);
        this.label.addClassName("cs-kpi-label");
        value.addClassName("cs-kpi-value");
        this.note.setText(note == null ? "" : note);
        this.note.addClassName("cs-kpi-note");
        this.note.setVisible(note != null);
        add(this.label, value, this.note);
        getElement().setAttribute("role", "group");
        getElement().setAttribute("aria-label", label);
    }

    public void setValue(String text) {
        value.setText(text);
    }

    public String getValue() {
        return value.getText();
    }

    public void setNote(String text) {
        note.setText(text);
        note.setVisible(text != null && !text.isEmpty());
    }
}
