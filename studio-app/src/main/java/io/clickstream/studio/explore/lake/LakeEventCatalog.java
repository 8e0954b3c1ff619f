package io.clickstream.studio.explore.lake;

import io.clickstream.model.LakeLayout;
import io.clickstream.model.ModeledTables;
import io.clickstream.studio.explore.DataVersions;
import io.clickstream.studio.explore.EventCatalog;
import io.clickstream.studio.explore.exec.QueryControl;
import io.clickstream.studio.explore.exec.QueryExecutor;
import io.clickstream.studio.explore.exec.ResultTable;
import io.clickstream.studio.explore.model.ValueType;
import io.clickstream.studio.explore.sql.BoundQuery;
import io.clickstream.studio.explore.sql.DuckDbSql;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An app's event names, custom parameters and user attributes, read from its modeled Parquet with DuckDB and kept
 * until the app's data version changes. A parameter is a number when every value it has is a plain decimal
 * number, text otherwise. (The metadata manager's scan job will implement {@link EventCatalog} from its store.)
 */
public final class LakeEventCatalog implements EventCatalog {

    private static final String SOURCE = "read_parquet(?, hive_partitioning = true, union_by_name = true, "
            + "hive_types = {'app_id': VARCHAR, 'event_date': DATE})";
    private static final String NUMBER_PATTERN = "^[-+]?[0-9]+([.][0-9]+)?$";

    private record Cached(String version, AppMetadata metadata) {
    }

    private final LakeLayout lake;
    private final QueryExecutor duckDb;
    private final DataVersions versions;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public LakeEventCatalog(LakeLayout lake, QueryExecutor duckDb, DataVersions versions) {
        this.lake = lake;
        this.duckDb = duckDb;
        this.versions = versions;
    }

    @Override
    public AppMetadata metadataOf(String appId) {
        String version = versions.versionOf(appId);
        Cached cached = cache.get(appId);
        if (cached != null && cached.version().equals(version)) {
            return cached.metadata();
        }
        AppMetadata metadata = read(appId);
        cache.put(appId, new Cached(version, metadata));
        return metadata;
    }

    private AppMetadata read(String appId) {
        if (!LakeLayout.isSafeSegment(appId)) {
            return AppMetadata.EMPTY;
        }
        Path events = Path.of(lake.modeledTable(ModeledTables.EVENT), "app_id=" + appId);
        if (!DuckDbSql.holdsParquet(events)) {
            return AppMetadata.EMPTY;
        }
        Set<String> names = new HashSet<>();
        Map<String, ValueType> parameters = new HashMap<>();
        Map<String, ValueType> attributes = new HashMap<>();
        String eventSource = SOURCE;
        for (List<Object> row : query("SELECT DISTINCT event_name FROM " + eventSource + " WHERE event_name IS NOT NULL",
                glob(events)).rows()) {
            names.add((String) row.get(0));
        }
        keys(eventSource, "custom_parameters", glob(events), parameters);
        Path users = Path.of(lake.modeledTable(ModeledTables.USER), "app_id=" + appId);
        if (DuckDbSql.holdsParquet(users)) {
            keys(SOURCE, "user_properties", glob(users), attributes);
        }
        return new AppMetadata(names, parameters, attributes);
    }

    private void keys(String source, String mapColumn, String glob, Map<String, ValueType> into) {
        String sql = "SELECT k, bool_and(v IS NULL OR regexp_full_match(v, '" + NUMBER_PATTERN + "')) FROM (SELECT "
                + "unnest(map_keys(" + mapColumn + ")) AS k, unnest(map_values(" + mapColumn + ")) AS v FROM " + source
                + ") x GROUP BY k";
        for (List<Object> row : query(sql, glob).rows()) {
            into.put((String) row.get(0), Boolean.TRUE.equals(row.get(1)) ? ValueType.NUMBER : ValueType.STRING);
        }
    }


    private static String glob(Path appDir) {
        return appDir + "/event_date=*/*.parquet";
    }

    private ResultTable query(String sql, String glob) {
        List<Object> parameters = new ArrayList<>();
        parameters.add(glob);
        return duckDb.execute(new BoundQuery(sql, parameters), new QueryControl(Duration.ofMinutes(2)));
    }
}
