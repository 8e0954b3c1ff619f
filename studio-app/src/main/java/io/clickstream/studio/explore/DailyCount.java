package io.clickstream.studio.explore;

import java.time.LocalDate;

/** A count for one event date. */
public record DailyCount(LocalDate day, long count) {
}
