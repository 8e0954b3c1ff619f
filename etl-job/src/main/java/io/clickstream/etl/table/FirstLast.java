package io.clickstream.etl.table;

import java.io.Serializable;

/**
 * The position of an event in time, {@code (event_time_msec, event_id)}, as the modeled tables order events: by time,
 * then by id in code-point (UTF-8 byte) order, as Spark compares {@code struct(event_time_msec, event_id)}. The
 * Java aggregates use it to pick the first or last value of a group the way {@code min_by}/{@code max_by} would.
 */
record FirstLast(long time, String id) implements Serializable {

    /** Negative, zero or positive as {@code a} is before, equal to or after {@code b}; null is before everything. */
    static int compare(FirstLast a, FirstLast b) {
        if (a == b) {
            return 0;
        }
        if (a == null) {
            return -1;
        }
        if (b == null) {
            return 1;
        }
        int c = Long.compare(a.time, b.time);
        return c != 0 ? c : compareIds(a.id, b.id);
    }

    static boolean before(FirstLast a, FirstLast b) {
        return compare(a, b) < 0;
    }

    /** Code-point order (the order of UTF-8 bytes), nulls first. */
    static int compareIds(String a, String b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                // Surrogates (supplementary code points) sort after every other UTF-16 unit in code-point order.
                boolean sx = Character.isSurrogate(x);
                boolean sy = Character.isSurrogate(y);
                if (sx != sy) {
                    return sx ? 1 : -1;
                }
                return Character.compare(x, y);
            }
        }
        return Integer.compare(a.length(), b.length());
    }
}
