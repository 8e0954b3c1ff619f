package io.clickstream.pipeline.definition;

import java.util.List;
import java.util.stream.Collectors;

/** A definition text that cannot be read: not YAML or JSON, an unknown field, a value of the wrong type. */
public final class DefinitionFormatException extends IllegalArgumentException {

    private final transient List<FieldError> errors;

    public DefinitionFormatException(List<FieldError> errors, Throwable cause) {
        super(errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")), cause);
        this.errors = List.copyOf(errors);
    }

    /** What is wrong, by field. */
    public List<FieldError> errors() {
        return errors;
    }
}
