package io.clickstream.studio.explore;

import io.clickstream.model.LakeLayout;
import io.clickstream.model.ModeledTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes generated events (and user attributes) as the ETL lays out the modeled tables: every column of
 * {@link ModeledTables#EVENT} and {@link ModeledTables#USER} in its type, hive-partitioned Parquet under
 * {@code modeled/<table>/app_id=/event_date=/}, written by DuckDB. Each call of {@link #append} adds new files, as a
 * later ETL run does, so late events land next to earlier files of their partition.
 */
public final class ModeledLake {

    private static final char SEPARATOR = '\u001f';

    private ModeledLake() {
    }

    /** Appends events of apps in the given zones (each app's event dates are counted in its zone). */
    public static void append(Path lakeDir, List<ModeledEvent> events, Map<String, ZoneId> zones) {
        if (events.isEmpty()) {
            return;
        }
        write(lakeDir, ModeledTables.EVENT, "staged", conn -> {
            try (PreparedStatement insert = conn.prepareStatement("INSERT INTO staged (event_id, event_name, "
                    + "event_timestamp, event_time_msec, platform, user_pseudo_id, session_id, geo_country, "
                    + "traffic_source_source, traffic_source_campaign, page_url, page_title, screen_name, event_value, "
                    + "custom_parameters, app_id, event_date, ingest_time) VALUES (?, ?, epoch_ms(?), ?, ?, ?, ?, ?, ?, ?, "
                    + "?, ?, ?, ?, CASE WHEN ? = '' THEN MAP {} ELSE map(string_split(?, chr(31)), string_split(?, "
                    + "chr(31))) END, ?, CAST(? AS DATE), now()::TIMESTAMP)")) {
                for (ModeledEvent e : events) {
                    int i = 1;
                    insert.setString(i++, e.eventId());
                    insert.setString(i++, e.eventName());
                    insert.setLong(i++, e.timeMsec());
                    insert.setLong(i++, e.timeMsec());
                    insert.setString(i++, e.platform());
                    insert.setString(i++, e.userPseudoId());
                    insert.setString(i++, e.sessionId());
                    insert.setString(i++, e.geoCountry());
                    insert.setString(i++, e.trafficSource());
                    insert.setString(i++, e.campaign());
                    insert.setString(i++, e.pageUrl());
                    insert.setString(i++, e.pageTitle());
                    insert.setString(i++, e.screenName());
                    insert.setObject(i++, e.eventValue());
                    String keys = String.join(String.valueOf(SEPARATOR), e.parameters().keySet());
                    insert.setString(i++, keys);
                    insert.setString(i++, keys);
                    insert.setString(i++, e.parameters().keySet().stream().map(k -> e.parameters().get(k))
                            .collect(Collectors.joining(String.valueOf(SEPARATOR))));
                    insert.setString(i++, e.appId());
                    insert.setString(i++, e.eventDate(zones.get(e.appId())).toString());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }

    /** One user row per user with attributes, in the partition of the given first-visit date. */
    public record UserRow(String appId, String userPseudoId, java.time.LocalDate firstVisit, Map<String, String> properties) {
    }

    public static void appendUsers(Path lakeDir, List<UserRow> users) {
        if (users.isEmpty()) {
            return;
        }
        write(lakeDir, ModeledTables.USER, "staged", conn -> {
            try (PreparedStatement insert = conn.prepareStatement("INSERT INTO staged (user_pseudo_id, first_visit_date, "
                    + "user_properties, app_id, event_date) VALUES (?, CAST(? AS DATE), CASE WHEN ? = '' THEN MAP {} "
                    + "ELSE map(string_split(?, chr(31)), string_split(?, chr(31))) END, ?, CAST(? AS DATE))")) {
                for (UserRow u : users) {
                    String keys = String.join(String.valueOf(SEPARATOR), u.properties().keySet());
                    insert.setString(1, u.userPseudoId());
                    insert.setString(2, u.firstVisit().toString());
                    insert.setString(3, keys);
                    insert.setString(4, keys);
                    insert.setString(5, u.properties().keySet().stream().map(k -> u.properties().get(k))
                            .collect(Collectors.joining(String.valueOf(SEPARATOR))));
                    insert.setString(6, u.appId());
                    insert.setString(7, u.firstVisit().toString());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }

    /**
     * Appends rows of any modeled table, giving values for the named columns (the others stay null): text as
     * {@code String}, numbers as {@code Long} or {@code Double}, booleans, dates as {@code LocalDate} (the partition
     * column {@code event_date} too), timestamps as epoch milliseconds ({@code Long}), string maps as
     * {@code Map<String, String>}, lists as {@code List<String>}, {@code List<LocalDate>} or {@code List<Long>} (without
     * nulls).
     */
    public static void appendRows(Path lakeDir, ModeledTables.Table table, List<String> columns, List<List<Object>> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<String> placeholders = new ArrayList<>();
        for (String name : columns) {
            ModeledTables.Column column = table.allColumns().stream().filter(c -> c.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(table.tableName() + " has no column " + name));
            placeholders.add(switch (column.type()) {
                case DATE -> "CAST(? AS DATE)";
                case TIMESTAMP -> "epoch_ms(CAST(? AS BIGINT))";
                case STRING_MAP -> "CASE WHEN ? = '' THEN MAP {} ELSE map(string_split(?, chr(31)), "
                        + "string_split(?, chr(31))) END";
                // null and an empty list differ: the text is '' for null, '[' and the joined elements for a list
                case STRING_LIST -> "CASE WHEN ? = '' THEN NULL WHEN ? = '[' THEN []::VARCHAR[] "
                        + "ELSE string_split(substr(?, 2), chr(31)) END";
                case DATE_LIST -> "CASE WHEN ? = '' THEN NULL WHEN ? = '[' THEN []::DATE[] "
                        + "ELSE list_transform(string_split(substr(?, 2), chr(31)), lambda x: CAST(x AS DATE)) END";
                case LONG_LIST -> "CASE WHEN ? = '' THEN NULL WHEN ? = '[' THEN []::BIGINT[] "
                        + "ELSE list_transform(string_split(substr(?, 2), chr(31)), lambda x: CAST(x AS BIGINT)) END";
                default -> "?";
            });
        }
        write(lakeDir, table, "staged", conn -> {
            try (PreparedStatement insert = conn.prepareStatement("INSERT INTO staged (" + String.join(", ", columns)
                    + ") VALUES (" + String.join(", ", placeholders) + ")")) {
                for (List<Object> row : rows) {
                    int i = 1;
                    for (Object value : row) {
                        if (value instanceof List<?> list) {
                            String text = list.stream().map(String::valueOf)
                                    .collect(Collectors.joining(String.valueOf(SEPARATOR), "[", ""));
                            for (int k = 0; k < 3; k++) {
                                insert.setString(i++, text);
                            }
                        } else if (value instanceof Map<?, ?> map) {
                            String keys = map.keySet().stream().map(String::valueOf)
                                    .collect(Collectors.joining(String.valueOf(SEPARATOR)));
                            insert.setString(i++, keys);
                            insert.setString(i++, keys);
                            insert.setString(i++, map.values().stream().map(String::valueOf)
                                    .collect(Collectors.joining(String.valueOf(SEPARATOR))));
                        } else if (value instanceof java.time.LocalDate date) {
                            insert.setString(i++, date.toString());
                        } else {
                            insert.setObject(i++, value);
                        }
                    }
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }

    @FunctionalInterface
    private interface Fill {
        void into(Connection connection) throws SQLException;
    }

    private static void write(Path lakeDir, ModeledTables.Table table, String staged, Fill fill) {
        String dir = new LakeLayout(lakeDir.toString()).modeledTable(table);
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement()) {
            Files.createDirectories(Path.of(dir));
            statement.execute("CREATE TABLE " + staged + " (" + columns(table) + ")");
            fill.into(connection);
            // APPEND writes new, uniquely named files next to those already there.
            statement.execute("COPY (SELECT * FROM " + staged + ") TO '" + dir.replace("'", "''")
                    + "' (FORMAT parquet, PARTITION_BY (app_id, event_date), APPEND)");
        } catch (Exception e) {
            throw new IllegalStateException("cannot write the " + table.tableName() + " table under " + lakeDir, e);
        }
    }

    private static String columns(ModeledTables.Table table) {
        List<String> columns = new ArrayList<>();
        for (ModeledTables.Column c : table.allColumns()) {
            columns.add(c.name() + " " + switch (c.type()) {
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
            });
        }
        return String.join(", ", columns);
    }
}
