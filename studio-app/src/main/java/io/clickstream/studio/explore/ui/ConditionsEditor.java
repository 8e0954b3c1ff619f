package io.clickstream.studio.explore.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.select.Select;
import io.clickstream.studio.explore.model.Condition;
import io.clickstream.studio.explore.model.Join;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of conditions (the filters of a whole exploration, or of one event) with a choice of whether all or any
 * must hold. Rows still being filled in are left out of the query until they are complete.
 */
final class ConditionsEditor extends Div {

    static final int MAX = 20;

    final List<ConditionRow> rows = new ArrayList<>();
    final Div list = new Div();
    final Button add;
    final Select<Join> join = new Select<>();
    final ErrorText error = new ErrorText();

    private final Runnable onChange;
    private BuilderCatalog catalog = BuilderCatalog.EMPTY;
    private boolean hideWhenEmpty;

    ConditionsEditor(String title, String addLabel, Runnable onChange) {
        this.onChange = onChange;
        addClassName("cs-conditions");
        join.setItems(Join.AND, Join.OR);
        join.setItemLabelGenerator(j -> j == Join.OR ? "Match any" : "Match all");
        join.setValue(Join.AND);
        join.setAriaLabel(title + ": how conditions combine");
        join.addThemeName("small");
        join.addValueChangeListener(e -> onChange.run());
        join.setVisible(false);
        add = new Button(addLabel, VaadinIcon.PLUS.create(), click -> addEmptyRow());
        add.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        list.addClassName("cs-condition-list");
        Div header = new Div();
        header.addClassName("cs-conditions-header");
        if (title != null) {
            Span heading = new Span(title);
            heading.addClassName("cs-section-label");
            header.add(heading);
        }
        header.add(join);
        add(header, list, error, add);
    }

    /** Shows the editor only while it has rows (an event's own conditions, added from its filter button). */
    void hideWhenEmpty() {
        hideWhenEmpty = true;
        refresh();
    }

    void setCatalog(BuilderCatalog catalog) {
        this.catalog = catalog;
        rows.forEach(row -> row.setCatalog(catalog));
    }

    List<Condition> conditions() {
        return rows.stream().filter(row -> !row.isDraft()).map(ConditionRow::value).toList();
    }

    /** OR, or null for the default AND (as the URL and the engine's records hold it). */
    Join joinValue() {
        return join.getValue() == Join.OR ? Join.OR : null;
    }

    void set(List<Condition> conditions, Join joinValue) {
        rows.clear();
        list.removeAll();
        conditions.forEach(condition -> addRow().setValue(condition));
        join.setValue(joinValue == Join.OR ? Join.OR : Join.AND);
        refresh();
    }

    void bind(BuilderErrors errors, String path) {
        errors.bind(path, error);
        errors.bind(path.endsWith("conditions") ? path.substring(0, path.length() - "conditions".length()) + "join"
                : path + ".join", join);
        int index = 0;
        for (ConditionRow row : rows) {
            if (!row.isDraft()) {
                row.bind(errors, path + "[" + index++ + "]");
            }
        }
    }

    /** Adds an empty row for the user to fill in, and puts the cursor in it. */
    void addEmptyRow() {
        addRow().property.focus();
    }

    private ConditionRow addRow() {
        ConditionRow[] created = new ConditionRow[1];
        created[0] = new ConditionRow(onChange, () -> {
            rows.remove(created[0]);
            list.remove(created[0]);
            refresh();
            onChange.run();
        });
        created[0].setCatalog(catalog);
        rows.add(created[0]);
        list.add(created[0]);
        refresh();
        return created[0];
    }

    private void refresh() {
        join.setVisible(rows.size() > 1);
        if (hideWhenEmpty) {
            setVisible(!rows.isEmpty());
        }
        add.setEnabled(rows.size() < MAX);
    }
}
