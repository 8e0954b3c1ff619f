package io.clickstream.studio.metadata;

import java.time.Instant;

/**
 * The last scan of an app that found something new.
 *
 * @param at     when it finished
 * @param millis how long it took
 * @param scan   its number (the app's scans that changed something, counted)
 */
public record LastScan(Instant at, long millis, long scan) {
}
