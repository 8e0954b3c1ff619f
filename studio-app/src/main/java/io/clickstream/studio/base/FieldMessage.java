package io.clickstream.studio.base;

/**
 * What is wrong with one input field, in words for the person who typed it: shown next to the field in a form,
 * and as an element of {@code errors: [{field, message}]} in the API's problem details.
 *
 * @param field   the field's name as the API spells it ({@code appId}, {@code timeZone}); empty for the whole input
 * @param message what is wrong and how to fix it
 */
public record FieldMessage(String field, String message) {
}
