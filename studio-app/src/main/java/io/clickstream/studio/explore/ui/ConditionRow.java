package io.clickstream.studio.explore.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import io.clickstream.studio.explore.model.Condition;
import io.clickstream.studio.explore.model.Operator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One condition of a builder: a property, a comparison that fits its type (numbers can be ordered, text cannot),
 * and the value(s) to compare with: none for "is set", two for "between", a comma-separated list for "is one of".
 */
final class ConditionRow extends Div {

    static final Map<Operator, String> LABELS = Map.ofEntries(Map.entry(Operator.EQ, "is"),
            Map.entry(Operator.NE, "is not"), Map.entry(Operator.GT, "greater than"), Map.entry(Operator.GE, "at least"),
            Map.entry(Operator.LT, "less than"), Map.entry(Operator.LE, "at most"),
            Map.entry(Operator.IN, "is one of"), Map.entry(Operator.NOT_IN, "is none of"),
            Map.entry(Operator.CONTAINS, "contains"), Map.entry(Operator.NOT_CONTAINS, "does not contain"),
            Map.entry(Operator.IS_NULL, "is not set"), Map.entry(Operator.IS_NOT_NULL, "is set"),
            Map.entry(Operator.BETWEEN, "between"));

    final PropertyField property = new PropertyField(null, false);
    final Select<Operator> operator = new Select<>();
    final TextField value = new TextField();
    final TextField upper = new TextField();
    final Button remove = new Button(VaadinIcon.CLOSE_SMALL.create());

    private BuilderCatalog catalog = BuilderCatalog.EMPTY;

    ConditionRow(Runnable onChange, Runnable onRemove) {
        addClassName("cs-condition");
        property.setAriaLabel("Property");
        operator.setAriaLabel("Comparison");
        operator.setItemLabelGenerator(op -> LABELS.getOrDefault(op, op.symbol()));
        operator.setItems(Operator.values());
        operator.setValue(Operator.EQ);
        value.setAriaLabel("Value");
        value.setPlaceholder("value");
        upper.setAriaLabel("Upper bound");
        upper.setPlaceholder("to");
        upper.setVisible(false);
        remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_CONTRAST);
        remove.setAriaLabel("Remove filter");
        remove.setTooltipText("Remove filter");
        remove.addClassName("cs-remove");
        property.addClassName("cs-condition-property");
        operator.addClassName("cs-condition-operator");
        value.addClassName("cs-condition-value");
        upper.addClassName("cs-condition-upper");
        add(property, remove, operator, value, upper);

        property.addValueChangeListener(e -> {
            fitOperators();
            onChange.run();
        });
        operator.addValueChangeListener(e -> {
            showValueFields();
            onChange.run();
        });
        value.addValueChangeListener(e -> onChange.run());
        upper.addValueChangeListener(e -> onChange.run());
        remove.addClickListener(e -> onRemove.run());
    }

    void setCatalog(BuilderCatalog catalog) {
        this.catalog = catalog;
        property.setCatalog(catalog);
        fitOperators();
    }

    /** A row without a property, or without the value its comparison needs, is a draft the query leaves out. */
    boolean isDraft() {
        Operator op = operator.getValue();
        if (property.getValue() == null || op == null) {
            return true;
        }
        return op.arity() != 0 && value.getValue().isBlank();
    }

    Condition value() {
        Operator op = operator.getValue();
        List<Object> values = new ArrayList<>();
        if (op.arity() == 2) {
            values.add(value.getValue().strip());
            values.add(upper.getValue().strip());
        } else if (op.arity() < 0) {
            Arrays.stream(value.getValue().split(",")).map(String::strip).filter(v -> !v.isEmpty())
                    .forEach(values::add);
        } else if (op.arity() == 1) {
            values.add(value.getValue().strip());
        }
        return new Condition(property.getValue(), op, null, List.copyOf(values));
    }

    void setValue(Condition condition) {
        property.setValue(condition.property());
        fitOperators();
        operator.setValue(condition.operator() == null ? Operator.EQ : condition.operator());
        List<Object> values = condition.allValues();
        if (condition.operator() != null && condition.operator().arity() < 0) {
            value.setValue(String.join(", ", values.stream().map(String::valueOf).toList()));
        } else {
            value.setValue(values.isEmpty() ? "" : String.valueOf(values.get(0)));
        }
        upper.setValue(values.size() > 1 ? String.valueOf(values.get(1)) : "");
        showValueFields();
    }

    void bind(BuilderErrors errors, String path) {
        errors.bind(path, property);
        errors.bind(path + ".property", property);
        errors.bind(path + ".operator", operator);
        errors.bind(path + ".value", value);
        errors.bind(path + ".values", value);
    }

    /** Numbers may be ordered; text offers only the comparisons that mean something for text. */
    private void fitOperators() {
        String reference = property.getValue();
        boolean numeric = reference != null && catalog.numeric(reference);
        Operator current = operator.getValue();
        List<Operator> fitting = Arrays.stream(Operator.values()).filter(op -> numeric || !op.numericOnly()).toList();
        if (!fitting.equals(operator.getListDataView().getItems().toList())) {
            operator.setItems(fitting);
            operator.setValue(current != null && fitting.contains(current) ? current : Operator.EQ);
        }
    }

    private void showValueFields() {
        Operator op = operator.getValue();
        int arity = op == null ? 1 : op.arity();
        value.setVisible(arity != 0);
        upper.setVisible(arity == 2);
        value.setPlaceholder(arity < 0 ? "a, b, c" : arity == 2 ? "from" : "value");
    }
}
