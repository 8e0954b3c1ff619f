package io.clickstream.etl.table;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One session's aggregate over any subset of its events, mergeable in any order: the Java side of
 * {@link SessionTable#fromEvents}. Spark plans the equivalent {@code min_by}/{@code max_by} SQL as sort aggregations
 * over every event; this one is folded in hash maps, per input partition and then per key after a shuffle of one
 * row per session and partition.
 */
final class SessionAggregate implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Columns of the event rows it reads, in this order. */
    static final List<String> INPUT = List.of("app_id", "user_pseudo_id", "session_id", "user_id", "session_number",
            "event_time_msec", "event_id", "event_name", "page_url", "screen_name", "platform", "geo_country",
            "device_ua_device_category", "traffic_source_source", "traffic_source_medium",
            "traffic_source_campaign", "traffic_source_channel_group", "traffic_source_category", "event_date");

    static final StructType TRAFFIC_SOURCE = DataTypes.createStructType(List.of(
            field("source", DataTypes.StringType), field("medium", DataTypes.StringType),
            field("campaign", DataTypes.StringType), field("channel", DataTypes.StringType),
            field("category", DataTypes.StringType)));

    /** The rows {@link #toRow} returns. */
    static final StructType SCHEMA = DataTypes.createStructType(List.of(
            field("app_id", DataTypes.StringType), field("user_pseudo_id", DataTypes.StringType),
            field("session_id", DataTypes.StringType), field("user_id", DataTypes.StringType),
            field("session_number", DataTypes.LongType), field("start_ms", DataTypes.LongType),
            field("end_ms", DataTypes.LongType), field("page_views", DataTypes.LongType),
            field("event_count", DataTypes.LongType), field("entry_page", DataTypes.StringType),
            field("exit_page", DataTypes.StringType), field("platform", DataTypes.StringType),
            field("geo_country", DataTypes.StringType), field("device_ua_device_category", DataTypes.StringType),
            field("ts", TRAFFIC_SOURCE), field("event_date", DataTypes.DateType)));

    /** The group key: a missing user_pseudo_id is a key of its own, as in a SQL GROUP BY. */
    record Key(String appId, String userPseudoId, String sessionId) implements Serializable {
    }

    private FirstLast userIdAt;
    private String userId;
    private Long sessionNumber;
    private long startMs = Long.MAX_VALUE;
    private long endMs = Long.MIN_VALUE;
    private long pageViews;
    private long eventCount;
    private FirstLast entryAt;
    private String entryPage;
    private FirstLast exitAt;
    private String exitPage;
    private FirstLast firstAt;
    private String platform;
    private String geoCountry;
    private String deviceCategory;
    private FirstLast sourceAt;
    private Row trafficSource;
    private Object eventDate;

    /** Folds event rows (columns as {@link #INPUT}) into one aggregate per key. */
    static final HashFold<Key, SessionAggregate> FOLD = new HashFold<>() {
        @Override
        public Key key(Row row) {
            return SessionAggregate.key(row);
        }

        @Override
        public SessionAggregate of(Row row) {
            return SessionAggregate.of(row);
        }

        @Override
        public SessionAggregate merge(SessionAggregate a, SessionAggregate b) {
            return a.merge(b);
        }

        @Override
        public Row toRow(Key key, SessionAggregate aggregate) {
            return aggregate.toRow(key);
        }
    };

    static Key key(Row r) {
        return new Key(r.getString(0), r.getString(1), r.getString(2));
    }

    /** The aggregate of one event row (columns as {@link #INPUT}). */
    static SessionAggregate of(Row r) {
        SessionAggregate a = new SessionAggregate();
        FirstLast at = new FirstLast(r.getLong(5), r.getString(6));
        String userId = r.getString(3);
        if (userId != null) {
            a.userIdAt = at;
            a.userId = userId;
        }
        a.sessionNumber = r.isNullAt(4) ? null : r.getLong(4);
        a.startMs = at.time();
        a.endMs = at.time();
        a.eventCount = 1;
        String name = r.getString(7);
        if ("_page_view".equals(name) || "_screen_view".equals(name)) {
            a.pageViews = 1;
            String page = r.getString(8) != null ? r.getString(8) : r.getString(9);
            a.entryAt = at;
            a.entryPage = page;
            a.exitAt = at;
            a.exitPage = page;
        }
        a.firstAt = at;
        a.platform = r.getString(10);
        a.geoCountry = r.getString(11);
        a.deviceCategory = r.getString(12);
        if (r.getString(13) != null) {
            a.sourceAt = at;
            a.trafficSource = RowFactory.create(r.getString(13), r.getString(14), r.getString(15), r.getString(16),
                    r.getString(17));
        }
        a.eventDate = r.get(18);
        return a;
    }

    /** Folds {@code o} into this aggregate and returns this one. */
    SessionAggregate merge(SessionAggregate o) {
        if (o.userIdAt != null && (userIdAt == null || FirstLast.before(userIdAt, o.userIdAt))) {
            userIdAt = o.userIdAt;
            userId = o.userId;
        }
        if (o.sessionNumber != null && (sessionNumber == null || o.sessionNumber < sessionNumber)) {
            sessionNumber = o.sessionNumber;
        }
        startMs = Math.min(startMs, o.startMs);
        endMs = Math.max(endMs, o.endMs);
        pageViews += o.pageViews;
        eventCount += o.eventCount;
        if (o.entryAt != null && (entryAt == null || FirstLast.before(o.entryAt, entryAt))) {
            entryAt = o.entryAt;
            entryPage = o.entryPage;
        }
        if (o.exitAt != null && (exitAt == null || FirstLast.before(exitAt, o.exitAt))) {
            exitAt = o.exitAt;
            exitPage = o.exitPage;
        }
        if (FirstLast.before(o.firstAt, firstAt)) {
            firstAt = o.firstAt;
            platform = o.platform;
            geoCountry = o.geoCountry;
            deviceCategory = o.deviceCategory;
        }
        if (o.sourceAt != null && (sourceAt == null || FirstLast.before(o.sourceAt, sourceAt))) {
            sourceAt = o.sourceAt;
            trafficSource = o.trafficSource;
        }
        if (eventDate == null || (o.eventDate != null && compareDates(o.eventDate, eventDate) < 0)) {
            eventDate = o.eventDate;
        }
        return this;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareDates(Object a, Object b) {
        return ((Comparable) a).compareTo(b);
    }

    Row toRow(Key key) {
        return RowFactory.create(key.appId(), key.userPseudoId(), key.sessionId(), userId, sessionNumber, startMs,
                endMs, pageViews, eventCount, entryPage, exitPage, platform, geoCountry, deviceCategory,
                trafficSource, eventDate);
    }

    private static StructField field(String name, org.apache.spark.sql.types.DataType type) {
        return DataTypes.createStructField(name, type, true);
    }
}
