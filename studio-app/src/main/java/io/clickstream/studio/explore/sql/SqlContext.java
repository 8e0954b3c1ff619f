package io.clickstream.studio.explore.sql;

import io.clickstream.studio.explore.model.DateSpan;
import java.util.Map;

/**
 * What a statement is built for: the app, the dates of the range (resolved in the app's zone), and the properties
 * the query names, each already checked against the app's metadata.
 */
public record SqlContext(String appId, DateSpan range, Map<String, Property> properties) {

    public SqlContext {
        properties = Map.copyOf(properties);
    }

    Property property(String reference) {
        Property property = properties.get(reference);
        if (property == null) {
            throw new IllegalStateException("property not resolved before building SQL: " + reference);
        }
        return property;
    }
}
