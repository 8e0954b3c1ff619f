package io.clickstream.studio.explore.saved;

import io.clickstream.metadata.Item;
import io.clickstream.metadata.ItemKey;
import io.clickstream.metadata.MetadataStore;
import io.clickstream.metadata.Versioned;
import io.clickstream.studio.base.ItemIds;
import io.clickstream.studio.explore.model.Analysis;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Repository;

/**
 * Saved explorations in the metadata store: partition {@value #PARTITION}, sort key the exploration's id, attributes
 * {@code appId}, {@code name}, {@code description}, {@code analysis} ({@code event}, {@code funnel}, ...), {@code query}
 * (JSON text), {@code owner}, {@code updatedAt} (ISO instant). Few per app, so listing an app's reads the partition.
 */
@Repository
public class SavedExplorationRepository {

    public static final String PARTITION = "EXPLORATION";

    private final MetadataStore store;

    SavedExplorationRepository(MetadataStore store) {
        this.store = store;
    }

    /** The app's saved explorations by name. */
    public List<Versioned<SavedExploration>> listOf(String appId) {
        return store.queryAll(PARTITION, "").stream().map(SavedExplorationRepository::exploration)
                .filter(e -> e.value().appId().equals(appId))
                .sorted(Comparator.comparing(e -> e.value().name().toLowerCase(java.util.Locale.ROOT)))
                .toList();
    }

    public Optional<Versioned<SavedExploration>> find(String id) {
        if (!ItemIds.isWellFormed(id)) {
            return Optional.empty();
        }
        return store.get(ItemKey.of(PARTITION, id)).map(SavedExplorationRepository::exploration);
    }

    /** Stores a new exploration under a fresh id (the one given in {@code exploration} is ignored). */
    public Versioned<SavedExploration> create(SavedExploration exploration) {
        String id = ItemIds.next();
        return exploration(store.create(ItemKey.of(PARTITION, id), attributes(exploration)));
    }

    public Versioned<SavedExploration> update(SavedExploration exploration, long expectedVersion) {
        return exploration(store.update(ItemKey.of(PARTITION, exploration.id()), expectedVersion,
                attributes(exploration)));
    }

    public void delete(String id, long expectedVersion) {
        store.delete(ItemKey.of(PARTITION, id), expectedVersion);
    }

    private static Map<String, Object> attributes(SavedExploration e) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("appId", e.appId());
        attributes.put("name", e.name());
        attributes.put("description", e.description());
        attributes.put("analysis", e.analysis().path());
        attributes.put("query", e.query());
        attributes.put("owner", e.owner());
        attributes.put("updatedAt", e.updatedAt().toString());
        return attributes;
    }

    private static Versioned<SavedExploration> exploration(Item item) {
        return new Versioned<>(new SavedExploration(item.key().sk(),
                item.string("appId").orElse(""),
                item.string("name").orElse(item.key().sk()),
                item.string("description").orElse(""),
                Analysis.of(item.string("analysis").orElse("event")),
                item.string("query").orElse("{}"),
                item.string("owner").orElse(""),
                item.string("updatedAt").map(Instant::parse).orElse(Instant.EPOCH)), item.version());
    }
}
