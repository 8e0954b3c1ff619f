package io.clickstream.studio.embed;

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
 * Embed links in the metadata store: partition {@value #PARTITION}, sort key the link's id, attributes
 * {@code dashboardId}, {@code tileId}, {@code quickSight} ({@code {dashboardId, sheetId, visualId, userArn}}),
 * {@code filters} (as the dashboards store theirs), {@code range}, {@code allowedOrigins}, {@code createdBy},
 * {@code createdAt}, {@code expiresAt} and {@code revokedAt} (ISO instants). A revoked link is kept, so the list
 * shows who made it and when it stopped.
 */
@Repository
class EmbedLinkRepository {

    static final String PARTITION = "EMBED";

    private final MetadataStore store;

    EmbedLinkRepository(MetadataStore store) {
        this.store = store;
    }

    Optional<Versioned<EmbedLink>> find(String id) {
        if (!ItemIds.isWellFormed(id)) {
            return Optional.empty();
        }
        return store.get(ItemKey.of(PARTITION, id)).map(EmbedLinkRepository::link);
    }

    /** The links of one dashboard, newest first. */
    List<Versioned<EmbedLink>> ofDashboard(String dashboardId) {
        return store.queryAll(PARTITION, "").stream().map(EmbedLinkRepository::link)
                .filter(l -> l.value().dashboardId().equals(dashboardId))
                .sorted(Comparator.comparing((Versioned<EmbedLink> l) -> l.value().createdAt()).reversed())
                .toList();
    }

    /** Stores a new link under a fresh id (the one given is ignored). */
    Versioned<EmbedLink> create(EmbedLink link) {
        return link(store.create(ItemKey.of(PARTITION, ItemIds.next()), attributes(link)));
    }

    Versioned<EmbedLink> update(EmbedLink link, long expectedVersion) {
        return link(store.update(ItemKey.of(PARTITION, link.id()), expectedVersion, attributes(link)));
    }

    private static Map<String, Object> attributes(EmbedLink link) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("dashboardId", link.dashboardId());
        if (link.tileId() != null) {
            attributes.put("tileId", link.tileId());
        }
        EmbedLink.QuickSightVisual visual = link.quickSightVisual();
        if (visual != null) {
            Map<String, Object> quickSight = new LinkedHashMap<>();
            quickSight.put("dashboardId", visual.dashboardId());
            quickSight.put("sheetId", visual.sheetId());
            quickSight.put("visualId", visual.visualId());
            if (visual.userArn() != null) {
                quickSight.put("userArn", visual.userArn());
            }
            attributes.put("quickSight", quickSight);
        }
        List<Map<String, Object>> filters = new ArrayList<>();
        for (Condition condition : link.filters()) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("property", condition.property());
            f.put("operator", condition.operator().symbol());
            f.put("values", condition.allValues());
            filters.add(f);
        }
        attributes.put("filters", filters);
        attributes.put("range", link.range());
        attributes.put("allowedOrigins", link.allowedOrigins());
        attributes.put("createdBy", link.createdBy());
        attributes.put("createdAt", link.createdAt().toString());
        attributes.put("expiresAt", link.expiresAt().toString());
        if (link.revokedAt() != null) {
            attributes.put("revokedAt", link.revokedAt().toString());
        }
        return attributes;
    }

    @SuppressWarnings("unchecked")
    private static Versioned<EmbedLink> link(Item item) {
        EmbedLink.QuickSightVisual visual = null;
        if (item.attributes().get("quickSight") instanceof Map<?, ?> q) {
            visual = new EmbedLink.QuickSightVisual(string(q.get("dashboardId")), string(q.get("sheetId")),
                    string(q.get("visualId")), string(q.get("userArn")));
        }
        List<Condition> filters = new ArrayList<>();
        for (Object element : item.list("filters")) {
            Map<String, Object> f = (Map<String, Object>) element;
            List<Object> values = f.get("values") == null ? List.of() : (List<Object>) f.get("values");
            filters.add(new Condition(String.valueOf(f.get("property")), Operator.of(String.valueOf(f.get("operator"))),
                    null, values));
        }
        List<String> origins = item.list("allowedOrigins").stream().map(String::valueOf).toList();
        return new Versioned<>(new EmbedLink(item.key().sk(), item.string("dashboardId").orElse(""),
                item.string("tileId").orElse(null), visual, filters, item.string("range").orElse("30d"), origins,
                item.string("createdBy").orElse(""), instant(item, "createdAt"), instant(item, "expiresAt"),
                item.string("revokedAt").map(Instant::parse).orElse(null)), item.version());
    }

    private static Instant instant(Item item, String name) {
        return item.string(name).map(Instant::parse).orElse(Instant.EPOCH);
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }
}
