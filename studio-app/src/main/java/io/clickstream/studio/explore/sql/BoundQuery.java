package io.clickstream.studio.explore.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * SQL text with placeholders (in its dialect's form) and the values bound to them, in order. User input only
 * ever goes into {@code parameters}. Lists are copied, but may hold nulls (a bound NULL).
 */
public record BoundQuery(String sql, List<Object> parameters) {

    public BoundQuery {
        parameters = Collections.unmodifiableList(new ArrayList<>(parameters));
    }

    /** The SQL with each parameter written after it as a comment, for people to read ("show SQL"). */
    public String describe() {
        StringBuilder text = new StringBuilder(sql);
        if (!parameters.isEmpty()) {
            text.append("\n-- parameters: ");
            for (int i = 0; i < parameters.size(); i++) {
                Object value = parameters.get(i);
                text.append(i == 0 ? "" : ", ").append(i + 1).append('=')
                        .append(value instanceof String s ? "'" + s.replace("\n", " ") + "'" : String.valueOf(value));
            }
        }
        return text.toString();
    }
}
