package io.clickstream.studio.pipeline;

import io.clickstream.metadata.Item;
import io.clickstream.metadata.ItemKey;
import io.clickstream.metadata.MetadataStore;
import io.clickstream.metadata.Versioned;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The alarm rules of each pipeline in the metadata store: one item per pipeline in partition {@value #PARTITION},
 * the pipeline id as sort key, the rules as a list of {@code {kind, enabled, threshold}} maps. A pipeline without an
 * item has the default rules ({@link AlarmRule#defaultOf}).
 */
final class AlarmRepository {

    static final String PARTITION = "PIPELINE_ALARM";

    private final MetadataStore store;

    AlarmRepository(MetadataStore store) {
        this.store = store;
    }

    /** The rules of a pipeline, one per kind in the kinds' order, with the version they were read at (0: none stored). */
    Versioned<List<AlarmRule>> find(String pipelineId) {
        Map<AlarmKind, AlarmRule> rules = new EnumMap<>(AlarmKind.class);
        for (AlarmKind kind : AlarmKind.values()) {
            rules.put(kind, AlarmRule.defaultOf(kind));
        }
        Optional<Item> item = store.get(ItemKey.of(PARTITION, pipelineId));
        if (item.isEmpty()) {
            return new Versioned<>(List.copyOf(rules.values()), 0);
        }
        for (Object o : item.get().list("rules")) {
            if (o instanceof Map<?, ?> m && AlarmKind.ofId(String.valueOf(m.get("kind"))) != null) {
                AlarmKind kind = AlarmKind.ofId(String.valueOf(m.get("kind")));
                rules.put(kind, new AlarmRule(kind, Boolean.TRUE.equals(m.get("enabled")),
                        m.get("threshold") instanceof Number n ? n.intValue() : kind.defaultThreshold()));
            }
        }
        return new Versioned<>(List.copyOf(rules.values()), item.get().version());
    }

    /** Stores the rules over the version read (0: none stored yet); {@code ItemConflictException} if it changed. */
    Versioned<List<AlarmRule>> save(String pipelineId, List<AlarmRule> rules, long expectedVersion) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (AlarmRule rule : rules) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", rule.kind().id());
            m.put("enabled", rule.enabled());
            m.put("threshold", rule.threshold());
            list.add(m);
        }
        ItemKey key = ItemKey.of(PARTITION, pipelineId);
        Item item = expectedVersion == 0 ? store.create(key, Map.of("rules", list))
                : store.update(key, expectedVersion, Map.of("rules", list));
        return new Versioned<>(List.copyOf(rules), item.version());
    }
}
