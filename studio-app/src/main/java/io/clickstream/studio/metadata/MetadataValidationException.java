package io.clickstream.studio.metadata;

import java.util.List;

/** An edit that cannot be stored, with what is wrong per field. Nothing was written. */
public class MetadataValidationException extends RuntimeException {

    private final List<MetadataEdit.FieldError> errors;

    public MetadataValidationException(List<MetadataEdit.FieldError> errors) {
        super(String.join("; ", errors.stream().map(MetadataEdit.FieldError::message).toList()));
        this.errors = List.copyOf(errors);
    }

    public List<MetadataEdit.FieldError> errors() {
        return errors;
    }
}
