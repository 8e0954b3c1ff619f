package io.clickstream.studio.query;

import java.util.List;

/** SQL text with {@code ?} placeholders and the values bound to them, in order. User input only ever goes here. */
record BoundQuery(String sql, List<Object> parameters) {

    BoundQuery {
        long placeholders = sql.chars().filter(c -> c == '?').count();
        if (placeholders != parameters.size()) {
            throw new IllegalArgumentException(
                    "SQL has " + placeholders + " placeholders but " + parameters.size() + " parameters: " + sql);
        }
        parameters = List.copyOf(parameters);
    }
}
