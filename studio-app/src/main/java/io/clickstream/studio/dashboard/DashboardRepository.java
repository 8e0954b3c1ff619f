package io.clickstream.studio.dashboard;

import io.clickstream.metadata.Item;
import io.clickstream.metadata.ItemKey;
import io.clickstream.metadata.MetadataStore;
import io.clickstream.metadata.Versioned;
import io.clickstream.studio.base.ItemIds;
import io.clickstream.studio.explore.model.Condition;
import io.clickstream.studio.explore.model.Operator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Repository;

/**
 * Custom dashboards in the metadata store: partition {@value #PARTITION}, sort key the dashboard's id, attributes
 * {@code appId}, {@code name}, {@code description}, {@code owner}, {@code updatedAt} (ISO instant), {@code tiles} (a
 * list of {@code {id, explorationId, width, height}}) and {@code filters} (a list of {@code {property, operator,
 * values}}, operators as the API spells them).
 */
@Repository
public class DashboardRepository {

    public static final String PARTITION = "DASHBOARD";

    private final MetadataStore store;

    DashboardRepository(MetadataStore store) {
        this.store = store;
    }

    /** The app's dashboards by name. */
    public List<Versioned<Dashboard>> listOf(String appId) {
        return store.queryAll(PARTITION, "").stream().map(DashboardRepository::dashboard)
                .filter(d -> d.value().appId().equals(appId))
                .sorted(Comparator.comparing(d -> d.value().name().toLowerCase(java.util.Locale.ROOT)))
                .toList();
    }

    public Optional<Versioned<Dashboard>> find(String id) {
        if (!ItemIds.isWellFormed(id)) {
            return Optional.empty();
        }
        return store.get(ItemKey.of(PARTITION, id)).map(DashboardRepository::dashboard);
    }

    /** Stores a new dashboard under a fresh id (the one given is ignored). */
    public Versioned<Dashboard> create(Dashboard dashboard) {
        return dashboard(store.create(ItemKey.of(PARTITION, ItemIds.next()), attributes(dashboard)));
    }

    public Versioned<Dashboard> update(Dashboard dashboard, long expectedVersion) {
        return dashboard(store.update(ItemKey.of(PARTITION, dashboard.id()), expectedVersion, attributes(dashboard)));
    }

    public void delete(String id, long expectedVersion) {
        store.delete(ItemKey.of(PARTITION, id), expectedVersion);
    }

    private static Map<String, Object> attributes(Dashboard d) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("appId", d.appId());
        attributes.put("name", d.name());
        attributes.put("description", d.description());
        attributes.put("owner", d.owner());
        attributes.put("updatedAt", d.updatedAt().toString());
        List<Map<String, Object>> tiles = new ArrayList<>();
        for (Tile tile : d.tiles()) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("id", tile.id());
            t.put("explorationId", tile.explorationId());
            t.put("width", tile.width());
            t.put("height", tile.height());
            tiles.add(t);
        }
        attributes.put("tiles", tiles);
        List<Map<String, Object>> filters = new ArrayList<>();
        for (Condition condition : d.filters()) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("property", condition.property());
            f.put("operator", condition.operator().symbol());
            f.put("values", condition.allValues());
            filters.add(f);
        }
        attributes.put("filters", filters);
        return attributes;
    }

    @SuppressWarnings("unchecked")
    private static Versioned<Dashboard> dashboard(Item item) {
        List<Tile> tiles = new ArrayList<>();
        for (Object element : item.list("tiles")) {
            Map<String, Object> t = (Map<String, Object>) element;
            tiles.add(new Tile(String.valueOf(t.get("id")), String.valueOf(t.get("explorationId")),
                    ((Number) t.getOrDefault("width", (long) Tile.DEFAULT_WIDTH)).intValue(),
                    ((Number) t.getOrDefault("height", (long) Tile.DEFAULT_HEIGHT)).intValue()));
        }
        List<Condition> filters = new ArrayList<>();
        for (Object element : item.list("filters")) {
            Map<String, Object> f = (Map<String, Object>) element;
            List<Object> values = f.get("values") == null ? List.of() : (List<Object>) f.get("values");
            filters.add(new Condition(String.valueOf(f.get("property")), Operator.of(String.valueOf(f.get("operator"))),
                    null, values));
        }
        return new Versioned<>(new Dashboard(item.key().sk(), item.string("appId").orElse(""),
                item.string("name").orElse(item.key().sk()), item.string("description").orElse(""), filters, tiles,
                item.string("owner").orElse(""), item.string("updatedAt").map(Instant::parse).orElse(Instant.EPOCH)),
                item.version());
    }
}
