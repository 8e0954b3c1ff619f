package io.clickstream.studio.explore.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a trend counts: distinct users ({@code user_pseudo_id}), events, distinct sessions, or an aggregate of a
 * numeric property ({@code valueProperty}).
 */
public enum ComputeMethod {
    USERS, EVENTS, SESSIONS, SUM, AVG, MIN, MAX, MEDIAN;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ComputeMethod of(String text) {
        return Lenient.parse(ComputeMethod.class, text);
    }

    public boolean needsValue() {
        return ordinal() >= SUM.ordinal();
    }
}
