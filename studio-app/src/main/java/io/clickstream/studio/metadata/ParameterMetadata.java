package io.clickstream.studio.metadata;

import java.time.Instant;
import java.util.List;

/**
 * A parameter of one event name: a custom attribute the app sends, or an SDK preset attribute the ETL keeps in a
 * column of its own ({@code _page_url}, {@code _value}, ...).
 *
 * @param eventName the event that carries it
 * @param type      the narrowest type all its values fit
 * @param samples   a few of its most frequent values
 * @param events    how many events carry it
 */
public record ParameterMetadata(String eventName, String name, String displayName, String description,
                                String category, boolean preset, ValueType type, List<String> samples, long events,
                                Instant firstSeen, Instant lastSeen, long version) implements MetadataEntry {

    public ParameterMetadata {
        samples = List.copyOf(samples);
    }
}
