package io.clickstream.etl.table;

import static io.clickstream.etl.table.Wire.copy;
import static io.clickstream.etl.table.SessionAggregate.position;

import io.clickstream.etl.parse.StageRows;
import java.io.Externalizable;
import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * One user's aggregate over any subset of a pass's events, mergeable in any order: the Java side of
 * {@link UserTable#fromStage}, folded by {@link HashFold}. First touch, platform and date come from the first event,
 * the traffic source from the first event that has one, {@code user_id} from the last event that has one, and each
 * user property from the last event that set it. Every part is a first or a last, so a copy of an event counted
 * twice changes nothing.
 */
final class UserAggregate implements HashFold.Aggregate<TextKey, UserAggregate>, Externalizable {
    private static final long serialVersionUID = 1L;

    /** Columns of the stage rows it reads, in this order. */
    static final List<String> INPUT = List.of(StageRows.APP_ID, "user_pseudo_id", "event_time_msec", "event_id",
            "user_id", StageRows.PART_DATE, "platform", "traffic_source_source", "traffic_source_medium",
            "traffic_source_campaign", "traffic_source_channel_group", "traffic_source_category",
            StageRows.USER_PROPERTIES);

    /** The rows {@link #toRow} returns: what {@link UserTable#merge} takes as new aggregates. */
    static final StructType SCHEMA = DataTypes.createStructType(List.of(
            field(StageRows.APP_ID, DataTypes.StringType), field("user_pseudo_id", DataTypes.StringType),
            field("n_first_ms", DataTypes.LongType), field("n_last_ms", DataTypes.LongType),
            field("n_user_id", DataTypes.StringType), field("n_first_date", DataTypes.StringType),
            field("n_platform", DataTypes.StringType), field("n_ts", SessionAggregate.TRAFFIC_SOURCE),
            field("n_props", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true))));

    private record Property(UTF8String value, FirstLast at) {
    }

    /** Folds stage rows (columns as {@link #INPUT}) into one aggregate per user. */
    static final HashFold<TextKey, UserAggregate> FOLD = new HashFold<>() {
        @Override
        public TextKey probe(InternalRow r) {
            return new TextKey(r.getUTF8String(0), r.getUTF8String(1));
        }

        @Override
        public UserAggregate empty() {
            return new UserAggregate();
        }
    };

    private FirstLast firstAt;
    private long lastMs = Long.MIN_VALUE;
    private UTF8String firstDate;
    private UTF8String platform;
    private FirstLast userIdAt;
    private UTF8String userId;
    private FirstLast sourceAt;
    private UTF8String[] trafficSource;
    private Map<UTF8String, Property> properties;

    /** Folds one stage row in, copying only the values it keeps. */
    @Override
    public void add(InternalRow r) {
        long t = r.getLong(2);
        UTF8String id = r.getUTF8String(3);
        FirstLast at = null;
        if (firstAt == null || FirstLast.compare(firstAt, t, id) > 0) {
            at = position(at, t, id);
            firstAt = at;
            firstDate = copy(r.getUTF8String(5));
            platform = copy(r.getUTF8String(6));
        }
        lastMs = Math.max(lastMs, t);
        if (!r.isNullAt(4) && FirstLast.compare(userIdAt, t, id) < 0) {
            at = position(at, t, id);
            userIdAt = at;
            userId = copy(r.getUTF8String(4));
        }
        if (!r.isNullAt(7) && (sourceAt == null || FirstLast.compare(sourceAt, t, id) > 0)) {
            at = position(at, t, id);
            sourceAt = at;
            trafficSource = new UTF8String[] {copy(r.getUTF8String(7)), copy(r.getUTF8String(8)),
                    copy(r.getUTF8String(9)), copy(r.getUTF8String(10)), copy(r.getUTF8String(11))};
        }
        if (!r.isNullAt(12)) {
            MapData props = r.getMap(12);
            ArrayData keys = props.keyArray();
            ArrayData values = props.valueArray();
            for (int i = 0; i < props.numElements(); i++) {
                if (properties == null) {
                    properties = new HashMap<>();
                }
                UTF8String k = keys.getUTF8String(i);
                Property mine = properties.get(k);
                if (mine == null || FirstLast.compare(mine.at(), t, id) < 0) {
                    at = position(at, t, id);
                    properties.put(mine == null ? k.copy() : k, new Property(
                            values.isNullAt(i) ? null : values.getUTF8String(i).copy(), at));
                }
            }
        }
    }

    /** Folds {@code o} into this aggregate and returns this one. */
    @Override
    public UserAggregate merge(UserAggregate o) {
        if (o.firstAt != null && (firstAt == null || FirstLast.before(o.firstAt, firstAt))) {
            firstAt = o.firstAt;
            firstDate = o.firstDate;
            platform = o.platform;
        }
        lastMs = Math.max(lastMs, o.lastMs);
        if (o.userIdAt != null && FirstLast.before(userIdAt, o.userIdAt)) {
            userIdAt = o.userIdAt;
            userId = o.userId;
        }
        if (o.sourceAt != null && (sourceAt == null || FirstLast.before(o.sourceAt, sourceAt))) {
            sourceAt = o.sourceAt;
            trafficSource = o.trafficSource;
        }
        if (o.properties != null) {
            if (properties == null) {
                properties = o.properties;
            } else {
                o.properties.forEach((k, p) -> properties.merge(k, p,
                        (mine, theirs) -> FirstLast.before(mine.at(), theirs.at()) ? theirs : mine));
            }
        }
        return this;
    }

    @Override
    public InternalRow toRow(TextKey key) {
        MapData props = null;
        if (properties != null && !properties.isEmpty()) {
            Object[] keys = new Object[properties.size()];
            Object[] values = new Object[properties.size()];
            int i = 0;
            for (Map.Entry<UTF8String, Property> e : properties.entrySet()) {
                keys[i] = e.getKey();
                values[i++] = e.getValue().value();
            }
            props = new ArrayBasedMapData(new GenericArrayData(keys), new GenericArrayData(values));
        }
        InternalRow ts = trafficSource == null ? null : new GenericInternalRow((Object[]) trafficSource);
        return new GenericInternalRow(new Object[] {key.part(0), key.part(1), firstAt.time(), lastMs, userId,
                firstDate, platform, ts, props});
    }

    /** For deserialization, and an aggregate of no events. */
    public UserAggregate() {
    }

    @Override
    public void writeExternal(ObjectOutput out) throws IOException {
        Wire.writeAt(out, firstAt);
        out.writeLong(lastMs);
        Wire.writeText(out, firstDate);
        Wire.writeText(out, platform);
        Wire.writeAt(out, userIdAt);
        Wire.writeText(out, userId);
        Wire.writeAt(out, sourceAt);
        Wire.writeTexts(out, trafficSource);
        out.writeInt(properties == null ? -1 : properties.size());
        if (properties != null) {
            for (Map.Entry<UTF8String, Property> e : properties.entrySet()) {
                Wire.writeText(out, e.getKey());
                Wire.writeText(out, e.getValue().value());
                Wire.writeAt(out, e.getValue().at());
            }
        }
    }

    @Override
    public void readExternal(ObjectInput in) throws IOException {
        firstAt = Wire.readAt(in);
        lastMs = in.readLong();
        firstDate = Wire.readText(in);
        platform = Wire.readText(in);
        userIdAt = Wire.readAt(in);
        userId = Wire.readText(in);
        sourceAt = Wire.readAt(in);
        trafficSource = Wire.readTexts(in);
        int n = in.readInt();
        if (n >= 0) {
            properties = new HashMap<>();
            for (int i = 0; i < n; i++) {
                UTF8String k = Wire.readText(in);
                UTF8String v = Wire.readText(in);
                properties.put(k, new Property(v, Wire.readAt(in)));
            }
        }
    }

    private static StructField field(String name, org.apache.spark.sql.types.DataType type) {
        return DataTypes.createStructField(name, type, true);
    }
}
