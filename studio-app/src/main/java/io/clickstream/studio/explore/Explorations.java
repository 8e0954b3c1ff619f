package io.clickstream.studio.explore;

import io.clickstream.studio.base.FieldMessage;
import io.clickstream.studio.explore.AppDirectory.ExploredApp;
import io.clickstream.studio.explore.EventCatalog.AppMetadata;
import io.clickstream.studio.explore.ExploreService.Caller;
import io.clickstream.studio.explore.ExploreService.Settings;
import io.clickstream.studio.explore.exec.QueryControl;
import io.clickstream.studio.explore.exec.ResultTable;
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
import io.clickstream.studio.explore.sql.BoundQuery;
import io.clickstream.studio.explore.sql.SqlContext;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exploration engine's analyses without a role check, for callers that decided who may see the answer:
 * {@link ExploreService} (Administrators and Analysts exploring) and dashboards (every role viewing a saved
 * exploration's tile, a portal through an embed link). Each analysis: find the app (and its time zone), validate the
 * query against the app's metadata, build the statement in the engine's dialect, answer it from the cache or run it,
 * and map its rows to the result, which carries the SQL it ran. A query given an id can be cancelled by that id while
 * it runs, by the user who started it.
 */
public class Explorations {

    private record Running(String owner, QueryControl control) {
    }

    private final ExploreEngine engine;
    private final AppDirectory apps;
    private final EventCatalog catalog;
    private final Clock clock;
    private final Settings settings;
    private final ResultCache cache;
    private final Map<String, Running> running = new ConcurrentHashMap<>();

    public Explorations(ExploreEngine engine, AppDirectory apps, EventCatalog catalog, Clock clock, Settings settings) {
        this.engine = engine;
        this.apps = apps;
        this.catalog = catalog;
        this.clock = clock;
        this.settings = settings;
        this.cache = new ResultCache(settings.cacheEntries());
    }

    public EventResult event(String appId, EventQuery query) {
        return event(appId, query, Caller.ANONYMOUS);
    }

    public EventResult event(String appId, EventQuery query, Caller caller) {
        Prepared p = prepare(appId, (metadata, today) -> QueryValidator.event(query, metadata, today));
        BoundQuery sql = engine.sql().event(query, p.context());
        return ExplorationResults.event(query, p.context().range(), run(p, sql, caller), sql.describe());
    }

    public FunnelResult funnel(String appId, FunnelQuery query) {
        return funnel(appId, query, Caller.ANONYMOUS);
    }

    public FunnelResult funnel(String appId, FunnelQuery query, Caller caller) {
        Prepared p = prepare(appId, (metadata, today) -> QueryValidator.funnel(query, metadata, today));
        BoundQuery sql = engine.sql().funnel(query, p.context());
        ResultTable table = run(p, sql, caller);
        List<String> dropped = null;
        String droppedSql = null;
        if (query.droppedAtStep() != null) {
            BoundQuery droppedQuery = engine.sql().funnelDropped(query, p.context());
            droppedSql = droppedQuery.describe();
            dropped = run(p, droppedQuery, caller).rows().stream().map(r -> (String) r.get(0)).toList();
        }
        return ExplorationResults.funnel(query, table, dropped, sql.describe(), droppedSql);
    }

    public PathResult path(String appId, PathQuery query) {
        return path(appId, query, Caller.ANONYMOUS);
    }

    public PathResult path(String appId, PathQuery query, Caller caller) {
        Prepared p = prepare(appId, (metadata, today) -> QueryValidator.path(query, metadata, today));
        BoundQuery sql = engine.sql().path(query, p.context());
        return ExplorationResults.path(query, run(p, sql, caller), sql.describe());
    }

    public RetentionResult retention(String appId, RetentionQuery query) {
        return retention(appId, query, Caller.ANONYMOUS);
    }

    public RetentionResult retention(String appId, RetentionQuery query, Caller caller) {
        Prepared p = prepare(appId, (metadata, today) -> QueryValidator.retention(query, metadata, today));
        BoundQuery sql = engine.sql().retention(query, p.context());
        return ExplorationResults.retention(query, p.context().range(), run(p, sql, caller), sql.describe());
    }

    public AttributionResult attribution(String appId, AttributionQuery query) {
        return attribution(appId, query, Caller.ANONYMOUS);
    }

    public AttributionResult attribution(String appId, AttributionQuery query, Caller caller) {
        Prepared p = prepare(appId, (metadata, today) -> QueryValidator.attribution(query, metadata, today));
        BoundQuery sql = engine.sql().attribution(query, p.context());
        return ExplorationResults.attribution(run(p, sql, caller), sql.describe());
    }

    public LifecycleResult lifecycle(String appId, LifecycleQuery query) {
        return lifecycle(appId, query, Caller.ANONYMOUS);
    }

    public LifecycleResult lifecycle(String appId, LifecycleQuery query, Caller caller) {
        Prepared p = prepare(appId, (metadata, today) -> QueryValidator.lifecycle(query, metadata, today));
        BoundQuery sql = engine.sql().lifecycle(query, p.context());
        return ExplorationResults.lifecycle(p.context().range(), run(p, sql, caller), sql.describe());
    }

    /**
     * Cancels the running query {@code queryId} if {@code user} started it; it then ends with a
     * {@link io.clickstream.studio.explore.exec.QueryFailure} of reason CANCELLED.
     *
     * @return whether such a query was running
     */
    public boolean cancel(String queryId, String user) {
        Running query = running.get(queryId);
        if (query == null || !query.owner().equals(user)) {
            return false;
        }
        query.control().cancel();
        return true;
    }

    /** The app's metadata as validation sees it (event names, parameters, attributes). */
    public AppMetadata metadata(String appId) {
        findApp(appId);
        return catalog.metadataOf(appId);
    }

    long cacheHits() {
        return cache.hits();
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** The statement's context, and the app's data version taken before the statement is built (see {@link #run}). */
    private record Prepared(SqlContext context, String version) {
    }

    @FunctionalInterface
    private interface Validation {
        QueryValidator.Validated validate(AppMetadata metadata, LocalDate today);
    }

    private Prepared prepare(String appId, Validation validation) {
        ExploredApp app = findApp(appId);
        String version = engine.versions().versionOf(appId);
        LocalDate today = LocalDate.now(clock.withZone(app.timeZone()));
        QueryValidator.Validated valid = validation.validate(catalog.metadataOf(appId), today);
        return new Prepared(new SqlContext(appId, valid.range(), valid.properties()), version);
    }

    private ExploredApp findApp(String appId) {
        return apps.find(appId).orElseThrow(() -> new UnknownAppException(appId));
    }

    /**
     * The answer from the cache or the executor. The data version keying the cache was taken before the statement was
     * built: a statement reads that version or a later one (over the Parquet, the files at its run; over the mirror,
     * which is read only where it reflects the lake's version when the statement is built and only moves forward, that
     * one or the next), never an earlier one, so no answer is kept under a version newer than its data.
     */
    private ResultTable run(Prepared p, BoundQuery sql, Caller caller) {
        String engineName = engine.sql().dialect().name();
        String version = p.version();
        ResultTable cached = cache.get(engineName, sql, version);
        if (cached != null) {
            return cached;
        }
        QueryControl control = new QueryControl(settings.queryTimeout());
        if (caller.queryId() != null && running.putIfAbsent(caller.queryId(), new Running(caller.user(), control)) != null) {
            throw new InvalidQueryException(List.of(new FieldMessage("queryId",
                    "a query with id '" + caller.queryId() + "' is already running")));
        }
        try {
            ResultTable table = engine.executor().execute(sql, control);
            cache.put(engineName, sql, version, table);
            return table;
        } finally {
            if (caller.queryId() != null) {
                running.remove(caller.queryId());
            }
        }
    }
}
