package io.clickstream.studio.query;

import java.time.LocalDate;

/** A count for one event date. */
public record DailyCount(LocalDate day, long count) {
}
