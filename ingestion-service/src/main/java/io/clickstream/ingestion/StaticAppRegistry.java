package io.clickstream.ingestion;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory {@link AppRegistry} for standalone runs and for callers that mirror a metadata store into it.
 * Thread-safe; {@link #put} and {@link #remove} apply to the very next request.
 */
public final class StaticAppRegistry implements AppRegistry {

    private final Map<String, AppPolicy> apps = new ConcurrentHashMap<>();

    private StaticAppRegistry() {
    }

    /** A registry holding the given policies. */
    public static StaticAppRegistry of(AppPolicy... policies) {
        return of(Arrays.asList(policies));
    }

    /** A registry holding the given policies. */
    public static StaticAppRegistry of(Collection<AppPolicy> policies) {
        StaticAppRegistry registry = new StaticAppRegistry();
        policies.forEach(registry::put);
        return registry;
    }

    /** A registry of enabled apps that allow no cross-origin requests. */
    public static StaticAppRegistry ofAppIds(String... appIds) {
        StaticAppRegistry registry = new StaticAppRegistry();
        for (String appId : appIds) {
            registry.put(AppPolicy.enabled(appId));
        }
        return registry;
    }

    /** Adds or replaces an app's policy. */
    public StaticAppRegistry put(AppPolicy policy) {
        apps.put(policy.appId(), policy);
        return this;
    }

    /** Forgets an app: its requests get 403 from now on. */
    public void remove(String appId) {
        apps.remove(appId);
    }

    @Override
    public Optional<AppPolicy> find(String appId) {
        return appId == null ? Optional.empty() : Optional.ofNullable(apps.get(appId));
    }
}
