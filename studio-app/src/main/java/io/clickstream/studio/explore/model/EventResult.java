package io.clickstream.studio.explore.model;

import java.time.LocalDate;
import java.util.List;

/**
 * Trends: one series per event (and group), with a point for every bucket of the range, dated by the bucket's
 * first day. Counts are 0 and aggregates {@code null} where a bucket has no event.
 */
public record EventResult(List<Series> series, String sql) {

    /** One event's (and group's) trend; {@code group} is null without a group-by. */
    public record Series(String event, String group, List<Point> points) {
    }

    /** A bucket's value. */
    public record Point(LocalDate date, Number value) {
    }
}
