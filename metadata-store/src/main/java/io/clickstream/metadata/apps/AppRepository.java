package io.clickstream.metadata.apps;

import io.clickstream.metadata.Item;
import io.clickstream.metadata.ItemKey;
import io.clickstream.metadata.MetadataStore;
import io.clickstream.metadata.Versioned;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Apps in the metadata store, all in partition {@value #PARTITION} with the app id as sort key, so one query lists
 * them in id order for ingestion's registry and the ETL. Every change is conditional on the version read; a
 * duplicate id or a concurrent edit raises {@link io.clickstream.metadata.ItemConflictException}.
 */
public final class AppRepository {

    public static final String PARTITION = "APP";

    private final MetadataStore store;

    public AppRepository(MetadataStore store) {
        this.store = store;
    }

    public List<Versioned<AppRecord>> list() {
        return store.queryAll(PARTITION, "").stream().map(AppRepository::app).toList();
    }

    public Optional<Versioned<AppRecord>> find(String appId) {
        if (!AppRecord.isValidAppId(appId)) {
            return Optional.empty();
        }
        return store.get(key(appId)).map(AppRepository::app);
    }

    public Versioned<AppRecord> create(AppRecord app) {
        return app(store.create(key(app.appId()), attributes(app)));
    }

    public Versioned<AppRecord> update(AppRecord app, long expectedVersion) {
        return app(store.update(key(app.appId()), expectedVersion, attributes(app)));
    }

    public void delete(String appId, long expectedVersion) {
        store.delete(key(appId), expectedVersion);
    }

    private static ItemKey key(String appId) {
        return ItemKey.of(PARTITION, appId);
    }

    private static Map<String, Object> attributes(AppRecord app) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("projectId", app.projectId());
        attributes.put("name", app.name());
        attributes.put("description", app.description());
        attributes.put("timeZone", app.timeZone());
        attributes.put("enabled", app.enabled());
        attributes.put("allowedOrigins", app.allowedOrigins());
        attributes.put("platforms", app.platforms());
        return attributes;
    }

    private static Versioned<AppRecord> app(Item item) {
        return new Versioned<>(new AppRecord(item.key().sk(),
                item.string("projectId").orElse(""),
                item.string("name").orElse(null),
                item.string("description").orElse(""),
                item.string("timeZone").orElse("UTC"),
                item.flag("enabled"),
                item.list("allowedOrigins").stream().map(String::valueOf).toList(),
                item.list("platforms").stream().map(String::valueOf).toList()), item.version());
    }
}
