package io.clickstream.studio.explore.sql;

import io.clickstream.studio.explore.model.ValueType;

/**
 * A property a query refers to, resolved against the app's metadata: an event table column, a custom event
 * parameter ({@code event.<name>}) or a user attribute ({@code user.<name>}), with the type its values are
 * compared as.
 */
public record Property(Kind kind, String name, ValueType type) {

    /** Where a property's values live. */
    public enum Kind { COLUMN, EVENT_PARAMETER, USER_ATTRIBUTE }

    public boolean numeric() {
        return type == ValueType.NUMBER;
    }
}
