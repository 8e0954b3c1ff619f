package io.clickstream.pipeline.lifecycle;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickstream.metadata.Item;
import io.clickstream.metadata.ItemKey;
import io.clickstream.metadata.MetadataStore;
import io.clickstream.metadata.Versioned;
import io.clickstream.pipeline.definition.PipelineDefinition;
import io.clickstream.pipeline.definition.PipelineDefinitionCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pipelines in the metadata store: one item per pipeline in partition {@value #PARTITION}, the pipeline id as sort
 * key. The definition is stored as a nested map (readable in the DynamoDB console), the history as a list, both in
 * the same item as the status, so one conditional write changes them together: a write names the version it read and
 * loses ({@link io.clickstream.metadata.ItemConflictException}) when someone else changed the pipeline meanwhile.
 */
public final class PipelineRepository {

    public static final String PARTITION = "PIPELINE";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final MetadataStore store;

    public PipelineRepository(MetadataStore store) {
        this.store = store;
    }

    /** Every pipeline, deleted ones included (their history stays). */
    public List<Versioned<Pipeline>> list() {
        return store.queryAll(PARTITION, "").stream().map(PipelineRepository::pipeline).toList();
    }

    /** The pipelines of a project, deleted ones included. */
    public List<Versioned<Pipeline>> listByProject(String projectId) {
        return list().stream().filter(p -> projectId.equals(p.value().projectId())).toList();
    }

    public Optional<Versioned<Pipeline>> find(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        return store.get(key(id)).map(PipelineRepository::pipeline);
    }

    /** Stores a new pipeline at version 1. */
    public Versioned<Pipeline> create(Pipeline pipeline) {
        return pipeline(store.create(key(pipeline.id()), attributes(pipeline)));
    }

    /** Replaces the pipeline read at {@code expectedVersion}; {@code ItemConflictException} if it changed since. */
    public Versioned<Pipeline> update(Pipeline pipeline, long expectedVersion) {
        return pipeline(store.update(key(pipeline.id()), expectedVersion, attributes(pipeline)));
    }

    private static ItemKey key(String id) {
        return ItemKey.of(PARTITION, id);
    }

    private static Map<String, Object> attributes(Pipeline p) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("projectId", p.projectId());
        a.put("name", p.name());
        a.put("definition", JSON.convertValue(PipelineDefinitionCodec.toTree(p.definition()), MAP));
        a.put("status", p.status().label());
        a.put("statusReason", p.statusReason());
        a.put("runningStep", p.runningStep() == null ? null : p.runningStep().name());
        a.put("failedStep", p.failedStep() == null ? null : p.failedStep().name());
        a.put("stepNumber", p.stepNumber());
        a.put("productVersion", p.productVersion());
        a.put("outputs", p.outputs());
        List<Map<String, Object>> history = new ArrayList<>();
        for (StatusChange change : p.history()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("at", change.at().toString());
            entry.put("from", change.from() == null ? null : change.from().label());
            entry.put("to", change.to().label());
            entry.put("reason", change.reason());
            history.add(entry);
        }
        a.put("history", history);
        a.put("createdAt", p.createdAt().toString());
        a.put("updatedAt", p.updatedAt().toString());
        return a;
    }

    @SuppressWarnings("unchecked")
    private static Versioned<Pipeline> pipeline(Item item) {
        Map<String, Object> a = item.attributes();
        PipelineDefinition definition = PipelineDefinitionCodec.fromTree(JSON.valueToTree(a.get("definition")));
        List<StatusChange> history = new ArrayList<>();
        for (Object o : item.list("history")) {
            Map<String, Object> e = (Map<String, Object>) o;
            history.add(new StatusChange(Instant.parse((String) e.get("at")),
                    e.get("from") == null ? null : PipelineStatus.ofLabel((String) e.get("from")),
                    PipelineStatus.ofLabel((String) e.get("to")), (String) e.get("reason")));
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        ((Map<String, Object>) a.getOrDefault("outputs", Map.of())).forEach((k, v) -> outputs.put(k, String.valueOf(v)));
        Pipeline pipeline = new Pipeline(item.key().sk(), item.string("projectId").orElse(null), definition,
                PipelineStatus.ofLabel(item.string("status").orElseThrow()), item.string("statusReason").orElse(""),
                item.string("runningStep").map(PipelineAction::valueOf).orElse(null),
                item.string("failedStep").map(PipelineAction::valueOf).orElse(null),
                item.number("stepNumber").orElse(0L), item.string("productVersion").orElse(null), outputs, history,
                Instant.parse(item.string("createdAt").orElseThrow()), Instant.parse(item.string("updatedAt").orElseThrow()));
        return new Versioned<>(pipeline, item.version());
    }
}
