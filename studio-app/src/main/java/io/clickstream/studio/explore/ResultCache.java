package io.clickstream.studio.explore;

import io.clickstream.studio.explore.exec.ResultTable;
import io.clickstream.studio.explore.sql.BoundQuery;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers of recent queries, keyed by the statement, its values and the data version they were computed on: a new
 * ETL commit changes the version, so an answer on older data is never served (it ages out of the LRU order).
 */
final class ResultCache {

    private record Key(String engine, String sql, java.util.List<Object> parameters, String dataVersion) {
    }

    private final int capacity;
    private final Map<Key, ResultTable> entries;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    ResultCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, ResultTable> eldest) {
                return size() > ResultCache.this.capacity;
            }
        };
    }

    synchronized ResultTable get(String engine, BoundQuery query, String dataVersion) {
        if (capacity == 0) {
            return null;
        }
        ResultTable table = entries.get(new Key(engine, query.sql(), query.parameters(), dataVersion));
        (table == null ? misses : hits).incrementAndGet();
        return table;
    }

    synchronized void put(String engine, BoundQuery query, String dataVersion, ResultTable table) {
        if (capacity > 0) {
            entries.put(new Key(engine, query.sql(), query.parameters(), dataVersion), table);
        }
    }

    long hits() {
        return hits.get();
    }

    long misses() {
        return misses.get();
    }
}
