package io.clickstream.etl.parse;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.storage.StorageLevel;

/**
 * The decoded rows of a pass, kept in memory (spilling to disk) as Spark's binary rows for the few reads of one
 * pass. Spark's own columnar cache ({@code Dataset.persist}) lets readers skip columns, but building it cost more
 * than reading whole rows saves for a single pass: the benchmark's pass took 87-93 cpu-s with it and 76-80
 * without.
 */
public final class StageCache {

    /** Rows of one {@code (kind, app_id, part_date)}. */
    public record Count(int kind, String appId, String partDate, long rows, long withoutSession, long withItems)
            implements Serializable {
    }

    private final JavaRDD<InternalRow> rows;

    private StageCache(JavaRDD<InternalRow> rows) {
        this.rows = rows;
    }

    /** Keeps {@code decoded} (rows of {@link StageRows#SCHEMA}) once they are first computed. */
    public static StageCache of(JavaRDD<InternalRow> decoded) {
        return new StageCache(decoded.mapPartitions(StageCache::compact).persist(StorageLevel.MEMORY_AND_DISK()));
    }

    /**
     * The identity of one decoded event: what de-duplication, sessions and users key on. A small pass brings these
     * to the driver with its counts, so that it knows which ids, sessions and users it touches without a job of its
     * own for each.
     */
    public record EventKey(String appId, String partDate, String eventId, String userPseudoId, String sessionId)
            implements Serializable {
    }

    /**
     * What the counting job found: rows per kind, app and date, and the keys of every event when there are at most
     * the limit asked for (else null).
     */
    public record Summary(List<Count> counts, List<EventKey> keys) {
    }

    /** One task's share of a {@link Summary}. */
    record Part(List<Count> counts, List<EventKey> keys) implements Serializable {
    }

    /** {@link #summarize} without keys. */
    public List<Count> counts() {
        return summarize(-1).counts();
    }

    /**
     * Rows per kind, app and date, with how many events lack a session id or carry items, and the keys of the events
     * when they are at most {@code keyLimit}; computes the cache.
     */
    public Summary summarize(int keyLimit) {
        int kind = ordinal(StageRows.KIND), app = ordinal(StageRows.APP_ID), date = ordinal(StageRows.PART_DATE);
        int session = ordinal("session_id"), items = ordinal(StageRows.ITEMS);
        int id = ordinal("event_id"), user = ordinal("user_pseudo_id");
        List<Part> parts = rows.mapPartitions((Iterator<InternalRow> it) -> {
            Map<List<Object>, long[]> n = new HashMap<>();
            List<EventKey> keys = keyLimit >= 0 ? new ArrayList<>() : null;
            while (it.hasNext()) {
                InternalRow r = it.next();
                long[] c = n.computeIfAbsent(List.of(r.getInt(kind), r.getUTF8String(app).toString(),
                        r.getUTF8String(date).toString()), k -> new long[3]);
                c[0]++;
                c[1] += r.isNullAt(session) ? 1 : 0;
                c[2] += r.isNullAt(items) ? 0 : 1;
                if (keys != null && r.getInt(kind) == StageRows.KIND_EVENT) {
                    keys = keys.size() < keyLimit ? keys : null;
                    if (keys != null) {
                        keys.add(new EventKey(r.getUTF8String(app).toString(), r.getUTF8String(date).toString(),
                                text(r, id), text(r, user), text(r, session)));
                    }
                }
            }
            List<Count> out = new ArrayList<>();
            n.forEach((k, c) -> out.add(new Count((Integer) k.get(0), (String) k.get(1), (String) k.get(2), c[0], c[1], c[2])));
            return List.of(new Part(out, keys)).iterator();
        }).collect();
        Map<List<Object>, Count> total = new HashMap<>();
        List<EventKey> keys = keyLimit >= 0 ? new ArrayList<>() : null;
        for (Part part : parts) {
            for (Count c : part.counts()) {
                total.merge(List.of(c.kind(), c.appId(), c.partDate()), c, (a, b) -> new Count(a.kind(), a.appId(),
                        a.partDate(), a.rows() + b.rows(), a.withoutSession() + b.withoutSession(),
                        a.withItems() + b.withItems()));
            }
            if (keys != null && part.keys() != null && keys.size() + part.keys().size() <= keyLimit) {
                keys.addAll(part.keys());
            } else {
                keys = null;
            }
        }
        return new Summary(List.copyOf(total.values()), keys == null ? null : List.copyOf(keys));
    }

    private static String text(InternalRow r, int ordinal) {
        return r.isNullAt(ordinal) ? null : r.getUTF8String(ordinal).toString();
    }

    /**
     * The rows as a Dataset of {@link StageRows#SCHEMA}. (Spark's scan copies every column of a row before the
     * readers' projections drop most of them; handing each reader a narrower copy made by a projection of its own
     * measured slower, 80-83 against 76-80 cpu-s for the whole benchmark pass, so readers select their columns in
     * Spark.)
     */
    public Dataset<Row> rows(SparkSession spark) {
        return ((org.apache.spark.sql.classic.SparkSession) spark)
                .internalCreateDataFrame(rows.rdd(), StageRows.SCHEMA, false);
    }

    /** The rows of {@link StageRows#SCHEMA} as they are kept. */
    public JavaRDD<InternalRow> rdd() {
        return rows;
    }

    public void unpersist() {
        rows.unpersist(false);
    }

    private static int ordinal(String column) {
        return StageRows.SCHEMA.fieldIndex(column);
    }

    private static Iterator<InternalRow> compact(Iterator<InternalRow> decoded) {
        UnsafeProjection unsafe = UnsafeProjection.create(StageRows.SCHEMA);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return decoded.hasNext();
            }

            @Override
            public InternalRow next() {
                return unsafe.apply(decoded.next()).copy();
            }
        };
    }
}
