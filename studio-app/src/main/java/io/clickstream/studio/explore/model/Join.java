package io.clickstream.studio.explore.model;

import com.fasterxml.jackson.annotation.JsonCreator;

/** How the conditions of one list combine. */
public enum Join {
    AND, OR;

    @JsonCreator
    public static Join of(String text) {
        return Lenient.parse(Join.class, text);
    }
}
