package io.clickstream.studio.metadata;

import io.clickstream.metadata.Item;
import io.clickstream.metadata.MetadataStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * An app's metadata as lists to search, sort and page, read from the store once and kept in memory: a grid of
 * 10,000 parameters pages through a sorted list instead of querying the store per page. A list is read again after
 * a scan or an edit in this studio, and at the latest {@link #MAX_AGE} after it was read (changes made by another
 * studio sharing the store).
 */
public class MetadataCatalog {

    static final Duration MAX_AGE = Duration.ofSeconds(30);

    private final MetadataStore store;
    private final Clock clock;
    private final ConcurrentMap<String, Snapshot<?>> snapshots = new ConcurrentHashMap<>();

    public MetadataCatalog(MetadataStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** One page of the entries that match the query, in its order. */
    public <T extends MetadataEntry> MetadataPage<T> page(String appId, MetadataKind<T> kind, MetadataQuery query,
                                                         int offset, int limit) {
        List<T> matching = snapshot(appId, kind).matching(kind, query);
        int from = Math.min(Math.max(0, offset), matching.size());
        int to = Math.min(matching.size(), from + Math.max(0, limit));
        return new MetadataPage<>(matching.subList(from, to), matching.size());
    }

    /** Every entry of a kind, by name. */
    public <T extends MetadataEntry> List<T> all(String appId, MetadataKind<T> kind) {
        return snapshot(appId, kind).entries;
    }

    public Optional<EventMetadata> event(String appId, String name) {
        return find(appId, MetadataKind.EVENTS, MetadataItems.eventKey(name));
    }

    public Optional<ParameterMetadata> parameter(String appId, String eventName, String name) {
        return find(appId, MetadataKind.PARAMETERS, MetadataItems.parameterKey(eventName, name));
    }

    public Optional<UserAttributeMetadata> userAttribute(String appId, String name) {
        return find(appId, MetadataKind.USER_ATTRIBUTES, MetadataItems.userAttributeKey(name));
    }

    /** Forgets what was read of an app, so the next call reads the store again. */
    public void invalidate(String appId) {
        snapshots.keySet().removeIf(key -> key.startsWith(MetadataItems.partition(appId) + "|"));
    }

    private <T extends MetadataEntry> Optional<T> find(String appId, MetadataKind<T> kind, String sortKey) {
        return Optional.ofNullable(snapshot(appId, kind).bySortKey.get(sortKey));
    }

    @SuppressWarnings("unchecked")
    private <T extends MetadataEntry> Snapshot<T> snapshot(String appId, MetadataKind<T> kind) {
        String key = MetadataItems.partition(appId) + "|" + kind.prefix();
        long now = clock.millis();
        Snapshot<T> snapshot = (Snapshot<T>) snapshots.get(key);
        if (snapshot == null || now - snapshot.loadedAt > MAX_AGE.toMillis()) {
            List<Item> items = store.queryAll(MetadataItems.partition(appId), kind.prefix());
            snapshot = new Snapshot<>(now, items.stream().map(kind::decode)
                    .sorted(kind.comparator("name", false)).toList(), kind);
            snapshots.put(key, snapshot);
        }
        return snapshot;
    }

    /**
     * The entries of one kind as read at one time, with their search text made once, and the last query's result
     * kept for the next page (a grid asks for the count and then page after page of the same query).
     */
    private static final class Snapshot<T extends MetadataEntry> {
        final long loadedAt;
        final List<T> entries;
        final Map<String, T> bySortKey = new HashMap<>();
        private final Map<T, String> searchText = new java.util.IdentityHashMap<>();
        private volatile Map.Entry<MetadataQuery, List<T>> lastQuery;

        Snapshot(long loadedAt, List<T> entries, MetadataKind<T> kind) {
            this.loadedAt = loadedAt;
            this.entries = entries;
            entries.forEach(e -> {
                bySortKey.put(kind.sortKey(e), e);
                searchText.put(e, kind.searchText(e));
            });
        }

        List<T> matching(MetadataKind<T> kind, MetadataQuery query) {
            Map.Entry<MetadataQuery, List<T>> last = lastQuery;
            if (last != null && last.getKey().equals(query)) {
                return last.getValue();
            }
            Comparator<T> order = kind.comparator(query.sort(), query.descending());
            String[] words = query.words();
            List<T> result = entries.stream()
                    .filter(e -> query.eventName() == null
                            || (e instanceof ParameterMetadata p && p.eventName().equals(query.eventName())))
                    .filter(e -> words.length == 0 || matchesAll(searchText.get(e), words))
                    .sorted(order)
                    .toList();
            lastQuery = Map.entry(query, result);
            return result;
        }

        private static boolean matchesAll(String text, String[] words) {
            for (String word : words) {
                if (!text.contains(word)) {
                    return false;
                }
            }
            return true;
        }
    }
}
