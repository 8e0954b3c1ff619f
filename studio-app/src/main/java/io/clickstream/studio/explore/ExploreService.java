package io.clickstream.studio.explore;

import io.clickstream.studio.explore.EventCatalog.AppMetadata;
import io.clickstream.studio.explore.model.AttributionQuery;
import io.clickstream.studio.explore.model.AttributionResult;
import io.clickstream.studio.explore.model.EventQuery;
import io.clickstream.studio.explore.model.EventResult;
import io.clickstream.studio.explore.model.FunnelQuery;
import io.clickstream.studio.explore.model.FunnelResult;
import io.clickstream.studio.explore.model.LifecycleQuery;
import io.clickstream.studio.explore.model.LifecycleResult;
import io.clickstream.studio.explore.model.PathQuery;
import io.clickstream.studio.explore.model.PathResult;
import io.clickstream.studio.explore.model.RetentionQuery;
import io.clickstream.studio.explore.model.RetentionResult;
import io.clickstream.studio.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.time.Clock;
import java.time.Duration;

/**
 * The exploration engine's entry point for exploring, in views and the JSON API alike: Administrators and Analysts
 * only (the same check for views and the API). The analyses themselves are {@link Explorations}'; dashboards, which
 * every role may view, run their saved explorations there, and the Overview and other built-in dashboards use the
 * engine directly.
 */
@RolesAllowed({Roles.ADMINISTRATOR, Roles.ANALYST})
public class ExploreService {

    /** Limits of the service. */
    public record Settings(Duration queryTimeout, int cacheEntries) {
    }

    /**
     * Who runs a query and how to refer to it for a cancel: {@code queryId} may be null (not cancellable by id).
     */
    public record Caller(String user, String queryId) {

        public static final Caller ANONYMOUS = new Caller("anonymous", null);
    }

    private final Explorations explorations;

    public ExploreService(Explorations explorations) {
        this.explorations = explorations;
    }

    public ExploreService(ExploreEngine engine, AppDirectory apps, EventCatalog catalog, Clock clock, Settings settings) {
        this(new Explorations(engine, apps, catalog, clock, settings));
    }

    public EventResult event(String appId, EventQuery query) {
        return explorations.event(appId, query);
    }

    public EventResult event(String appId, EventQuery query, Caller caller) {
        return explorations.event(appId, query, caller);
    }

    public FunnelResult funnel(String appId, FunnelQuery query) {
        return explorations.funnel(appId, query);
    }

    public FunnelResult funnel(String appId, FunnelQuery query, Caller caller) {
        return explorations.funnel(appId, query, caller);
    }

    public PathResult path(String appId, PathQuery query) {
        return explorations.path(appId, query);
    }

    public PathResult path(String appId, PathQuery query, Caller caller) {
        return explorations.path(appId, query, caller);
    }

    public RetentionResult retention(String appId, RetentionQuery query) {
        return explorations.retention(appId, query);
    }

    public RetentionResult retention(String appId, RetentionQuery query, Caller caller) {
        return explorations.retention(appId, query, caller);
    }

    public AttributionResult attribution(String appId, AttributionQuery query) {
        return explorations.attribution(appId, query);
    }

    public AttributionResult attribution(String appId, AttributionQuery query, Caller caller) {
        return explorations.attribution(appId, query, caller);
    }

    public LifecycleResult lifecycle(String appId, LifecycleQuery query) {
        return explorations.lifecycle(appId, query);
    }

    public LifecycleResult lifecycle(String appId, LifecycleQuery query, Caller caller) {
        return explorations.lifecycle(appId, query, caller);
    }

    /**
     * Cancels the running query {@code queryId} if {@code user} started it; it then ends with a
     * {@link io.clickstream.studio.explore.exec.QueryFailure} of reason CANCELLED.
     *
     * @return whether such a query was running
     */
    public boolean cancel(String queryId, String user) {
        return explorations.cancel(queryId, user);
    }

    /** The app's metadata as validation sees it (event names, parameters, attributes). */
    public AppMetadata metadata(String appId) {
        return explorations.metadata(appId);
    }

    long cacheHits() {
        return explorations.cacheHits();
    }
}
