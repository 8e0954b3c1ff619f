package io.clickstream.metadata;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the studio keeps (projects, apps, users, tokens, explorations, dashboards, embed links, pipelines,
 * event metadata, the audit log) as items of one table, the way DynamoDB single-table designs do: a partition key
 * groups items, a sort key orders them, and every change is conditional on the version the writer read, so two
 * people editing the same thing never silently overwrite each other.
 *
 * <p>There are no transactions (DynamoDB-compatible servers used in tests lack them): each call changes one item
 * atomically and durably. A call that returns has committed its change; a call that throws has changed nothing.
 * Implementations are thread-safe.
 */
public interface MetadataStore extends AutoCloseable {

    /** The largest page a query returns, whatever limit is asked for. */
    int MAX_PAGE = 1000;

    Optional<Item> get(ItemKey key);

    /**
     * Items of partition {@code pk} whose sort key starts with {@code skPrefix} (empty for all), in ascending
     * sort-key order (by UTF-8 bytes, as DynamoDB orders them), after {@code startAfter} (exclusive; null to start
     * at the beginning), at most {@code limit} (capped at {@link #MAX_PAGE}).
     */
    ItemPage query(String pk, String skPrefix, String startAfter, int limit);

    /** Stores a new item at version 1; {@link ItemConflictException} if one exists at that key. */
    Item create(ItemKey key, Map<String, ?> attributes);

    /**
     * Replaces the attributes of the item at {@code expectedVersion} and returns it at the next version;
     * {@link ItemConflictException} if it was changed or deleted since.
     */
    Item update(ItemKey key, long expectedVersion, Map<String, ?> attributes);

    /** Deletes the item at {@code expectedVersion}; {@link ItemConflictException} if it was changed or deleted. */
    void delete(ItemKey key, long expectedVersion);

    /**
     * Applies many creates and updates, each on its own terms: every write is checked against its own expected
     * version and succeeds or conflicts alone (a conflict stops nothing else; this is no transaction). Results come
     * in the order of {@code writes}. Adapters may group the writes for speed (the SQLite file commits them
     * together, with one sync to disk instead of one per item); the default writes them one by one.
     */
    default List<ItemWriteResult> writeAll(List<ItemWrite> writes) {
        List<ItemWriteResult> results = new ArrayList<>(writes.size());
        for (ItemWrite write : writes) {
            try {
                Item item = write.expectedVersion() == 0
                        ? create(write.key(), write.attributes())
                        : update(write.key(), write.expectedVersion(), write.attributes());
                results.add(new ItemWriteResult(item, null));
            } catch (ItemConflictException e) {
                results.add(new ItemWriteResult(null, e));
            }
        }
        return results;
    }

    /** Where the items live, for logs and the about page (never secrets). */
    String describe();

    /** Every item of a partition with the prefix, page by page. */
    default List<Item> queryAll(String pk, String skPrefix) {
        List<Item> all = new ArrayList<>();
        String after = null;
        do {
            ItemPage page = query(pk, skPrefix, after, MAX_PAGE);
            all.addAll(page.items());
            after = page.nextAfter();
        } while (after != null);
        return all;
    }

    @Override
    void close();
}
