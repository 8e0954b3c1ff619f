package io.clickstream.model;

/** The protocol's size limits, enforced at the door by ingestion and again per event by the ETL. */
public final class IngestionLimits {

    /** Largest accepted body after decompression (413 above it). */
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    public static final int MAX_ITEMS_PER_EVENT = 100;
    public static final int MAX_USER_ATTRIBUTES_PER_EVENT = 100;
    public static final int MAX_ATTRIBUTES_PER_EVENT = 500;
    /** Deepest JSON nesting accepted; an event with items with a nested custom value is 5 deep. */
    public static final int MAX_NESTING_DEPTH = 16;
    /** Most events in one request. */
    public static final int MAX_EVENTS_PER_REQUEST = 10_000;

    private IngestionLimits() {
    }
}
