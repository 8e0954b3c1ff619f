package io.clickstream.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Schemas of the modeled tables the ETL writes under {@code modeled/} (and of quarantine records), as the single
 * declaration the ETL builds its Spark schemas from and the studio writes its SQL against. Every table is
 * partitioned by {@code app_id} and {@code event_date}; partition columns live in directory names, not in files.
 */
public final class ModeledTables {

    /**
     * Column types, mapped by each engine to its own (Spark, DuckDB, Athena, Redshift). The list types hold a
     * session's per-event sequences ({@link #SESSION}).
     */
    public enum ColumnType { STRING, INT, LONG, DOUBLE, BOOLEAN, DATE, TIMESTAMP, STRING_MAP, STRING_LIST, DATE_LIST, LONG_LIST }

    public record Column(String name, ColumnType type) {
    }

    /** A modeled table: its name (the directory under {@code modeled/}), data columns and partition columns. */
    public record Table(String tableName, List<Column> columns, List<Column> partitionColumns) {
        public Optional<Column> column(String name) {
            return columns.stream().filter(c -> c.name().equals(name)).findFirst();
        }

        /** Data columns followed by partition columns: the columns a reader with hive partitioning sees. */
        public List<Column> allColumns() {
            List<Column> all = new ArrayList<>(columns);
            all.addAll(partitionColumns);
            return all;
        }
    }

    public static final List<Column> PARTITION_COLUMNS = List.of(
            col("app_id", ColumnType.STRING), col("event_date", ColumnType.DATE));

    public static final Table EVENT = new Table("event", List.of(
            col("event_id", ColumnType.STRING),
            col("event_name", ColumnType.STRING),
            col("event_timestamp", ColumnType.TIMESTAMP),
            col("event_time_msec", ColumnType.LONG),
            col("platform", ColumnType.STRING),
            col("user_pseudo_id", ColumnType.STRING),
            col("user_id", ColumnType.STRING),
            col("session_id", ColumnType.STRING),
            col("session_number", ColumnType.LONG),
            col("device_id", ColumnType.STRING),
            col("device_make", ColumnType.STRING),
            col("device_brand", ColumnType.STRING),
            col("device_model", ColumnType.STRING),
            col("device_os", ColumnType.STRING),
            col("device_os_version", ColumnType.STRING),
            col("device_screen_width", ColumnType.LONG),
            col("device_screen_height", ColumnType.LONG),
            col("device_viewport_width", ColumnType.LONG),
            col("device_viewport_height", ColumnType.LONG),
            col("device_locale", ColumnType.STRING),
            col("device_system_language", ColumnType.STRING),
            col("device_network_type", ColumnType.STRING),
            col("device_carrier", ColumnType.STRING),
            col("device_ua_browser", ColumnType.STRING),
            col("device_ua_browser_version", ColumnType.STRING),
            col("device_ua_os", ColumnType.STRING),
            col("device_ua_os_version", ColumnType.STRING),
            col("device_ua_device", ColumnType.STRING),
            col("device_ua_device_category", ColumnType.STRING),
            col("geo_continent", ColumnType.STRING),
            col("geo_country", ColumnType.STRING),
            col("geo_region", ColumnType.STRING),
            col("geo_city", ColumnType.STRING),
            col("traffic_source_source", ColumnType.STRING),
            col("traffic_source_medium", ColumnType.STRING),
            col("traffic_source_campaign", ColumnType.STRING),
            col("traffic_source_content", ColumnType.STRING),
            col("traffic_source_term", ColumnType.STRING),
            col("traffic_source_clid", ColumnType.STRING),
            col("traffic_source_clid_platform", ColumnType.STRING),
            col("traffic_source_channel_group", ColumnType.STRING),
            col("traffic_source_category", ColumnType.STRING),
            col("page_url", ColumnType.STRING),
            col("page_title", ColumnType.STRING),
            col("page_referrer", ColumnType.STRING),
            col("page_hostname", ColumnType.STRING),
            col("screen_name", ColumnType.STRING),
            col("event_value", ColumnType.DOUBLE),
            col("event_value_currency", ColumnType.STRING),
            col("engagement_time_msec", ColumnType.LONG),
            col("app_version", ColumnType.STRING),
            col("app_package_name", ColumnType.STRING),
            col("sdk_name", ColumnType.STRING),
            col("sdk_version", ColumnType.STRING),
            col("custom_parameters", ColumnType.STRING_MAP),
            col("ingest_time", ColumnType.TIMESTAMP),
            col("bundle_seq", ColumnType.LONG)),
            PARTITION_COLUMNS);

