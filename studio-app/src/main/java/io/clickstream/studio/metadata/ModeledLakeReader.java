package io.clickstream.studio.metadata;

import io.clickstream.model.LakeCommitLock;
import io.clickstream.model.LakeLayout;
import io.clickstream.model.ModeledTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * What the metadata scan reads of a local lake: which partitions of the modeled {@code event} and {@code user} tables
 * exist and which files they hold, and, for chosen files only, the event names, event parameters and user attributes
 * in them, with counts, time spans, value types and samples. Reading explicit files (never a glob) is what makes the
 * scan incremental: it reads the files that appeared since it last looked.
 *
 * <p>Listing and reading belong together under {@link #consistently}: an ETL commit in this JVM (new files in, replaced
 * files out, compaction) then never happens between the two.
 *
 * <p>It runs its own embedded DuckDB on one thread with a modest memory limit: scans are background work and must
 * not take the cores and memory that dashboards and explorations are served with.
 */
public class ModeledLakeReader implements AutoCloseable {

    /**
     * SDK attributes that the ETL moves out of the custom-parameter map into columns of their own (see the ETL's
     * event mapping), so that the scan still reports them as parameters of the events that carry them.
     */
    static final Map<String, String> PRESET_PARAMETER_COLUMNS = presetColumns();

    private static final String DATE_DIR_PREFIX = "event_date=";
    private static final String APP_DIR_PREFIX = "app_id=";
    private static final String SOURCE_OPTIONS = ", hive_partitioning = true, union_by_name = true, "
            + "hive_types = {'app_id': VARCHAR, 'event_date': DATE})";
    private static final int SAMPLES = 5;
    private static final int THREADS = 1;
    private static final String MEMORY_LIMIT = "1GB";
    // The narrowest type all non-null values of a group fit, decided in SQL so that no value leaves DuckDB.
    // TRY_CAST('1.5' AS BIGINT) rounds in DuckDB, hence a pattern for whole numbers.
    private static final String PROFILE_COLUMNS = "count(*), min(t_first), max(t_last), "
            + "CASE WHEN bool_and(lower(v) IN ('true', 'false')) THEN 'boolean' "
            + "WHEN bool_and(regexp_full_match(v, '-{0,1}[0-9]{1,18}')) THEN 'integer' "
            + "WHEN bool_and(coalesce(isfinite(TRY_CAST(v AS DOUBLE)), false)) THEN 'double' ELSE 'string' END, "
            + "approx_top_k(v, " + SAMPLES + ")";

    private final Connection connection;
    private final LakeLayout lake;
    private final Lock commitReadLock;

