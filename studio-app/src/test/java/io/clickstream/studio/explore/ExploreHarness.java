package io.clickstream.studio.explore;

import io.clickstream.model.LakeLayout;
import io.clickstream.studio.explore.exec.DuckDbExecutor;
import io.clickstream.studio.explore.exec.QueryExecutor;
import io.clickstream.studio.explore.lake.LakeDataVersions;
import io.clickstream.studio.explore.model.ValueType;
import io.clickstream.studio.explore.sql.DuckDbSql;
import io.clickstream.studio.explore.sql.ExplorationSql;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An {@link ExploreService} over a test lake with DuckDB, its ports answered by fixed values: the apps and their
 * zones, and a catalog of the event names and parameters the generators use.
 */
public final class ExploreHarness {

    public static final Set<String> EVENTS = Set.of("a", "b", "c", "d", "view_item", "add_to_cart", "checkout",
            "purchase", "session_start", "page_view", "screen_view");
    public static final Map<String, ValueType> PARAMETERS = Map.of("amount", ValueType.NUMBER, "item", ValueType.STRING);
    public static final Map<String, ValueType> ATTRIBUTES = Map.of("tier", ValueType.STRING, "age", ValueType.NUMBER);

    private ExploreHarness() {
    }

    public static ExploreService service(Path lake, Map<String, ZoneId> apps, Instant now, QueryExecutor duckDb,
                                         int cacheEntries) {
        LakeLayout layout = new LakeLayout(lake.toString());
        return service(new ExploreEngine(new DuckDbSql(layout), duckDb, new LakeDataVersions(layout)), apps, now,
                cacheEntries);
    }

    public static ExploreService service(ExploreEngine engine, Map<String, ZoneId> apps, Instant now, int cacheEntries) {
        return new ExploreService(explorations(engine, apps, now, cacheEntries));
    }

    /** The analyses without the service's role check (what dashboards run). */
    public static Explorations explorations(ExploreEngine engine, Map<String, ZoneId> apps, Instant now,
                                            int cacheEntries) {
        AppDirectory directory = appId -> Optional.ofNullable(apps.get(appId))
                .map(zone -> new AppDirectory.ExploredApp(appId, zone));
        EventCatalog catalog = appId -> new EventCatalog.AppMetadata(EVENTS, PARAMETERS, ATTRIBUTES);
        return new Explorations(engine, directory, catalog, Clock.fixed(now, ZoneOffset.UTC),
                new ExploreService.Settings(Duration.ofSeconds(60), cacheEntries));
    }

    public static DuckDbExecutor duckDb(Path lake) {
        return new DuckDbExecutor(lake.toString(), 2, 2, "1GB");
    }

    /** A DuckDB engine over a lake, for tests that call the SQL builders directly. */
    public static ExplorationSql duckDbSql(Path lake) {
        return new DuckDbSql(new LakeLayout(lake.toString()));
    }
}
