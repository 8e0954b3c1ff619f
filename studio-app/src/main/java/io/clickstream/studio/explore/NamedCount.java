package io.clickstream.studio.explore;

/** A count for one value of a dimension, such as an event name. */
public record NamedCount(String name, long count) {
}
