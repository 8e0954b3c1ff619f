package io.clickstream.pipeline.lifecycle;

import io.clickstream.pipeline.definition.FieldError;
import java.util.List;
import java.util.stream.Collectors;

/** A definition that failed validation; nothing was stored or started. The API answers {@code 400} with {@link #errors()}. */
public final class InvalidDefinitionException extends IllegalArgumentException {

    private final transient List<FieldError> errors;

    public InvalidDefinitionException(List<FieldError> errors) {
        super("the pipeline definition is not valid: "
                + errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
