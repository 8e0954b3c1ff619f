package io.clickstream.studio.explore;

import io.clickstream.model.LakeLayout;
import io.clickstream.model.ModeledTables;
import io.clickstream.studio.explore.exec.QueryControl;
import io.clickstream.studio.explore.exec.ResultTable;
import io.clickstream.studio.explore.model.DateSpan;
import io.clickstream.studio.explore.sql.BoundQuery;
import io.clickstream.studio.explore.sql.DuckDbSql;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Overview dashboard's questions about an app's modeled events (totals, per-day counts, top events), asked
 * through the exploration engine's dialect and executor. An app without Parquet files yet (before the first ETL
 * run) answers with empty results, not errors.
 */
public class EventQueries {

    private static final String APP_DIR_PREFIX = "app_id=";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final ExploreEngine engine;
    private final Path eventTableDir;

    public EventQueries(ExploreEngine engine, LakeLayout lake) {
        this.engine = engine;
        this.eventTableDir = Path.of(lake.modeledTable(ModeledTables.EVENT));
    }

    /** The app ids that have at least one Parquet file in the local event table, sorted. */
    public List<String> apps() {
        if (!Files.isDirectory(eventTableDir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(eventTableDir)) {
            return children
                    .filter(Files::isDirectory)
                    .filter(dir -> dir.getFileName().toString().startsWith(APP_DIR_PREFIX))
                    .filter(DuckDbSql::holdsParquet)
                    .map(dir -> dir.getFileName().toString().substring(APP_DIR_PREFIX.length()))
                    .filter(LakeLayout::isSafeSegment)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + eventTableDir, e);
        }
    }

    public EventTotals totals(String appId, DateSpan range) {
        List<List<Object>> rows = run(engine.sql().totals(appId, range)).rows();
        List<Object> row = rows.get(0);
        return new EventTotals(ResultTable.asLong(row.get(0)), ResultTable.asLong(row.get(1)),
                ResultTable.asLong(row.get(2)));
    }

    /** Events per event date, only for dates that have events. */
    public List<DailyCount> eventsPerDay(String appId, DateSpan range) {
        return daily(appId, range, 1);
    }

    /** Distinct users per event date, only for dates that have events. */
    public List<DailyCount> activeUsersPerDay(String appId, DateSpan range) {
        return daily(appId, range, 2);
    }

    /** The {@code limit} most frequent event names, most frequent first, ties by name. */
    public List<NamedCount> topEvents(String appId, DateSpan range, int limit) {
        return run(engine.sql().topEvents(appId, range, limit)).rows().stream()
                .map(row -> new NamedCount(ResultTable.asString(row.get(0)), ResultTable.asLong(row.get(1))))
                .toList();
    }

    private List<DailyCount> daily(String appId, DateSpan range, int column) {
        return run(engine.sql().daily(appId, range)).rows().stream()
                .map(row -> new DailyCount(ResultTable.asDate(row.get(0)), ResultTable.asLong(row.get(column))))
                .toList();
    }

    private ResultTable run(BoundQuery query) {
        return engine.executor().execute(query, new QueryControl(TIMEOUT));
    }
}
