package io.clickstream.etl.table;

import static io.clickstream.etl.table.Wire.copy;

import java.io.Externalizable;
import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * One session's aggregate over any subset of its events, mergeable in any order: the Java side of
 * {@link SessionTable#fromEvents}, folded by {@link HashFold}. Spark plans the equivalent {@code min_by}/{@code max_by}
 * SQL as sort aggregations over every event.
 */
final class SessionAggregate implements HashFold.Aggregate<TextKey, SessionAggregate>, Externalizable {
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
            field("ts", TRAFFIC_SOURCE), field("event_date", DataTypes.DateType),
            field("event_names", DataTypes.createArrayType(DataTypes.StringType, true)),
            field("event_dates", DataTypes.createArrayType(DataTypes.DateType, true)),
            field("event_times", DataTypes.createArrayType(DataTypes.LongType, true))));

    private static final UTF8String PAGE_VIEW = UTF8String.fromString("_page_view");
    private static final UTF8String SCREEN_VIEW = UTF8String.fromString("_screen_view");

    /** Folds event rows (columns as {@link #INPUT}) into one aggregate per {@code (app_id, user_pseudo_id, session_id)}. */
    static final HashFold<TextKey, SessionAggregate> FOLD = new HashFold<>() {
        @Override
        public TextKey probe(InternalRow r) {
            return new TextKey(r.getUTF8String(0), r.getUTF8String(1), r.getUTF8String(2));
        }

        @Override
        public SessionAggregate empty() {
            return new SessionAggregate();
        }
    };

    private FirstLast userIdAt;
    private UTF8String userId;
    private Long sessionNumber;
    private long startMs = Long.MAX_VALUE;
    private long endMs = Long.MIN_VALUE;
    private long pageViews;
    private long eventCount;
    private FirstLast entryAt;
    private UTF8String entryPage;
    private FirstLast exitAt;
    private UTF8String exitPage;
    private FirstLast firstAt;
    private UTF8String platform;
    private UTF8String geoCountry;
    private UTF8String deviceCategory;
    private FirstLast sourceAt;
    private UTF8String[] trafficSource;
    private Integer eventDate;
    /** The events that have a name, in arrival order; sorted by position when the row is made. */
    private List<Step> steps = new ArrayList<>();

    /** One named event of the session: its position, name and date (days since the epoch, or null). */
    private record Step(FirstLast at, UTF8String name, Integer date) {
    }

    /** Folds one event row in, copying only the values it keeps. */
    @Override
    public void add(InternalRow r) {
        long t = r.getLong(5);
        UTF8String id = r.getUTF8String(6);
        FirstLast at = null;
        if (!r.isNullAt(3) && FirstLast.compare(userIdAt, t, id) < 0) {
            at = position(at, t, id);
            userIdAt = at;
            userId = r.getUTF8String(3).copy();
        }
        if (!r.isNullAt(4) && (sessionNumber == null || r.getLong(4) < sessionNumber)) {
            sessionNumber = r.getLong(4);
        }
        startMs = Math.min(startMs, t);
        endMs = Math.max(endMs, t);
        eventCount++;
        UTF8String name = r.getUTF8String(7);
        if (PAGE_VIEW.equals(name) || SCREEN_VIEW.equals(name)) {
            pageViews++;
            boolean entry = entryAt == null || FirstLast.compare(entryAt, t, id) > 0;
            boolean exit = FirstLast.compare(exitAt, t, id) < 0;
            if (entry || exit) {
                at = position(at, t, id);
                UTF8String page = copy(!r.isNullAt(8) ? r.getUTF8String(8) : r.getUTF8String(9));
                if (entry) {
                    entryAt = at;
                    entryPage = page;
                }
                if (exit) {
                    exitAt = at;
                    exitPage = page;
                }
            }
        }
        if (firstAt == null || FirstLast.compare(firstAt, t, id) > 0) {
            at = position(at, t, id);
            firstAt = at;
            platform = copy(r.getUTF8String(10));
            geoCountry = copy(r.getUTF8String(11));
            deviceCategory = copy(r.getUTF8String(12));
        }
        if (!r.isNullAt(13) && (sourceAt == null || FirstLast.compare(sourceAt, t, id) > 0)) {
            sourceAt = position(at, t, id);
            trafficSource = new UTF8String[] {copy(r.getUTF8String(13)), copy(r.getUTF8String(14)),
                    copy(r.getUTF8String(15)), copy(r.getUTF8String(16)), copy(r.getUTF8String(17))};
        }
        if (!r.isNullAt(18) && (eventDate == null || r.getInt(18) < eventDate)) {
            eventDate = r.getInt(18);
        }
        if (!r.isNullAt(7)) {
            steps.add(new Step(position(at, t, id), name.copy(), r.isNullAt(18) ? null : r.getInt(18)));
        }
    }

    /** Folds {@code o} into this aggregate and returns this one. */
    @Override
    public SessionAggregate merge(SessionAggregate o) {
        if (o.userIdAt != null && FirstLast.before(userIdAt, o.userIdAt)) {
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
        if (o.exitAt != null && FirstLast.before(exitAt, o.exitAt)) {
            exitAt = o.exitAt;
            exitPage = o.exitPage;
        }
        if (o.firstAt != null && (firstAt == null || FirstLast.before(o.firstAt, firstAt))) {
            firstAt = o.firstAt;
            platform = o.platform;
            geoCountry = o.geoCountry;
            deviceCategory = o.deviceCategory;
        }
        if (o.sourceAt != null && (sourceAt == null || FirstLast.before(o.sourceAt, sourceAt))) {
            sourceAt = o.sourceAt;
            trafficSource = o.trafficSource;
        }
        if (o.eventDate != null && (eventDate == null || o.eventDate < eventDate)) {
            eventDate = o.eventDate;
        }
        steps.addAll(o.steps);
        return this;
    }

    @Override
    public InternalRow toRow(TextKey key) {
        InternalRow ts = trafficSource == null ? null : new GenericInternalRow((Object[]) trafficSource);
        // The order the modeled tables give events: by time, then id.
        steps.sort((a, b) -> FirstLast.compare(a.at(), b.at()));
        Object[] names = new Object[steps.size()];
        Object[] dates = new Object[steps.size()];
        Object[] times = new Object[steps.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = steps.get(i).name();
            dates[i] = steps.get(i).date();
            times[i] = steps.get(i).at().time();
        }
        return new GenericInternalRow(new Object[] {key.part(0), key.part(1), key.part(2), userId,
                sessionNumber, startMs, endMs, pageViews, eventCount, entryPage, exitPage, platform, geoCountry,
                deviceCategory, ts, eventDate, new GenericArrayData(names), new GenericArrayData(dates),
                new GenericArrayData(times)});
    }

    /** The event's position, made (with a copy of its id) at most once per row. */
    static FirstLast position(FirstLast made, long t, UTF8String id) {
        return made != null ? made : new FirstLast(t, copy(id));
    }

    /** For deserialization, and an aggregate of no events. */
    public SessionAggregate() {
    }

    @Override
    public void writeExternal(ObjectOutput out) throws IOException {
        Wire.writeAt(out, userIdAt);
        Wire.writeText(out, userId);
        out.writeBoolean(sessionNumber != null);
        out.writeLong(sessionNumber == null ? 0 : sessionNumber);
        out.writeLong(startMs);
        out.writeLong(endMs);
        out.writeLong(pageViews);
        out.writeLong(eventCount);
        Wire.writeAt(out, entryAt);
        Wire.writeText(out, entryPage);
        Wire.writeAt(out, exitAt);
        Wire.writeText(out, exitPage);
        Wire.writeAt(out, firstAt);
        Wire.writeText(out, platform);
        Wire.writeText(out, geoCountry);
        Wire.writeText(out, deviceCategory);
        Wire.writeAt(out, sourceAt);
        Wire.writeTexts(out, trafficSource);
        out.writeBoolean(eventDate != null);
        out.writeInt(eventDate == null ? 0 : eventDate);
        out.writeInt(steps.size());
        for (Step step : steps) {
            Wire.writeAt(out, step.at());
            Wire.writeText(out, step.name());
            out.writeBoolean(step.date() != null);
            out.writeInt(step.date() == null ? 0 : step.date());
        }
    }

    @Override
    public void readExternal(ObjectInput in) throws IOException {
        userIdAt = Wire.readAt(in);
        userId = Wire.readText(in);
        boolean hasNumber = in.readBoolean();
        long number = in.readLong();
        sessionNumber = hasNumber ? number : null;
        startMs = in.readLong();
        endMs = in.readLong();
        pageViews = in.readLong();
        eventCount = in.readLong();
        entryAt = Wire.readAt(in);
        entryPage = Wire.readText(in);
        exitAt = Wire.readAt(in);
        exitPage = Wire.readText(in);
        firstAt = Wire.readAt(in);
        platform = Wire.readText(in);
        geoCountry = Wire.readText(in);
        deviceCategory = Wire.readText(in);
        sourceAt = Wire.readAt(in);
        trafficSource = Wire.readTexts(in);
        boolean hasDate = in.readBoolean();
        int date = in.readInt();
        eventDate = hasDate ? date : null;
        int n = in.readInt();
        steps = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            FirstLast at = Wire.readAt(in);
            UTF8String name = Wire.readText(in);
            boolean dated = in.readBoolean();
            int day = in.readInt();
            steps.add(new Step(at, name, dated ? day : null));
        }
    }

    private static StructField field(String name, org.apache.spark.sql.types.DataType type) {
        return DataTypes.createStructField(name, type, true);
    }
}
