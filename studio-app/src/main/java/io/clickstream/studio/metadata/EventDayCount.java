package io.clickstream.studio.metadata;

import java.time.LocalDate;

/** How often an event name occurs in one event-date partition, and its earliest and latest event time (epoch ms). */
record EventDayCount(LocalDate date, String eventName, long events, long firstMillis, long lastMillis) {
}
