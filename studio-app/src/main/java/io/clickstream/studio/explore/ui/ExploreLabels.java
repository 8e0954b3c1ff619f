package io.clickstream.studio.explore.ui;

import io.clickstream.model.ModeledTables;
import io.clickstream.studio.explore.EventCatalog.AppMetadata;
import io.clickstream.studio.explore.model.ValueType;
import io.clickstream.studio.explore.sql.ExplorationSql;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The names the Explore views show for events and properties, and the properties a builder offers. Event columns
 * get fixed labels here; events, custom parameters and user attributes get the display names of the metadata
 * manager when it knows them ({@link DisplayNameLookup}), else their name in the data.
 */
final class ExploreLabels {

    /** Where display names of an app's events, parameters and attributes come from. */
    interface DisplayNameLookup {

        DisplayNameLookup RAW = new DisplayNameLookup() {
        };

        default String event(String appId, String eventName) {
            return eventName;
        }

        default String parameter(String appId, String name) {
            return name;
        }

        default String userAttribute(String appId, String name) {
            return name;
        }
    }

    /** A property a builder can filter, group or sum by: its reference in queries and how it reads. */
    record PropertyOption(String reference, String label, String group, boolean numeric) {
    }

    static final String EVENT_PREFIX = "event.";
    static final String USER_PREFIX = "user.";

    private static final Map<String, String> COLUMN_LABELS = Map.ofEntries(
            Map.entry("event_name", "Event name"), Map.entry("platform", "Platform"),
            Map.entry("session_number", "Session number"), Map.entry("device_make", "Device make"),
            Map.entry("device_brand", "Device brand"), Map.entry("device_model", "Device model"),
            Map.entry("device_os", "OS"), Map.entry("device_os_version", "OS version"),
            Map.entry("device_screen_width", "Screen width"), Map.entry("device_screen_height", "Screen height"),
            Map.entry("device_viewport_width", "Viewport width"), Map.entry("device_viewport_height", "Viewport height"),
            Map.entry("device_locale", "Locale"), Map.entry("device_system_language", "System language"),
            Map.entry("device_network_type", "Network type"), Map.entry("device_carrier", "Carrier"),
            Map.entry("device_ua_browser", "Browser"), Map.entry("device_ua_browser_version", "Browser version"),
            Map.entry("device_ua_os", "OS (from user agent)"),
            Map.entry("device_ua_os_version", "OS version (from user agent)"),
            Map.entry("device_ua_device", "Device (from user agent)"),
            Map.entry("device_ua_device_category", "Device category"), Map.entry("geo_continent", "Continent"),
            Map.entry("geo_country", "Country"), Map.entry("geo_region", "Region"), Map.entry("geo_city", "City"),
            Map.entry("traffic_source_source", "Traffic source"), Map.entry("traffic_source_medium", "Traffic medium"),
            Map.entry("traffic_source_campaign", "Campaign"), Map.entry("traffic_source_content", "Traffic content"),
            Map.entry("traffic_source_term", "Traffic term"), Map.entry("traffic_source_clid", "Click ID"),
            Map.entry("traffic_source_clid_platform", "Click ID platform"),
            Map.entry("traffic_source_channel_group", "Channel group"),
            Map.entry("traffic_source_category", "Traffic category"), Map.entry("page_url", "Page URL"),
            Map.entry("page_title", "Page title"), Map.entry("page_referrer", "Page referrer"),
            Map.entry("page_hostname", "Page host name"), Map.entry("screen_name", "Screen name"),
            Map.entry("event_value", "Event value"), Map.entry("event_value_currency", "Event value currency"),
            Map.entry("engagement_time_msec", "Engagement time (ms)"), Map.entry("app_version", "App version"),
            Map.entry("app_package_name", "App package"), Map.entry("sdk_name", "SDK name"),
            Map.entry("sdk_version", "SDK version"));

    private final DisplayNameLookup names;

    ExploreLabels(DisplayNameLookup names) {
        this.names = names;
    }

    String event(String appId, String eventName) {
        if (eventName == null) {
            return "";
        }
        String label = names.event(appId, eventName);
        return label == null || label.isBlank() ? eventName : label;
    }

    String property(String appId, String reference) {
        if (reference == null) {
            return "";
        }
        if (reference.startsWith(EVENT_PREFIX)) {
            return orName(names.parameter(appId, reference.substring(EVENT_PREFIX.length())),
                    reference.substring(EVENT_PREFIX.length()));
        }
        if (reference.startsWith(USER_PREFIX)) {
            return orName(names.userAttribute(appId, reference.substring(USER_PREFIX.length())),
                    reference.substring(USER_PREFIX.length()));
        }
        return COLUMN_LABELS.getOrDefault(reference, reference);
    }

    /** Event names of the app, ordered by how they read. */
    List<String> events(String appId, AppMetadata metadata) {
        return metadata.events().stream()
                .sorted(Comparator.comparing((String e) -> event(appId, e).toLowerCase(Locale.ROOT)).thenComparing(e -> e))
                .toList();
    }

    /** Every property of the app: event columns, then custom event parameters, then user attributes. */
    List<PropertyOption> properties(String appId, AppMetadata metadata) {
        List<PropertyOption> options = new ArrayList<>();
        for (String column : ExplorationSql.EVENT_COLUMNS) {
            if (column.equals("event_name")) {
                continue;
            }
            ModeledTables.ColumnType type = ModeledTables.EVENT.column(column).orElseThrow().type();
            boolean numeric = type == ModeledTables.ColumnType.LONG || type == ModeledTables.ColumnType.DOUBLE
                    || type == ModeledTables.ColumnType.INT;
            options.add(new PropertyOption(column, property(appId, column), "Event", numeric));
        }
        List<PropertyOption> custom = new ArrayList<>();
        metadata.eventParameters().forEach((name, type) -> custom.add(new PropertyOption(EVENT_PREFIX + name,
                property(appId, EVENT_PREFIX + name), "Event parameter", type == ValueType.NUMBER)));
        metadata.userAttributes().forEach((name, type) -> custom.add(new PropertyOption(USER_PREFIX + name,
                property(appId, USER_PREFIX + name), "User attribute", type == ValueType.NUMBER)));
        custom.sort(Comparator.comparing(PropertyOption::group).thenComparing(o -> o.label().toLowerCase(Locale.ROOT)));
        options.sort(Comparator.comparing(o -> o.label().toLowerCase(Locale.ROOT)));
        options.addAll(custom);
        return options;
    }

    private static String orName(String label, String name) {
        return label == null || label.isBlank() ? name : label;
    }
}
