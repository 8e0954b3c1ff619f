package io.clickstream.studio.explore;

/** What is wrong with one field of a query, by its JSON path ({@code steps[2].event}). */
public record FieldError(String field, String message) {
}
