package io.clickstream.ingestion;

import io.clickstream.metadata.MetadataStore;
import io.clickstream.metadata.Versioned;
import io.clickstream.metadata.apps.AppRecord;
import io.clickstream.metadata.apps.AppRepository;
import io.clickstream.metadata.projects.ProjectRecord;
import io.clickstream.metadata.projects.ProjectRepository;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The apps of the metadata store ({@code APP} and {@code PROJECT} partitions) as ingestion's registry: read into
 * memory and read again every poll interval, so an app created, changed or disabled in the studio (or a project
 * disabled, which disables its apps) applies to requests within that interval, on the embedded collector as on a
 * standalone one following the same store. A lookup is one read of an immutable map, whatever the store: the
 * collector asks on every request. If the store cannot be read, the apps read last stay in force.
 */
public final class StoreAppRegistry implements AppRegistry, AutoCloseable {

    /** How often the store is read: app changes apply within this time (the studio promises 5 s). */
    public static final Duration DEFAULT_POLL = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(StoreAppRegistry.class);

    private final MetadataStore store;
    private final AppRepository apps;
    private final ProjectRepository projects;
    private final boolean ownsStore;
    private final ScheduledExecutorService poller;
    private volatile Snapshot snapshot = new Snapshot(List.of(), Map.of());
    private boolean failing;

    private record Snapshot(List<AppRecord> apps, Map<String, AppPolicy> policies) {
    }

    private StoreAppRegistry(MetadataStore store, boolean ownsStore) {
        this.store = store;
        this.apps = new AppRepository(store);
        this.projects = new ProjectRepository(store);
        this.ownsStore = ownsStore;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "app-registry-poll");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Reads the apps of {@code store} now (failing if it cannot) and then every {@code poll}. {@code ownsStore}: close
     * the store with the registry (a standalone collector opened it for the registry alone).
     */
    public static StoreAppRegistry follow(MetadataStore store, Duration poll, boolean ownsStore) {
        StoreAppRegistry registry = new StoreAppRegistry(store, ownsStore);
        try {
            registry.snapshot = registry.read();
        } catch (RuntimeException e) {
            registry.close();
            throw new IllegalStateException("cannot read the apps from the metadata store (" + store.describe()
                    + "): " + e.getMessage(), e);
        }
        log.info("Apps from the metadata store ({}): {}", store.describe(), registry.summary(registry.snapshot));
        registry.poller.scheduleWithFixedDelay(registry::refreshQuietly, poll.toMillis(), poll.toMillis(),
                TimeUnit.MILLISECONDS);
        return registry;
    }

    @Override
    public Optional<AppPolicy> find(String appId) {
        return appId == null ? Optional.empty() : Optional.ofNullable(snapshot.policies().get(appId));
    }

    /** Every app as last read, in id order (the ETL takes their time zones from here). */
    public List<AppRecord> apps() {
        return snapshot.apps();
    }

    /** Reads the store now, so that a change just made applies to the next request; throws if it cannot. */
    public synchronized void refresh() {
        Snapshot next = read();
        if (!next.equals(snapshot)) {
            log.info("Apps changed in the metadata store: {}", summary(next));
        }
        snapshot = next;
    }

    private synchronized void refreshQuietly() {
        try {
            refresh();
            if (failing) {
                log.info("The metadata store ({}) can be read again", store.describe());
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("Cannot read the apps from the metadata store ({}); the apps read before stay in force: {}",
                        store.describe(), e.getMessage());
                failing = true;
            }
        }
    }

    private Snapshot read() {
        Map<String, Boolean> projectEnabled = new HashMap<>();
        for (Versioned<ProjectRecord> project : projects.list()) {
            projectEnabled.put(project.value().id(), project.value().enabled());
        }
        List<AppRecord> all = apps.list().stream().map(Versioned::value).toList();
        Map<String, AppPolicy> policies = new HashMap<>();
        for (AppRecord app : all) {
            // Only a disabled project turns its apps off; an app whose project is gone keeps its own setting.
            boolean enabled = app.enabled() && projectEnabled.getOrDefault(app.projectId(), true);
            policies.put(app.appId(), new AppPolicy(app.appId(), enabled, Set.copyOf(app.allowedOrigins())));
        }
        return new Snapshot(all, Map.copyOf(policies));
    }

    private String summary(Snapshot snapshot) {
        long enabled = snapshot.policies().values().stream().filter(AppPolicy::enabled).count();
        return enabled + " of " + snapshot.apps().size() + " apps accepted";
    }

    @Override
    public void close() {
        poller.shutdownNow();
        if (ownsStore) {
            store.close();
        }
    }
}
