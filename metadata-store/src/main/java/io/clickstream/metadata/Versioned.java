package io.clickstream.metadata;

/**
 * A record as read from the store, with the version to name when changing it (optimistic locking). Views and the
 * API carry the version to the next write, so a change made meanwhile by someone else is refused, not lost.
 */
public record Versioned<T>(T value, long version) {
}
