package io.clickstream.etl.table;

import io.clickstream.etl.parse.StageRows;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One user's aggregate over any subset of a pass's events, mergeable in any order: the Java side of
 * {@link UserTable#fromStage}. First touch, platform and date come from the first event, the traffic source from
 * the first event that has one, {@code user_id} from the last event that has one, and each user property from the
 * last event that set it. Every part is a first or a last, so a copy of an event counted twice changes nothing.
 */
final class UserAggregate implements Serializable {
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

    record Key(String appId, String userPseudoId) implements Serializable {
    }

    private record Property(String value, FirstLast at) implements Serializable {
    }

    private FirstLast firstAt;
    private long lastMs;
    private String firstDate;
    private String platform;
    private FirstLast userIdAt;
    private String userId;
    private FirstLast sourceAt;
    private Row trafficSource;
    private Map<String, Property> properties;

    /** Folds event rows (columns as {@link #INPUT}) into one aggregate per key. */
    static final HashFold<Key, UserAggregate> FOLD = new HashFold<>() {
        @Override
        public Key key(Row row) {
            return UserAggregate.key(row);
        }

        @Override
        public UserAggregate of(Row row) {
            return UserAggregate.of(row);
        }

        @Override
        public UserAggregate merge(UserAggregate a, UserAggregate b) {
            return a.merge(b);
        }

        @Override
        public Row toRow(Key key, UserAggregate aggregate) {
            return aggregate.toRow(key);
        }
    };

    static Key key(Row r) {
        return new Key(r.getString(0), r.getString(1));
    }

    /** The aggregate of one stage row (columns as {@link #INPUT}). */
    static UserAggregate of(Row r) {
        UserAggregate a = new UserAggregate();
        FirstLast at = new FirstLast(r.getLong(2), r.getString(3));
        a.firstAt = at;
        a.lastMs = at.time();
        String userId = r.getString(4);
        if (userId != null) {
            a.userIdAt = at;
            a.userId = userId;
        }
        a.firstDate = r.getString(5);
        a.platform = r.getString(6);
        if (r.getString(7) != null) {
            a.sourceAt = at;
            a.trafficSource = RowFactory.create(r.getString(7), r.getString(8), r.getString(9), r.getString(10),
                    r.getString(11));
        }
        if (!r.isNullAt(12)) {
            Map<String, String> props = r.getJavaMap(12);
            if (!props.isEmpty()) {
                a.properties = new HashMap<>(props.size() * 2);
                props.forEach((k, v) -> a.properties.put(k, new Property(v, at)));
            }
        }
        return a;
    }

    /** Folds {@code o} into this aggregate and returns this one. */
    UserAggregate merge(UserAggregate o) {
        if (FirstLast.before(o.firstAt, firstAt)) {
            firstAt = o.firstAt;
            firstDate = o.firstDate;
            platform = o.platform;
        }
        lastMs = Math.max(lastMs, o.lastMs);
        if (o.userIdAt != null && (userIdAt == null || FirstLast.before(userIdAt, o.userIdAt))) {
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

    Row toRow(Key key) {
        Object props = null;
        if (properties != null) {
            Map<String, String> values = new HashMap<>(properties.size() * 2);
            properties.forEach((k, p) -> values.put(k, p.value()));
            props = scala.jdk.javaapi.CollectionConverters.asScala(values);
        }
        return RowFactory.create(key.appId(), key.userPseudoId(), firstAt.time(), lastMs, userId, firstDate,
                platform, trafficSource, props);
    }

    private static StructField field(String name, org.apache.spark.sql.types.DataType type) {
        return DataTypes.createStructField(name, type, true);
    }
}
