package io.clickstream.etl.table;

import java.io.Serializable;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The position of an event in time, {@code (event_time_msec, event_id)}, as the modeled tables order events: by time,
 * then by id in UTF-8 byte order, exactly as Spark compares {@code struct(event_time_msec, event_id)}. The Java
 * aggregates use it to pick the first or last value of a group the way {@code min_by}/{@code max_by} would.
 */
record FirstLast(long time, UTF8String id) implements Serializable {

    /** Negative, zero or positive as {@code a} is before, equal to or after {@code b}; null is before everything. */
    static int compare(FirstLast a, FirstLast b) {
        if (a == b) {
            return 0;
        }
        if (a == null || b == null) {
            return a == null ? -1 : 1;
        }
        return compare(a, b.time, b.id);
    }

    /** {@code a} against the position {@code (time, id)}; a null {@code a} is before it. */
    static int compare(FirstLast a, long time, UTF8String id) {
        if (a == null) {
            return -1;
        }
        int c = Long.compare(a.time, time);
        if (c != 0) {
            return c;
        }
        if (a.id == null || id == null) {
            return a.id == null ? (id == null ? 0 : -1) : 1;
        }
        return a.id.compareTo(id);
    }

    static boolean before(FirstLast a, FirstLast b) {
        return compare(a, b) < 0;
    }
}
