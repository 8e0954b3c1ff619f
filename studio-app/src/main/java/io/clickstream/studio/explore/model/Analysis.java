package io.clickstream.studio.explore.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The six analyses, each with its query record: the {@code {analysis}} of {@code /explore/{analysis}} and the kind of
 * a saved exploration.
 */
public enum Analysis {
    EVENT(EventQuery.class, "Event trends"),
    FUNNEL(FunnelQuery.class, "Funnel"),
    PATH(PathQuery.class, "Path"),
    RETENTION(RetentionQuery.class, "Retention"),
    ATTRIBUTION(AttributionQuery.class, "Attribution"),
    LIFECYCLE(LifecycleQuery.class, "Lifecycle");

    private final Class<? extends Record> queryType;
    private final String label;

    Analysis(Class<? extends Record> queryType, String label) {
        this.queryType = queryType;
        this.label = label;
    }

    /** The record its query JSON reads into. */
    public Class<? extends Record> queryType() {
        return queryType;
    }

    /** Its name in words, for people. */
    public String label() {
        return label;
    }

    /** Its path segment and JSON value: {@code event}, {@code funnel}, ... */
    @JsonValue
    public String path() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Analysis of(String text) {
        return Lenient.parse(Analysis.class, text);
    }
}
