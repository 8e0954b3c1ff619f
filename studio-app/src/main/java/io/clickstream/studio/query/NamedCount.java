package io.clickstream.studio.query;

/** A count for one value of a dimension, such as an event name. */
public record NamedCount(String name, long count) {
}
