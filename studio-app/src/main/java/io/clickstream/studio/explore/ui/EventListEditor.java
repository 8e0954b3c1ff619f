package io.clickstream.studio.explore.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import io.clickstream.studio.explore.model.EventSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * An ordered list of events (funnel steps, trend events, touch points): add, remove, move up. Rows without an event
 * are left out of the query until one is picked. The engine takes at most {@value #MAX}; more can only come from a
 * hand-written URL, and the engine's error then shows under the list.
 */
final class EventListEditor extends Div {

    static final int MAX = 10;

    final List<EventSpecEditor> rows = new ArrayList<>();
    final Div list = new Div();
    final ErrorText error = new ErrorText();
    final Button add;

    private final String itemName;
    private final IntFunction<String> badge;
    private final Runnable onChange;
    private BuilderCatalog catalog = BuilderCatalog.EMPTY;

    /**
     * @param itemName what one row is ("Step"), for labels
     * @param badge    the badge of the n-th row (0-based), or null for none
     */
    EventListEditor(String title, String itemName, IntFunction<String> badge, Runnable onChange) {
        this.itemName = itemName;
        this.badge = badge;
        this.onChange = onChange;
        addClassName("cs-event-list");
        Span heading = new Span(title);
        heading.addClassName("cs-section-label");
        list.addClassName("cs-event-rows");
        add = new Button("Add " + itemName.toLowerCase(java.util.Locale.ROOT), VaadinIcon.PLUS.create(), click -> {
            addRow().event.focus();
            refresh();
        });
        add.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        add(heading, list, error, add);
    }

    void setCatalog(BuilderCatalog catalog) {
        this.catalog = catalog;
        rows.forEach(row -> row.setCatalog(catalog));
    }

    List<EventSpec> value() {
        return rows.stream().map(EventSpecEditor::value).filter(Objects::nonNull).toList();
    }

    /** Shows these events, keeping {@code emptyRows} rows to fill in at least (a new funnel starts with two). */
    void setValue(List<EventSpec> specs, int emptyRows) {
        rows.clear();
        list.removeAll();
        specs.forEach(spec -> addRow().setValue(spec));
        while (rows.size() < emptyRows) {
            addRow();
        }
        refresh();
    }

    void bind(BuilderErrors errors, String path) {
        errors.bind(path, error);
        int index = 0;
        for (EventSpecEditor row : rows) {
            if (row.value() != null) {
                row.bind(errors, path + "[" + index++ + "]");
            }
        }
    }

    private EventSpecEditor addRow() {
        EventSpecEditor row = new EventSpecEditor(itemName + " " + (rows.size() + 1), onChange);
        row.setCatalog(catalog);
        row.remove.addClickListener(click -> {
            rows.remove(row);
            list.remove(row);
            refresh();
            onChange.run();
        });
        row.moveUp.addClickListener(click -> {
            int at = rows.indexOf(row);
            if (at > 0) {
                rows.remove(at);
                rows.add(at - 1, row);
                list.removeAll();
                rows.forEach(list::add);
                refresh();
                onChange.run();
            }
        });
        rows.add(row);
        list.add(row);
        return row;
    }

    private void refresh() {
        for (int i = 0; i < rows.size(); i++) {
            EventSpecEditor row = rows.get(i);
            String text = badge == null ? null : badge.apply(i);
            row.badge.setText(text == null ? "" : text);
            row.badge.setVisible(text != null);
            row.event.setAriaLabel(itemName + " " + (i + 1));
            // Hidden buttons keep their room (cs-no-action), so every row's event field is as wide as the others.
            row.moveUp.setVisible(true);
            row.moveUp.setEnabled(i > 0);
            row.moveUp.setClassName("cs-no-action", i == 0);
            row.remove.setVisible(true);
            row.remove.setEnabled(rows.size() > 1);
            row.remove.setClassName("cs-no-action", rows.size() <= 1);
        }
        add.setEnabled(rows.size() < MAX);
    }
}
