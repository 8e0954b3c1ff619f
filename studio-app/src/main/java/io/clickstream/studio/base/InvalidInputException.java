package io.clickstream.studio.base;

import java.util.List;

/**
 * Input that a service refused before changing anything, with a message per field. Forms show each message next
 * to its field; the API answers {@code 400} with them as {@code errors}.
 */
public class InvalidInputException extends RuntimeException {

    private final List<FieldMessage> errors;

    public InvalidInputException(List<FieldMessage> errors) {
        super(errors.isEmpty() ? "invalid input" : describe(errors));
        this.errors = List.copyOf(errors);
    }

    public static InvalidInputException of(String field, String message) {
        return new InvalidInputException(List.of(new FieldMessage(field, message)));
    }

    public List<FieldMessage> errors() {
        return errors;
    }

    /** The message of one field, if it has one. */
    public java.util.Optional<String> messageOf(String field) {
        return errors.stream().filter(e -> e.field().equals(field)).map(FieldMessage::message).findFirst();
    }

    private static String describe(List<FieldMessage> errors) {
        StringBuilder text = new StringBuilder();
        for (FieldMessage error : errors) {
            if (!text.isEmpty()) {
                text.append("; ");
            }
            text.append(error.field().isEmpty() ? "" : error.field() + ": ").append(error.message());
        }
        return text.toString();
    }
}
