package io.clickstream.etl.parse;

import io.clickstream.etl.SparkSchemas;
import io.clickstream.etl.enrich.EventRecord;
import io.clickstream.model.ModeledTables;
import io.clickstream.model.SdkEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The rows the decoding stage emits: one schema for both outcomes (an event, or a quarantine record) so that raw
 * files are read once. Event columns follow {@link ModeledTables#EVENT} except that timestamps are still epoch
 * millis; the job turns them into Spark timestamps and splits the two outcomes.
 */
public final class StageRows {

    public static final int KIND_EVENT = 0;
    public static final int KIND_QUARANTINE = 1;

    public static final String KIND = "kind";
    public static final String APP_ID = "app_id";
    /** {@code event_date} (app zone) for events, ingest date (UTC) for quarantine records; {@code YYYY-MM-DD}. */
    public static final String PART_DATE = "part_date";
    public static final String ITEMS = "items";
    public static final String USER_PROPERTIES = "user_properties";
    public static final String SESSION_START_MSEC = "session_start_msec";
    public static final String SRC_FILE = "src_file";
    public static final String SRC_ORDINAL = "src_ordinal";
    public static final String Q_REASON = "q_reason";
    public static final String Q_RAW = "q_raw";
    public static final String Q_RID = "q_rid";
    public static final String Q_INGEST_MSEC = "q_ingest_msec";

    private static final DataType STRING_MAP = DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true);

    /** Item fields in the order of {@link ModeledTables#ITEM} from {@code item_id} on. */
    public static final StructType ITEM_STRUCT = DataTypes.createStructType(List.of(
            field("item_id", DataTypes.StringType),
            field("item_name", DataTypes.StringType),
            field("item_brand", DataTypes.StringType),
            field("item_category", DataTypes.StringType),
            field("item_category2", DataTypes.StringType),
            field("item_category3", DataTypes.StringType),
            field("item_category4", DataTypes.StringType),
            field("item_category5", DataTypes.StringType),
            field("price", DataTypes.DoubleType),
            field("quantity", DataTypes.LongType),
            field("currency", DataTypes.StringType),
            field("location_id", DataTypes.StringType),
            field("creative_name", DataTypes.StringType),
            field("creative_slot", DataTypes.StringType),
            field("custom_parameters", STRING_MAP)));

    public static final StructType SCHEMA;
    private static final List<Function<EventRecord, Object>> EVENT_VALUES;
    private static final int WIDTH;

    static {
        List<StructField> fields = new ArrayList<>();
        fields.add(field(KIND, DataTypes.IntegerType));
        fields.add(field(APP_ID, DataTypes.StringType));
        fields.add(field(PART_DATE, DataTypes.StringType));
        List<Function<EventRecord, Object>> values = new ArrayList<>();
        for (ModeledTables.Column c : ModeledTables.EVENT.columns()) {
            DataType type = c.type() == ModeledTables.ColumnType.TIMESTAMP
                    ? DataTypes.LongType : SparkSchemas.sparkType(c.type());
            fields.add(field(c.name(), type));
            values.add(eventValue(c.name()));
        }
        fields.add(field(ITEMS, DataTypes.createArrayType(ITEM_STRUCT, true)));
        fields.add(field(USER_PROPERTIES, STRING_MAP));
        fields.add(field(SESSION_START_MSEC, DataTypes.LongType));
        fields.add(field(SRC_FILE, DataTypes.StringType));
        fields.add(field(SRC_ORDINAL, DataTypes.LongType));
        fields.add(field(Q_REASON, DataTypes.StringType));
        fields.add(field(Q_RAW, DataTypes.StringType));
        fields.add(field(Q_RID, DataTypes.StringType));
        fields.add(field(Q_INGEST_MSEC, DataTypes.LongType));
        SCHEMA = DataTypes.createStructType(fields);
        EVENT_VALUES = List.copyOf(values);
        WIDTH = fields.size();
    }

    private StageRows() {
    }

    /**
     * An event row, in Spark's internal form (text as {@link UTF8String}, maps as {@link MapData}), so that Spark
     * takes it without converting every value. {@code ordinal} orders events of one raw file (line and position),
     * for deterministic de-duplication.
     */
    public static InternalRow event(EventRecord e, UTF8String eventDate, UTF8String srcFile, long ordinal) {
        Object[] v = new Object[WIDTH];
        int i = 0;
        v[i++] = KIND_EVENT;
        v[i++] = utf8(e.appId);
        v[i++] = eventDate;
        for (Function<EventRecord, Object> f : EVENT_VALUES) {
            Object x = f.apply(e);
            v[i++] = x instanceof String text ? UTF8String.fromString(text) : x;
        }
        v[i++] = items(e.items);
        v[i++] = userProperties(e.user);
        v[i++] = e.sessionStartMsec;
        v[i++] = srcFile;
        v[i++] = ordinal;
        return new GenericInternalRow(v);
    }

    /** A quarantine row: a bad event, a bad envelope line, or a whole unreadable file. */
    public static InternalRow quarantine(String appId, String ingestDate, String reason, String raw, String srcFile,
                                         String rid, Long ingestMsec, long ordinal) {
        Object[] v = new Object[WIDTH];
        v[0] = KIND_QUARANTINE;
        v[1] = utf8(appId);
        v[2] = utf8(ingestDate);
        int tail = WIDTH - 6;
        v[tail] = utf8(srcFile);
        v[tail + 1] = ordinal;
        v[tail + 2] = utf8(reason);
        v[tail + 3] = utf8(raw);
        v[tail + 4] = utf8(rid);
        v[tail + 5] = ingestMsec;
        return new GenericInternalRow(v);
    }

    private static UTF8String utf8(String s) {
        return s == null ? null : UTF8String.fromString(s);
    }

    private static Object items(List<SdkEvent.Item> items) {
        if (items == null || items.isEmpty()) {
            return null;
        }
        Object[] rows = new Object[items.size()];
        int n = 0;
        for (SdkEvent.Item it : items) {
            rows[n++] = new GenericInternalRow(new Object[] {utf8(it.id()), utf8(it.name()), utf8(it.brand()),
                    utf8(it.category()), utf8(it.category2()), utf8(it.category3()), utf8(it.category4()),
                    utf8(it.category5()), it.price(), it.quantity(), utf8(it.currency()), utf8(it.locationId()),
                    utf8(it.creativeName()), utf8(it.creativeSlot()), textMap(it.custom())});
        }
        return new GenericArrayData(rows);
    }

    private static Object userProperties(Map<String, SdkEvent.UserAttribute> user) {
        if (user == null || user.isEmpty()) {
            return null;
        }
        List<UTF8String> keys = new ArrayList<>(user.size());
        List<UTF8String> values = new ArrayList<>(user.size());
        user.forEach((k, a) -> {
            if (a != null && a.value() != null) {
                keys.add(UTF8String.fromString(k));
                values.add(UTF8String.fromString(a.value().toString()));
            }
        });
        return mapData(keys, values);
    }

    /** A map of text in Spark's internal form, or null when empty; null values stay null. */
    static MapData textMap(Map<String, ?> map) {
        if (map == null || map.isEmpty()) {
            return null;
        }
        List<UTF8String> keys = new ArrayList<>(map.size());
        List<UTF8String> values = new ArrayList<>(map.size());
        map.forEach((k, v) -> {
            keys.add(UTF8String.fromString(k));
            values.add(v == null ? null : UTF8String.fromString(v.toString()));
        });
        return mapData(keys, values);
    }

    private static MapData mapData(List<UTF8String> keys, List<UTF8String> values) {
        return new ArrayBasedMapData(new GenericArrayData(keys.toArray()), new GenericArrayData(values.toArray()));
    }

    private static Function<EventRecord, Object> eventValue(String column) {
        return switch (column) {
            case "event_id" -> e -> e.eventId;
            case "event_name" -> e -> e.eventName;
            case "event_timestamp", "event_time_msec" -> e -> e.eventTimeMsec;
            case "platform" -> e -> e.platform;
            case "user_pseudo_id" -> e -> e.userPseudoId;
            case "user_id" -> e -> e.userId;
            case "session_id" -> e -> e.sessionId;
            case "session_number" -> e -> e.sessionNumber;
            case "device_id" -> e -> e.deviceId;
            case "device_make" -> e -> e.deviceMake;
            case "device_brand" -> e -> e.deviceBrand;
            case "device_model" -> e -> e.deviceModel;
            case "device_os" -> e -> e.deviceOs;
            case "device_os_version" -> e -> e.deviceOsVersion;
            case "device_screen_width" -> e -> e.screenWidth;
            case "device_screen_height" -> e -> e.screenHeight;
            case "device_viewport_width" -> e -> e.viewportWidth;
            case "device_viewport_height" -> e -> e.viewportHeight;
            case "device_locale" -> e -> e.locale;
            case "device_system_language" -> e -> e.systemLanguage;
            case "device_network_type" -> e -> e.networkType;
            case "device_carrier" -> e -> e.carrier;
            case "device_ua_browser" -> e -> e.uaBrowser;
            case "device_ua_browser_version" -> e -> e.uaBrowserVersion;
            case "device_ua_os" -> e -> e.uaOs;
            case "device_ua_os_version" -> e -> e.uaOsVersion;
            case "device_ua_device" -> e -> e.uaDevice;
            case "device_ua_device_category" -> e -> e.uaDeviceCategory;
            case "geo_continent" -> e -> e.geoContinent;
            case "geo_country" -> e -> e.geoCountry;
            case "geo_region" -> e -> e.geoRegion;
            case "geo_city" -> e -> e.geoCity;
            case "traffic_source_source" -> e -> e.trafficSource;
            case "traffic_source_medium" -> e -> e.trafficMedium;
            case "traffic_source_campaign" -> e -> e.trafficCampaign;
            case "traffic_source_content" -> e -> e.trafficContent;
            case "traffic_source_term" -> e -> e.trafficTerm;
            case "traffic_source_clid" -> e -> e.trafficClid;
            case "traffic_source_clid_platform" -> e -> e.trafficClidPlatform;
            case "traffic_source_channel_group" -> e -> e.trafficChannelGroup;
            case "traffic_source_category" -> e -> e.trafficCategory;
            case "page_url" -> e -> e.pageUrl;
            case "page_title" -> e -> e.pageTitle;
            case "page_referrer" -> e -> e.pageReferrer;
            case "page_hostname" -> e -> e.pageHostname;
            case "screen_name" -> e -> e.screenName;
            case "event_value" -> e -> e.eventValue;
            case "event_value_currency" -> e -> e.eventValueCurrency;
            case "engagement_time_msec" -> e -> e.engagementTimeMsec;
            case "app_version" -> e -> e.appVersion;
            case "app_package_name" -> e -> e.appPackageName;
            case "sdk_name" -> e -> e.sdkName;
            case "sdk_version" -> e -> e.sdkVersion;
            case "custom_parameters" -> e -> textMap(e.customParameters);
            case "ingest_time" -> e -> e.ingestTimeMsec;
            case "bundle_seq" -> e -> e.bundleSeq;
            default -> throw new IllegalStateException("event column without a source in EventRecord: " + column);
        };
    }

    private static StructField field(String name, DataType type) {
        return DataTypes.createStructField(name, type, true);
    }
}
