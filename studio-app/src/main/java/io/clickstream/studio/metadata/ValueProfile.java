package io.clickstream.studio.metadata;

import java.time.LocalDate;
import java.util.List;

/**
 * What the values of one parameter look like in one event-date partition: an event parameter ({@code eventName}
 * set) or a user attribute ({@code eventName} null).
 *
 * @param preset      an SDK attribute the ETL keeps in a column of its own ({@code _page_url} in {@code page_url})
 *                    rather than in the custom-parameter map
 * @param count       events that carry the parameter, or users that have the attribute
 * @param firstMillis earliest event time (user attributes: first touch) in epoch ms
 * @param lastMillis  latest event time (user attributes: last seen) in epoch ms
 * @param type        {@code boolean}, {@code integer}, {@code double} or {@code string}: the narrowest that every
 *                    value fits (the ETL stores custom values as text)
 * @param samples     a few of the most frequent values
 */
record ValueProfile(LocalDate date, String eventName, String name, boolean preset, long count,
                           long firstMillis, long lastMillis, String type, List<String> samples) {

    public ValueProfile {
        samples = List.copyOf(samples);
    }
}
