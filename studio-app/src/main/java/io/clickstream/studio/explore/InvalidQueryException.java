package io.clickstream.studio.explore;

import java.util.List;
import java.util.stream.Collectors;

/** A query that cannot run as asked, with every field at fault. */
public class InvalidQueryException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidQueryException(List<FieldError> errors) {
        super(errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
