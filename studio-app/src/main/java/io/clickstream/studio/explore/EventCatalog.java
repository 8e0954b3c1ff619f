package io.clickstream.studio.explore;

import io.clickstream.studio.explore.model.ValueType;
import java.util.Map;
import java.util.Set;

/** Port: the event names, custom event parameters and user attributes an app's data holds, with their types. */
public interface EventCatalog {

    /** What is known of one app's events. */
    record AppMetadata(Set<String> events, Map<String, ValueType> eventParameters,
                       Map<String, ValueType> userAttributes) {

        public static final AppMetadata EMPTY = new AppMetadata(Set.of(), Map.of(), Map.of());

        public AppMetadata {
            events = Set.copyOf(events);
            eventParameters = Map.copyOf(eventParameters);
            userAttributes = Map.copyOf(userAttributes);
        }
    }

    AppMetadata metadataOf(String appId);
}
