package io.clickstream.studio.query;

import io.clickstream.model.LakeCommitLock;
import io.clickstream.model.LakeLayout;
import io.clickstream.model.ModeledTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Questions about the modeled {@code event} table of a local lake, answered by embedded DuckDB over its Parquet
 * files. A lake without Parquet files yet (before the first ETL run) answers with empty results, not errors.
 */
public class EventQueries {

    private static final String APP_DIR_PREFIX = "app_id=";

    private final DuckDbDatabase database;
    private final Path eventTableDir;
    private final String eventGlob;
    private final Lock commitReadLock;

    EventQueries(DuckDbDatabase database, LakeLayout lake) {
        this.database = database;
        this.commitReadLock = LakeCommitLock.of(lake.root()).readLock();
        this.eventTableDir = Path.of(lake.modeledTable(ModeledTables.EVENT));
        // Only finished partition files: Spark's in-flight output under _temporary/ must never be read.
        this.eventGlob = eventTableDir + "/app_id=*/event_date=*/*.parquet";
    }

    /** The app ids that have at least one Parquet file in the event table, sorted. */
    public List<String> apps() {
        if (!Files.isDirectory(eventTableDir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(eventTableDir)) {
            return children
                    .filter(Files::isDirectory)
                    .filter(dir -> dir.getFileName().toString().startsWith(APP_DIR_PREFIX))
                    .filter(EventQueries::holdsParquet)
                    .map(dir -> dir.getFileName().toString().substring(APP_DIR_PREFIX.length()))
                    .filter(LakeLayout::isSafeSegment)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + eventTableDir, e);
        }
    }

    public EventTotals totals(String appId, DateRange range) {
        return locked(() -> !hasData(appId) ? EventTotals.NONE
                : database.query(DuckDbDialect.totals(eventGlob, appId, range),
                        row -> new EventTotals(row.getLong(1), row.getLong(2), row.getLong(3))).get(0));
    }

    /** Events per event date, only for dates that have events. */
    public List<DailyCount> eventsPerDay(String appId, DateRange range) {
        return locked(() -> !hasData(appId) ? List.of()
                : database.query(DuckDbDialect.eventsPerDay(eventGlob, appId, range), EventQueries::dailyCount));
    }

    /** Distinct users per event date, only for dates that have events. */
    public List<DailyCount> activeUsersPerDay(String appId, DateRange range) {
        return locked(() -> !hasData(appId) ? List.of()
                : database.query(DuckDbDialect.activeUsersPerDay(eventGlob, appId, range), EventQueries::dailyCount));
    }

    /** The {@code limit} most frequent event names, most frequent first, ties by name. */
    public List<NamedCount> topEvents(String appId, DateRange range, int limit) {
        return locked(() -> !hasData(appId) ? List.of()
                : database.query(DuckDbDialect.topEvents(eventGlob, appId, range, limit),
                        row -> new NamedCount(row.getString(1), row.getLong(2))));
    }

    /** Looks at the files and queries them never in the middle of an ETL commit in this JVM. */
    private <T> T locked(Supplier<T> work) {
        commitReadLock.lock();
        try {
            return work.get();
        } finally {
            commitReadLock.unlock();
        }
    }

    private boolean hasData(String appId) {
        return LakeLayout.isSafeSegment(appId) && holdsParquet(eventTableDir.resolve(APP_DIR_PREFIX + appId));
    }

    private static DailyCount dailyCount(ResultSet row) throws SQLException {
        Object value = row.getObject(1);
        LocalDate day = value instanceof LocalDate date ? date
                : value instanceof Date sqlDate ? sqlDate.toLocalDate()
                : LocalDate.parse(value.toString());
        return new DailyCount(day, row.getLong(2));
    }

    private static boolean holdsParquet(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(dir, 2)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".parquet") && Files.isRegularFile(f));
        } catch (IOException | UncheckedIOException e) {
            // A partition vanishing while we look (an ETL commit replacing its files) is the same as "not there yet".
            return false;
        }
    }
}
