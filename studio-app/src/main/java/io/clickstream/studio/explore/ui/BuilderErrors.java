package io.clickstream.studio.explore.ui;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import io.clickstream.studio.base.FieldMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shows the engine's field errors in a builder. The engine names fields by their JSON path in the query
 * ({@code steps[1].conditions[0].values}); the builder binds its fields by those paths each time it makes a query,
 * and an error goes to the field of its path, else to the nearest bound parent ({@code steps[1].conditions}, then
 * {@code steps[1]}, then {@code steps}), else to the builder's general message area, so no error is ever dropped.
 */
final class BuilderErrors {

    private final Map<String, HasValidation> fields = new LinkedHashMap<>();
    private final List<HasValidation> shown = new ArrayList<>();
    final Div general = new Div();

    BuilderErrors() {
        general.addClassName("cs-builder-errors");
        general.setVisible(false);
        general.getElement().setAttribute("role", "alert");
    }

    /** Forgets every binding (the builder rebinds its current fields before each run). */
    void unbindAll() {
        fields.clear();
    }

    void bind(String path, HasValidation field) {
        fields.put(path, field);
    }

    void clear() {
        shown.forEach(field -> field.setInvalid(false));
        shown.clear();
        general.removeAll();
        general.setVisible(false);
    }

    void show(List<FieldMessage> errors) {
        clear();
        Map<HasValidation, List<String>> byField = new LinkedHashMap<>();
        for (FieldMessage error : errors) {
            HasValidation field = fieldOf(error.field());
            String message = plain(error);
            if (field == null) {
                Span line = new Span(message);
                line.addClassName("cs-builder-error");
                general.add(line);
                general.setVisible(true);
            } else {
                byField.computeIfAbsent(field, f -> new ArrayList<>()).add(message);
            }
        }
        byField.forEach((field, messages) -> {
            field.setErrorMessage(String.join(" ", messages));
            field.setInvalid(true);
            shown.add(field);
        });
    }

    /** The field an error path lands on: its own, else its nearest bound parent; null when nothing is bound. */
    HasValidation fieldOf(String path) {
        String current = path;
        while (current != null && !current.isEmpty()) {
            HasValidation field = fields.get(current);
            if (field != null) {
                return field;
            }
            current = parent(current);
        }
        return null;
    }

    static String parent(String path) {
        int dot = path.lastIndexOf('.');
        int bracket = path.lastIndexOf('[');
        int cut = Math.max(dot, bracket);
        return cut <= 0 ? null : path.substring(0, cut);
    }

    /** The engine's message as a sentence a person reads next to a field (the API's JSON words left out). */
    static String plain(FieldMessage error) {
        String message = error.message();
        String field = error.field();
        if (message.startsWith("required")) {
            if (field.endsWith(".event") || field.equals("startEvent") || field.equals("returnEvent")
                    || field.equals("goal")) {
                message = "pick an event";
            } else if (field.startsWith("timeRange")) {
                message = "choose a time range";
            } else if (field.startsWith("window")) {
                message = "choose a window";
            } else if (field.endsWith(".property")) {
                message = "pick a property";
            } else {
                message = "required";
            }
        } else if (message.contains("needs a numeric valueProperty")) {
            message = "pick a property with numbers to compute this of";
        } else if (message.startsWith("only sum, avg")) {
            message = "only sums, averages, minimums, maximums and medians are of a property";
        } else if (message.equals("give a startNode or an endNode, not both")) {
            message = "start from a node or end at one, not both";
        } else if (message.equals("only with journeyBy GAP")) {
            message = "only journeys cut by a gap have one";
        }
        String first = message.split(" ", 2)[0];
        boolean word = !first.isEmpty() && first.chars().allMatch(Character::isLetter);
        String sentence = word ? Character.toUpperCase(message.charAt(0)) + message.substring(1) : message;
        return sentence.endsWith(".") ? sentence : sentence + ".";
    }
}
