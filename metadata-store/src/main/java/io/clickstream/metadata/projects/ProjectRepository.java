package io.clickstream.metadata.projects;

import io.clickstream.metadata.Item;
import io.clickstream.metadata.ItemKey;
import io.clickstream.metadata.MetadataStore;
import io.clickstream.metadata.Versioned;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Projects in the metadata store, all in partition {@value #PARTITION} with the project id as sort key. */
public final class ProjectRepository {

    public static final String PARTITION = "PROJECT";

    private final MetadataStore store;

    public ProjectRepository(MetadataStore store) {
        this.store = store;
    }

    public List<Versioned<ProjectRecord>> list() {
        return store.queryAll(PARTITION, "").stream().map(ProjectRepository::project).toList();
    }

    public Optional<Versioned<ProjectRecord>> find(String id) {
        return ProjectRecord.isValidId(id) ? store.get(key(id)).map(ProjectRepository::project) : Optional.empty();
    }

    public Versioned<ProjectRecord> create(ProjectRecord project) {
        return project(store.create(key(project.id()), attributes(project)));
    }

    public Versioned<ProjectRecord> update(ProjectRecord project, long expectedVersion) {
        return project(store.update(key(project.id()), expectedVersion, attributes(project)));
    }

    public void delete(String id, long expectedVersion) {
        store.delete(key(id), expectedVersion);
    }

    private static ItemKey key(String id) {
        return ItemKey.of(PARTITION, id);
    }

    private static Map<String, Object> attributes(ProjectRecord project) {
        return Map.of("name", project.name(), "description", project.description(), "enabled", project.enabled());
    }

    private static Versioned<ProjectRecord> project(Item item) {
        return new Versioned<>(new ProjectRecord(item.key().sk(), item.string("name").orElse(null),
                item.string("description").orElse(""), item.flag("enabled")), item.version());
    }
}
