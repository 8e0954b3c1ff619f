package io.clickstream.studio.explore.model;

import java.util.List;

/**
 * Trends of one or more events: per {@code granularity} bucket, the {@code computeMethod} over the events of each
 * series, optionally split by one {@code groupBy} property. {@code conditions} (joined by {@code join}) filter
 * every event; each event's own conditions filter only its series.
 */
public record EventQuery(TimeRange timeRange, List<EventSpec> events, Granularity granularity,
                         ComputeMethod computeMethod, String valueProperty, String groupBy,
                         List<Condition> conditions, Join join) {

    public EventQuery {
        events = events == null ? List.of() : events;
        conditions = conditions == null ? List.of() : conditions;
        granularity = granularity == null ? Granularity.DAY : granularity;
        computeMethod = computeMethod == null ? ComputeMethod.EVENTS : computeMethod;
    }
}
