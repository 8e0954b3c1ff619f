package io.clickstream.pipeline.definition;

import java.util.Objects;

/**
 * One problem with one field of a definition, in words a person understands: the JSON API returns these as the
 * {@code errors} of its problem details, the studio shows each message next to its field.
 *
 * @param field   the field's path in the definition, e.g. {@code ingestion.port} or
 *                {@code processing.plugins[0].className}; empty for the document as a whole
 * @param message what is wrong and, where it helps, what to do
 */
public record FieldError(String field, String message) {

    public FieldError {
        field = field == null ? "" : field;
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return field.isEmpty() ? message : field + ": " + message;
    }
}