    /**
     * One row per {@code (app_id, user_pseudo_id, session_id)}, in the partition of its first event's date.
     * {@code event_names}, {@code event_dates} and {@code event_times} are the session's events that have a name,
     * ordered as the modeled tables order events ({@code event_time_msec}, then {@code event_id}): each one's name, its
     * {@code event_date} and its {@code event_time_msec}, element by element, so that a reader can keep only the events
     * of a date range. They let the path and funnel explorations read a session's events without ordering (or even
     * scanning) the event table; files written before they existed read them as null.
     */
    public static final Table SESSION = new Table("session", List.of(
            col("session_id", ColumnType.STRING),
            col("user_pseudo_id", ColumnType.STRING),
            col("user_id", ColumnType.STRING),
            col("session_number", ColumnType.LONG),
            col("session_start", ColumnType.TIMESTAMP),
            col("session_end", ColumnType.TIMESTAMP),
            col("duration_msec", ColumnType.LONG),
            col("page_views", ColumnType.LONG),
            col("event_count", ColumnType.LONG),
            col("engaged", ColumnType.BOOLEAN),
            col("entry_page", ColumnType.STRING),
            col("exit_page", ColumnType.STRING),
            col("platform", ColumnType.STRING),
            col("geo_country", ColumnType.STRING),
            col("device_ua_device_category", ColumnType.STRING),
            col("traffic_source_source", ColumnType.STRING),
            col("traffic_source_medium", ColumnType.STRING),
            col("traffic_source_campaign", ColumnType.STRING),
            col("traffic_source_channel_group", ColumnType.STRING),
            col("traffic_source_category", ColumnType.STRING),
            col("event_names", ColumnType.STRING_LIST),
            col("event_dates", ColumnType.DATE_LIST),
            col("event_times", ColumnType.LONG_LIST)),
            PARTITION_COLUMNS);

    /** One row per user; {@code event_date} is the user's first-visit date. */
    public static final Table USER = new Table("user", List.of(
            col("user_pseudo_id", ColumnType.STRING),
            col("user_id", ColumnType.STRING),
            col("first_touch", ColumnType.TIMESTAMP),
            col("first_visit_date", ColumnType.DATE),
            col("last_seen", ColumnType.TIMESTAMP),
            col("first_platform", ColumnType.STRING),
            col("first_traffic_source_source", ColumnType.STRING),
            col("first_traffic_source_medium", ColumnType.STRING),
            col("first_traffic_source_campaign", ColumnType.STRING),
            col("first_traffic_source_channel_group", ColumnType.STRING),
            col("first_traffic_source_category", ColumnType.STRING),
            col("user_properties", ColumnType.STRING_MAP)),
            PARTITION_COLUMNS);

    public static final Table ITEM = new Table("item", List.of(
            col("event_id", ColumnType.STRING),
            col("event_name", ColumnType.STRING),
            col("event_timestamp", ColumnType.TIMESTAMP),
            col("user_pseudo_id", ColumnType.STRING),
            col("item_id", ColumnType.STRING),
            col("item_name", ColumnType.STRING),
            col("item_brand", ColumnType.STRING),
            col("item_category", ColumnType.STRING),
            col("item_category2", ColumnType.STRING),
            col("item_category3", ColumnType.STRING),
            col("item_category4", ColumnType.STRING),
            col("item_category5", ColumnType.STRING),
            col("price", ColumnType.DOUBLE),
            col("quantity", ColumnType.LONG),
            col("currency", ColumnType.STRING),
            col("location_id", ColumnType.STRING),
            col("creative_name", ColumnType.STRING),
            col("creative_slot", ColumnType.STRING),
            col("custom_parameters", ColumnType.STRING_MAP)),
            PARTITION_COLUMNS);

    /** Refused events and requests, stored under {@code quarantine/app_id=/date=} with their reason. */
    public static final Table QUARANTINE = new Table("quarantine", List.of(
            col("reason", ColumnType.STRING),
            col("raw", ColumnType.STRING),
            col("source_file", ColumnType.STRING),
            col("rid", ColumnType.STRING),
            col("ingest_time", ColumnType.TIMESTAMP)),
            List.of(col("app_id", ColumnType.STRING), col("date", ColumnType.DATE)));

    public static final List<Table> MODELED = List.of(EVENT, SESSION, USER, ITEM);

    private ModeledTables() {
    }

    private static Column col(String name, ColumnType type) {
        return new Column(name, type);
    }
}
