package io.clickstream.studio.metadata;

import io.clickstream.model.LakeLayout;
import io.clickstream.model.ModeledTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A modeled lake for metadata tests: {@code event} and {@code user} partitions written as Parquet files by DuckDB
 * with every column of {@link ModeledTables} (types mapped as the ETL maps them), one file per call, the way ETL
 * micro-batches append files. Tests keep the rows they wrote; {@link Expected} counts them in plain Java.
 */
public final class ModeledLake implements AutoCloseable {

    /** One row of the modeled {@code event} table (columns not named here are null). */
    public record EventRow(String appId, String eventName, Instant time, String userPseudoId, Map<String, String> custom,
                    String pageUrl, String pageTitle, Double eventValue, Long sessionNumber) {

        LocalDate date() {
            return LocalDate.ofInstant(time, ZoneOffset.UTC);
        }
    }

    /** One row of the modeled {@code user} table, in the partition of its first visit. */
    public record UserRow(String appId, String userPseudoId, Instant firstTouch, Instant lastSeen,
                   Map<String, String> properties) {

        LocalDate date() {
            return LocalDate.ofInstant(firstTouch, ZoneOffset.UTC);
        }
    }

    public final Path root;
    public final LakeLayout layout;
    private final Connection connection;

    public ModeledLake(Path root) {
        this.root = root;
        this.layout = new LakeLayout(root.toString());
        try {
            this.connection = DriverManager.getConnection("jdbc:duckdb:");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes one new file per (app, date) of the rows into the event table; returns the files written. */
    public List<Path> appendEvents(List<EventRow> rows) {
        Map<String, List<EventRow>> byPartition = new LinkedHashMap<>();
        rows.forEach(r -> byPartition.computeIfAbsent(r.appId() + "|" + r.date(), k -> new ArrayList<>()).add(r));
        List<Path> files = new ArrayList<>();
        byPartition.values().forEach(part -> files.add(writeEvents(part)));
        return files;
    }

    /** Replaces every file of a user partition with one file of these rows (as the ETL rewrites users). */
    public Path rewriteUsers(String appId, LocalDate date, List<UserRow> rows) {
        Path dir = Path.of(layout.modeledPartition(ModeledTables.USER, appId, date));
        deleteFiles(dir);
        return rows.isEmpty() ? null : write(ModeledTables.USER, dir, rows.size(), (insert, i) -> {
            UserRow row = rows.get(i);
            Map<String, Object> values = new HashMap<>();
            values.put("user_pseudo_id", row.userPseudoId());
            values.put("first_touch", Timestamp.valueOf(LocalDateTime.ofInstant(row.firstTouch(), ZoneOffset.UTC)));
            values.put("first_visit_date", java.sql.Date.valueOf(row.date()));
            values.put("last_seen", Timestamp.valueOf(LocalDateTime.ofInstant(row.lastSeen(), ZoneOffset.UTC)));
            return new RowValues(values, row.properties());
        }, "user_properties");
    }

    /** Merges every file of an event partition into one (what compaction does), keeping the rows. */
    public Path compactEvents(String appId, LocalDate date, List<EventRow> allRowsOfPartition) {
        Path dir = Path.of(layout.modeledPartition(ModeledTables.EVENT, appId, date));
        deleteFiles(dir);
        return writeEvents(allRowsOfPartition);
    }

    private Path writeEvents(List<EventRow> rows) {
        EventRow first = rows.get(0);
        Path dir = Path.of(layout.modeledPartition(ModeledTables.EVENT, first.appId(), first.date()));
        return write(ModeledTables.EVENT, dir, rows.size(), (insert, i) -> {
            EventRow row = rows.get(i);
            Map<String, Object> values = new HashMap<>();
            values.put("event_id", UUID.randomUUID().toString());
            values.put("event_name", row.eventName());
            values.put("event_timestamp", Timestamp.valueOf(LocalDateTime.ofInstant(row.time(), ZoneOffset.UTC)));
            values.put("event_time_msec", row.time().toEpochMilli());
            values.put("platform", "Web");
            values.put("user_pseudo_id", row.userPseudoId());
            values.put("page_url", row.pageUrl());
            values.put("page_title", row.pageTitle());
            values.put("event_value", row.eventValue());
            values.put("session_number", row.sessionNumber());
            return new RowValues(values, row.custom());
        }, "custom_parameters");
    }

    private record RowValues(Map<String, Object> columns, Map<String, String> map) {
    }

    @FunctionalInterface
    private interface RowSource {
        RowValues row(PreparedStatement insert, int index) throws SQLException;
    }

    /** One Parquet file with all the table's data columns, written through a temporary DuckDB table. */
    private Path write(ModeledTables.Table table, Path dir, int count, RowSource source, String mapColumn) {
        Path file = dir.resolve("part-" + UUID.randomUUID() + ".c000.snappy.parquet");
        List<ModeledTables.Column> columns = table.columns();
        StringBuilder create = new StringBuilder("CREATE TEMP TABLE t (rid INTEGER");
        StringBuilder insertSql = new StringBuilder("INSERT INTO t (rid");
        StringBuilder placeholders = new StringBuilder("?");
        for (ModeledTables.Column column : columns) {
            create.append(", ").append(column.name()).append(' ').append(duckType(column.type()));
            if (!column.name().equals(mapColumn)) {
                insertSql.append(", ").append(column.name());
                placeholders.append(", ?");
            }
        }
        try {
            Files.createDirectories(dir);
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS t");
                statement.execute("DROP TABLE IF EXISTS kv");
                statement.execute(create.append(")").toString());
                statement.execute("CREATE TEMP TABLE kv (rid INTEGER, k VARCHAR, v VARCHAR)");
                try (PreparedStatement insert = connection.prepareStatement(
                        insertSql.append(") VALUES (").append(placeholders).append(")").toString());
                     PreparedStatement entry = connection.prepareStatement("INSERT INTO kv VALUES (?, ?, ?)")) {
                    for (int i = 0; i < count; i++) {
                        RowValues row = source.row(insert, i);
                        int p = 1;
                        insert.setInt(p++, i);
                        for (ModeledTables.Column column : columns) {
                            if (!column.name().equals(mapColumn)) {
                                insert.setObject(p++, row.columns().get(column.name()));
                            }
                        }
                        insert.addBatch();
                        if (row.map() != null) {
                            for (Map.Entry<String, String> e : row.map().entrySet()) {
                                entry.setInt(1, i);
                                entry.setString(2, e.getKey());
                                entry.setString(3, e.getValue());
                                entry.addBatch();
                            }
                        }
                    }
                    insert.executeBatch();
                    entry.executeBatch();
                }
                statement.execute("UPDATE t SET " + mapColumn + " = m.m FROM (SELECT rid, "
                        + "map_from_entries(list(struct_pack(k := k, v := v))) AS m FROM kv GROUP BY rid) m "
                        + "WHERE t.rid = m.rid");
                try (PreparedStatement copy = connection.prepareStatement(
                        "COPY (SELECT * EXCLUDE (rid) FROM t ORDER BY rid) TO '" + file.toString().replace("'", "''")
                                + "' (FORMAT parquet)")) {
                    copy.execute();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
        return file;
    }

    private static String duckType(ModeledTables.ColumnType type) {
        return switch (type) {
            case STRING -> "VARCHAR";
            case INT -> "INTEGER";
            case LONG -> "BIGINT";
            case DOUBLE -> "DOUBLE";
            case BOOLEAN -> "BOOLEAN";
            case DATE -> "DATE";
            case TIMESTAMP -> "TIMESTAMP";
            case STRING_MAP -> "MAP(VARCHAR, VARCHAR)";
            case STRING_LIST -> "VARCHAR[]";
            case DATE_LIST -> "DATE[]";
            case LONG_LIST -> "BIGINT[]";
        };
    }

    private static void deleteFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a scan must find, counted from the rows in plain Java. */
    static final class Expected {

        record Event(long count, long users, Instant first, Instant last) {
        }

        record Parameter(long count, ValueType type, Set<String> values, Instant first, Instant last) {
        }

        record Attribute(long users, ValueType type, Set<String> values) {
        }

        final Map<String, Event> events = new HashMap<>();
        final Map<String, Parameter> parameters = new HashMap<>();
        final Map<String, Attribute> userAttributes = new HashMap<>();

        Expected(String appId, List<EventRow> eventRows, List<UserRow> userRows) {
            Map<String, List<EventRow>> byName = new HashMap<>();
            eventRows.stream().filter(r -> r.appId().equals(appId))
                    .forEach(r -> byName.computeIfAbsent(r.eventName(), k -> new ArrayList<>()).add(r));
            byName.forEach((name, rows) -> events.put(name, new Event(rows.size(),
                    rows.stream().map(EventRow::userPseudoId).distinct().count(),
                    rows.stream().map(EventRow::time).min(Instant::compareTo).orElseThrow(),
                    rows.stream().map(EventRow::time).max(Instant::compareTo).orElseThrow())));
            for (EventRow row : eventRows) {
                if (!row.appId().equals(appId)) {
                    continue;
                }
                Map<String, String> values = new LinkedHashMap<>(row.custom() == null ? Map.of() : row.custom());
                values.values().removeIf(v -> v == null);
                Map<String, ValueType> declared = new HashMap<>();
                if (row.pageUrl() != null) {
                    values.put("_page_url", row.pageUrl());
                    declared.put("_page_url", ValueType.STRING);
                }
                if (row.pageTitle() != null) {
                    values.put("_page_title", row.pageTitle());
                    declared.put("_page_title", ValueType.STRING);
                }
                if (row.eventValue() != null) {
                    values.put("_value", row.eventValue().toString());
                    declared.put("_value", ValueType.DOUBLE);
                }
                if (row.sessionNumber() != null) {
                    values.put("_session_number", row.sessionNumber().toString());
                    declared.put("_session_number", ValueType.INTEGER);
                }
                values.forEach((name, value) -> {
                    ValueType type = declared.getOrDefault(name, typeOf(value));
                    parameters.merge(row.eventName() + "#" + name,
                            new Parameter(1, type, new HashSet<>(Set.of(value)), row.time(), row.time()),
                            (a, b) -> {
                                a.values().addAll(b.values());
                                return new Parameter(a.count() + 1, ValueType.join(a.type(), b.type()), a.values(),
                                        a.first().isBefore(b.first()) ? a.first() : b.first(),
                                        a.last().isAfter(b.last()) ? a.last() : b.last());
                            });
                });
            }
            for (UserRow row : userRows) {
                if (!row.appId().equals(appId)) {
                    continue;
                }
                row.properties().forEach((name, value) -> userAttributes.merge(name,
                        new Attribute(1, typeOf(value), new HashSet<>(Set.of(value))), (a, b) -> {
                            a.values().addAll(b.values());
                            return new Attribute(a.users() + 1, ValueType.join(a.type(), b.type()), a.values());
                        }));
            }
        }

        /** The type rule, written independently of the SQL that implements it. */
        static ValueType typeOf(String value) {
            if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
                return ValueType.BOOLEAN;
            }
            if (value.matches("-?[0-9]{1,18}")) {
                return ValueType.INTEGER;
            }
            try {
                double d = Double.parseDouble(value);
                if (!Double.isNaN(d) && !Double.isInfinite(d) && !value.endsWith("d") && !value.endsWith("f")
                        && !value.endsWith("D") && !value.endsWith("F")) {
                    return ValueType.DOUBLE;
                }
            } catch (NumberFormatException e) {
                // text
            }
            return ValueType.STRING;
        }
    }
}
