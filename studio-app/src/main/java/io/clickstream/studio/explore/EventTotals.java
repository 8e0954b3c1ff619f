package io.clickstream.studio.explore;

/** Headline numbers of an app over a date range: events, distinct users, distinct sessions. */
public record EventTotals(long events, long users, long sessions) {

    public static final EventTotals NONE = new EventTotals(0, 0, 0);
}
