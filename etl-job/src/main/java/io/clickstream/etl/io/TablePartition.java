package io.clickstream.etl.io;

import java.time.LocalDate;

/** One {@code (app_id, event_date)} partition of a modeled table (or {@code (app_id, date)} of quarantine). */
public record TablePartition(String appId, LocalDate date) {
}
