package io.clickstream.studio.metadata;

import java.util.ArrayList;
import java.util.List;

/**
 * What an analyst changes on an event, parameter or user attribute. A null field stays as it is; an empty one is
 * cleared, which brings back the SDK preset's text (or none).
 *
 * @param displayName at most {@value #MAX_DISPLAY_NAME} characters, one line
 * @param description at most {@value #MAX_DESCRIPTION} characters
 * @param category    at most {@value #MAX_CATEGORY} characters, one line
 */
public record MetadataEdit(String displayName, String description, String category) {

    public static final int MAX_DISPLAY_NAME = 100;
    public static final int MAX_DESCRIPTION = 2000;
    public static final int MAX_CATEGORY = 50;

    /** A field that cannot be stored, and why in words for the person who typed it. */
    public record FieldError(String field, String message) {
    }

    /** What is wrong with the edit; empty when it can be saved. */
    public List<FieldError> problems() {
        List<FieldError> problems = new ArrayList<>();
        line("displayName", "Display name", displayName, MAX_DISPLAY_NAME, problems);
        line("category", "Category", category, MAX_CATEGORY, problems);
        if (description != null) {
            if (description.length() > MAX_DESCRIPTION) {
                problems.add(new FieldError("description", "Description is longer than " + MAX_DESCRIPTION
                        + " characters (" + description.length() + ")"));
            } else if (description.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\t' && c != '\r')) {
                problems.add(new FieldError("description", "Description contains control characters"));
            }
        }
        return problems;
    }

    private static void line(String field, String label, String value, int max, List<FieldError> problems) {
        if (value == null) {
            return;
        }
        if (value.length() > max) {
            problems.add(new FieldError(field, label + " is longer than " + max + " characters (" + value.length()
                    + ")"));
        } else if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            problems.add(new FieldError(field, label + " must be one line without control characters"));
        }
    }
}
