package io.clickstream.pipeline.local;

import io.clickstream.ingestion.AppPolicy;
import io.clickstream.ingestion.AppRegistry;
import io.clickstream.ingestion.StoreAppRegistry;
import io.clickstream.metadata.Versioned;
import io.clickstream.metadata.apps.AppRecord;
import io.clickstream.pipeline.lifecycle.Pipeline;
import io.clickstream.pipeline.lifecycle.PipelineRepository;
import io.clickstream.pipeline.lifecycle.PipelineStatus;
import io.clickstream.etl.EtlConfig;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which pipeline serves which app: the pipeline of the app's project when the project has one (local or AWS, in any
 * state but Deleted), else the studio-wide pipeline (the one without a project, {@code default}). Pipelines
 * partition the apps this way, so that each local pipeline's ingestion accepts exactly its apps. Apps come from the shared {@link StoreAppRegistry}, pipelines from the store, read again by
 * {@link #refresh()} (the runtime calls it on a timer and around its steps).
 */
final class AppRouting {

    private final StoreAppRegistry apps;
    private final PipelineRepository pipelines;
    private volatile Owners owners = new Owners(Map.of(), null);
    /** The app list the cache below was built from (the registry replaces its list on every change). */
    private volatile List<AppRecord> cachedFrom;
    private volatile Map<String, String> projectOfApp = Map.of();

    /** @param projectPipeline project id -> the id of the pipeline serving it; {@code studioWide}: the default's id */
    private record Owners(Map<String, String> projectPipeline, String studioWide) {
    }

    AppRouting(StoreAppRegistry apps, PipelineRepository pipelines) {
        this.apps = apps;
        this.pipelines = pipelines;
    }

    /** Reads the pipelines again (and the apps, so that a change just made applies to the next request). */
    synchronized void refresh() {
        Map<String, String> byProject = new HashMap<>();
        String studioWide = null;
        for (Versioned<Pipeline> v : pipelines.list()) {
            Pipeline p = v.value();
            if (p.status() == PipelineStatus.DELETED) {
                continue;
            }
            if (p.projectId() == null) {
                studioWide = p.id();
            } else {
                byProject.put(p.projectId(), p.id());
            }
        }
        owners = new Owners(Map.copyOf(byProject), studioWide);
    }

    /** Reads the apps of the store now. */
    void refreshApps() {
        apps.refresh();
    }

    /** The id of the pipeline that serves the app, or null for an app that is not registered. */
    String ownerOf(String appId) {
        String project = projectOfApp().get(appId);
        if (project == null) {
            return null;
        }
        Owners o = owners;
        return o.projectPipeline().getOrDefault(project, o.studioWide());
    }

    /**
     * The registry of one pipeline's ingestion: the apps it serves, each allowing the pipeline's own allowed
     * origins on top of the app's. Any other app id is unknown to it (403), even one another pipeline serves.
     */
    AppRegistry registryOf(String pipelineId, List<String> pipelineOrigins) {
        Set<String> extra = Set.copyOf(pipelineOrigins);
        return appId -> {
            if (!pipelineId.equals(ownerOf(appId))) {
                return Optional.empty();
            }
            Optional<AppPolicy> policy = apps.find(appId);
            if (extra.isEmpty() || policy.isEmpty()) {
                return policy;
            }
            Set<String> origins = new LinkedHashSet<>(policy.get().allowedOrigins());
            origins.addAll(extra);
            return Optional.of(new AppPolicy(appId, policy.get().enabled(), origins));
        };
    }

    /** The registered apps a pipeline serves, in id order. */
    List<AppRecord> appsOf(String pipelineId) {
        return apps.apps().stream().filter(a -> pipelineId.equals(ownerOf(a.appId()))).toList();
    }

    private Map<String, String> projectOfApp() {
        List<AppRecord> current = apps.apps();
        if (current != cachedFrom) {
            Map<String, String> map = new HashMap<>();
            for (AppRecord app : current) {
                map.put(app.appId(), app.projectId());
            }
            // A racing reader may build the same map twice; both are equal.
            projectOfApp = Map.copyOf(map);
            cachedFrom = current;
        }
        return projectOfApp;
    }

    /**
     * The apps whose raw batches a pipeline's ETL passes model: a project's pipeline models its project's apps; the
     * studio-wide one every app but those another pipeline serves (so also apps no longer registered). Null when
     * the pipeline serves no app (its passes have nothing to model).
     */
    EtlConfig.AppScope etlScope(String pipelineId) {
        refresh();
        if (pipelineId.equals(owners.studioWide())) {
            Set<String> others = new HashSet<>();
            for (AppRecord app : apps.apps()) {
                String owner = ownerOf(app.appId());
                if (owner != null && !owner.equals(pipelineId)) {
                    others.add(app.appId());
                }
            }
            return EtlConfig.AppScope.except(others);
        }
        Set<String> own = appIdsOf(pipelineId);
        return own.isEmpty() ? null : EtlConfig.AppScope.only(own);
    }

    /** For messages: the app ids a pipeline serves. */
    Set<String> appIdsOf(String pipelineId) {
        Set<String> ids = new HashSet<>();
        appsOf(pipelineId).forEach(a -> ids.add(a.appId()));
        return ids;
    }
}
