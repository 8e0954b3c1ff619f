package io.clickstream.studio.explore.model;

import com.fasterxml.jackson.annotation.JsonCreator;

/** Buckets of a trend or of retention periods: calendar days, weeks starting on Monday, calendar months. */
public enum Granularity {
    DAY, WEEK, MONTH;

    @JsonCreator
    public static Granularity of(String text) {
        return Lenient.parse(Granularity.class, text);
    }
}