    /** Opens an in-memory DuckDB over the lake; close it when done. */
    public ModeledLakeReader(LakeLayout lake) {
        this.lake = lake;
        this.commitReadLock = LakeCommitLock.of(lake.root()).readLock();
        try {
            connection = DriverManager.getConnection("jdbc:duckdb:");
            try (Statement statement = connection.createStatement()) {
                // Parquet is built in; never try to fetch extensions from the network.
                statement.execute("SET autoinstall_known_extensions = false");
                statement.execute("SET autoload_known_extensions = false");
                statement.execute("SET threads = " + THREADS);
                statement.execute("SET memory_limit = '" + MEMORY_LIMIT + "'");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot start embedded DuckDB for the metadata scan: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot close the metadata scan's DuckDB", e);
        }
    }

    /** Runs {@code work} (listings and reads) with no ETL commit of this JVM in between. */
    <T> T consistently(Supplier<T> work) {
        commitReadLock.lock();
        try {
            return work.get();
        } finally {
            commitReadLock.unlock();
        }
    }

    /** App ids with a directory in the modeled {@code event} or {@code user} table, sorted. */
    public List<String> apps() {
        TreeSet<String> apps = new TreeSet<>();
        for (ModeledTables.Table table : List.of(ModeledTables.EVENT, ModeledTables.USER)) {
            for (String name : childDirectories(Path.of(lake.modeledTable(table)))) {
                if (name.startsWith(APP_DIR_PREFIX) && LakeLayout.isSafeSegment(name.substring(APP_DIR_PREFIX.length()))) {
                    apps.add(name.substring(APP_DIR_PREFIX.length()));
                }
            }
        }
        return List.copyOf(apps);
    }

    /** The event dates that have a partition directory (possibly empty) in {@code table} for the app, sorted. */
    List<LocalDate> partitionDates(ModeledTables.Table table, String appId) {
        TreeSet<LocalDate> dates = new TreeSet<>();
        for (String name : childDirectories(appDir(table, appId))) {
            if (name.startsWith(DATE_DIR_PREFIX)) {
                try {
                    dates.add(LocalDate.parse(name.substring(DATE_DIR_PREFIX.length())));
                } catch (DateTimeParseException e) {
                    // Not a partition the ETL writes; nothing to scan there.
                }
            }
        }
        return List.copyOf(dates);
    }

    /** The finished data files of one partition (Spark's in-flight and hidden files excluded); empty if none. */
    PartitionFiles partitionFiles(ModeledTables.Table table, String appId, LocalDate date) {
        Path dir = partitionDir(table, appId, date);
        Map<String, Long> files = new TreeMap<>();
        try (Stream<Path> children = Files.list(dir)) {
            for (Path file : (Iterable<Path>) children::iterator) {
                String name = file.getFileName().toString();
                if (name.endsWith(".parquet") && !name.startsWith(".") && !name.startsWith("_")) {
                    try {
                        files.put(name, Files.size(file));
                    } catch (NoSuchFileException e) {
                        // Replaced while listing (another process's commit): it is not part of the partition now.
                    }
                }
            }
        } catch (NoSuchFileException e) {
            return new PartitionFiles(date, Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return new PartitionFiles(date, files);
    }

    /** Events per partition date and event name in the given files of the {@code event} table. */
    List<EventDayCount> eventCounts(String appId, Map<LocalDate, ? extends Collection<String>> files) {
        if (isEmpty(files)) {
            return List.of();
        }
        List<Object> parameters = new ArrayList<>();
        String source = source(ModeledTables.EVENT, appId, files, parameters);
        return query("SELECT event_date, event_name, count(*), min(t), max(t) FROM "
                        + "(SELECT event_date, event_name, epoch_ms(event_timestamp) AS t FROM " + source
                        + " WHERE event_name IS NOT NULL) GROUP BY ALL", parameters,
                row -> new EventDayCount(date(row, 1), row.getString(2), row.getLong(3), row.getLong(4),
                        row.getLong(5)));
    }

    /**
     * Event parameters per partition date, event name and parameter name in the given files of the {@code event}
     * table: the keys of the custom-parameter map, and the {@link #PRESET_PARAMETER_COLUMNS} where not null.
     */
    List<ValueProfile> parameterProfiles(String appId, Map<LocalDate, ? extends Collection<String>> files) {
        if (isEmpty(files)) {
            return List.of();
        }
        List<Object> parameters = new ArrayList<>();
        String source = source(ModeledTables.EVENT, appId, files, parameters);
        StringBuilder presetColumns = new StringBuilder();
        PRESET_PARAMETER_COLUMNS.forEach((attribute, column) -> presetColumns.append(", CAST(").append(column)
                .append(" AS VARCHAR) AS \"").append(attribute).append('"'));
        String sql = "WITH e AS (SELECT event_date, event_name, epoch_ms(event_timestamp) AS t, custom_parameters"
                + presetColumns + " FROM " + source + " WHERE event_name IS NOT NULL), "
                + "kv AS (SELECT event_date, event_name, t, false AS preset, p.key AS name, p.value AS v FROM "
                + "(SELECT event_date, event_name, t, unnest(map_entries(custom_parameters)) AS p FROM e) "
                + "UNION ALL SELECT event_date, event_name, t, true, name, v FROM "
                + "(UNPIVOT (SELECT * EXCLUDE (custom_parameters) FROM e) "
                + "ON COLUMNS(* EXCLUDE (event_date, event_name, t)) INTO NAME name VALUE v)) "
                + "SELECT event_date, event_name, preset, name, " + PROFILE_COLUMNS
                + " FROM (SELECT *, t AS t_first, t AS t_last FROM kv WHERE v IS NOT NULL AND name IS NOT NULL) "
                + "GROUP BY ALL";
        return query(sql, parameters, row -> {
            boolean preset = row.getBoolean(3);
            String name = row.getString(4);
            // A preset column has a declared type; its text form (e.g. a title "404") says nothing more.
            String type = preset ? declaredType(PRESET_PARAMETER_COLUMNS.get(name)) : row.getString(8);
            return new ValueProfile(date(row, 1), row.getString(2), name, preset, row.getLong(5), row.getLong(6),
                    row.getLong(7), type, samples(row.getArray(9)));
        });
    }

    /**
     * The distinct users of each event name in the given files of the {@code event} table, as 63-bit hashes of their
     * {@code user_pseudo_id} (MD5-based, so a user hashes alike whatever the DuckDB version), name to hashes.
     */
    Map<String, long[]> eventUserHashes(String appId, Map<LocalDate, ? extends Collection<String>> files) {
        Map<String, long[]> users = new LinkedHashMap<>();
        if (isEmpty(files)) {
            return users;
        }
        List<Object> parameters = new ArrayList<>();
        String source = source(ModeledTables.EVENT, appId, files, parameters);
        query("SELECT event_name, list(DISTINCT "
                + "CAST(md5_number_lower(user_pseudo_id) & 9223372036854775807::UBIGINT AS BIGINT)) FROM " + source
                + " WHERE event_name IS NOT NULL AND user_pseudo_id IS NOT NULL GROUP BY event_name", parameters,
                row -> {
                    Object[] hashes = (Object[]) row.getArray(2).getArray();
                    long[] values = new long[hashes.length];
                    for (int i = 0; i < hashes.length; i++) {
                        values[i] = ((Number) hashes[i]).longValue();
                    }
                    users.put(row.getString(1), values);
                    return null;
                });
        return users;
    }

    /**
     * User attributes per partition date (the users' first-visit date) in the given files of the {@code user}
     * table: how many users have each one in their latest properties, and what its values look like.
     */
    List<ValueProfile> userAttributeProfiles(String appId, Map<LocalDate, ? extends Collection<String>> files) {
        if (isEmpty(files)) {
            return List.of();
        }
        List<Object> parameters = new ArrayList<>();
        String source = source(ModeledTables.USER, appId, files, parameters);
        String sql = "SELECT event_date, name, " + PROFILE_COLUMNS + " FROM "
                + "(SELECT event_date, p.key AS name, p.value AS v, t_first, t_last FROM "
                + "(SELECT event_date, epoch_ms(first_touch) AS t_first, epoch_ms(last_seen) AS t_last, "
                + "unnest(map_entries(user_properties)) AS p FROM " + source + ")) "
                + "WHERE v IS NOT NULL AND name IS NOT NULL GROUP BY ALL";
        return query(sql, parameters, row -> new ValueProfile(date(row, 1), null, row.getString(2),
                false, row.getLong(3), row.getLong(4), row.getLong(5), row.getString(6), samples(row.getArray(7))));
    }

    /** Reads one row of a result. */
    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    /** Runs one query with bound values, under the commit lock; one at a time (one connection). */
    private <T> List<T> query(String sql, List<Object> parameters, RowReader<T> reader) {
        return consistently(() -> {
            synchronized (connection) {
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    for (int i = 0; i < parameters.size(); i++) {
                        statement.setObject(i + 1, parameters.get(i));
                    }
                    List<T> rows = new ArrayList<>();
                    try (ResultSet resultSet = statement.executeQuery()) {
                        while (resultSet.next()) {
                            rows.add(reader.read(resultSet));
                        }
                    }
                    return rows;
                } catch (SQLException e) {
                    throw new IllegalStateException("metadata scan query failed: " + firstLine(e.getMessage()), e);
                }
            }
        });
    }

    private static String firstLine(String message) {
        return message == null ? "unknown error" : message.lines().findFirst().orElse("");
    }

    /** {@code read_parquet([?, ...], ...)} over the given files of one app's partitions; adds the paths to bind. */
    private String source(ModeledTables.Table table, String appId, Map<LocalDate, ? extends Collection<String>> files,
                          List<Object> parameters) {
        StringBuilder list = new StringBuilder("read_parquet([");
        for (Map.Entry<LocalDate, ? extends Collection<String>> partition : files.entrySet()) {
            Path dir = partitionDir(table, appId, partition.getKey());
            for (String name : partition.getValue()) {
                if (name.contains("/") || name.contains("\\") || !name.endsWith(".parquet")) {
                    throw new IllegalArgumentException("not a data file name: " + name);
                }
                list.append(parameters.isEmpty() ? "?" : ", ?");
                parameters.add(dir.resolve(name).toString());
            }
        }
        return list.append("]").append(SOURCE_OPTIONS).toString();
    }

    private Path appDir(ModeledTables.Table table, String appId) {
        if (!LakeLayout.isSafeSegment(appId)) {
            throw new IllegalArgumentException("not an app id: '" + appId + "'");
        }
        return Path.of(lake.modeledTable(table)).resolve(APP_DIR_PREFIX + appId);
    }

    private Path partitionDir(ModeledTables.Table table, String appId, LocalDate date) {
        return Path.of(lake.modeledPartition(table, appId, date));
    }

    private static List<String> childDirectories(Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static boolean isEmpty(Map<LocalDate, ? extends Collection<String>> files) {
        return files.values().stream().allMatch(Collection::isEmpty);
    }

    private static LocalDate date(ResultSet row, int column) throws SQLException {
        Object value = row.getObject(column);
        return value instanceof LocalDate d ? d : value instanceof Date sql ? sql.toLocalDate()
                : LocalDate.parse(value.toString());
    }

    private static List<String> samples(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        List<String> samples = new ArrayList<>();
        for (Object value : (Object[]) array.getArray()) {
            if (value != null) {
                samples.add(value.toString());
            }
        }
        return samples;
    }

    private static String declaredType(String column) {
        return switch (ModeledTables.EVENT.column(column).orElseThrow().type()) {
            case INT, LONG -> "integer";
            case DOUBLE -> "double";
            case BOOLEAN -> "boolean";
            default -> "string";
        };
    }

    private static Map<String, String> presetColumns() {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("_page_url", "page_url");
        columns.put("_page_title", "page_title");
        columns.put("_page_referrer", "page_referrer");
        columns.put("_screen_name", "screen_name");
        columns.put("_session_id", "session_id");
        columns.put("_session_number", "session_number");
        columns.put("_engagement_time_msec", "engagement_time_msec");
        columns.put("_value", "event_value");
        columns.put("_currency", "event_value_currency");
        // Fail at class load, not at scan time, if the shared schema drops a column this relies on.
        for (String column : columns.values()) {
            if (ModeledTables.EVENT.column(column).isEmpty()) {
                throw new IllegalStateException("ModeledTables.EVENT has no column " + column);
            }
        }
        for (String column : List.of("event_name", "event_timestamp", "user_pseudo_id", "custom_parameters")) {
            if (ModeledTables.EVENT.column(column).isEmpty()) {
                throw new IllegalStateException("ModeledTables.EVENT has no column " + column);
            }
        }
        for (String column : List.of("user_properties", "first_touch", "last_seen")) {
            if (ModeledTables.USER.column(column).isEmpty()) {
                throw new IllegalStateException("ModeledTables.USER has no column " + column);
            }
        }
        return java.util.Collections.unmodifiableMap(columns);
    }
}
