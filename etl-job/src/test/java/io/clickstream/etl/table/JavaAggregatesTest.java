package io.clickstream.etl.table;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.etl.TestSpark;
import io.clickstream.etl.parse.StageRows;
import io.clickstream.model.ModeledTables;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The session and user aggregates folded in Java ({@link SessionAggregate}, {@link UserAggregate}) against a
 * reference: the same definitions written as Spark SQL ({@code min_by}/{@code max_by} over
 * {@code struct(event_time_msec, event_id)}; a session's event sequences as its events sorted by that struct), on
 * generated events spread over several partitions, with equal
 * times, missing values, missing user ids and ids whose UTF-16 and UTF-8 orders differ.
 */
class JavaAggregatesTest {

    static final String FIRST = "struct(event_time_msec, event_id)";
    static final String VIEW = "event_name IN ('_page_view', '_screen_view')";
    static final long T0 = 1_714_557_600_000L;

    static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = TestSpark.session();
    }

    static final StructType EVENTS = DataTypes.createStructType(List.of(
            f("kind", DataTypes.IntegerType), f("app_id", DataTypes.StringType), f("part_date", DataTypes.StringType),
            f("event_date", DataTypes.DateType), f("user_pseudo_id", DataTypes.StringType),
            f("session_id", DataTypes.StringType), f("user_id", DataTypes.StringType),
            f("session_number", DataTypes.LongType), f("event_time_msec", DataTypes.LongType),
            f("event_timestamp", DataTypes.TimestampType), f("event_id", DataTypes.StringType),
            f("event_name", DataTypes.StringType), f("page_url", DataTypes.StringType),
            f("screen_name", DataTypes.StringType), f("platform", DataTypes.StringType),
            f("geo_country", DataTypes.StringType), f("device_ua_device_category", DataTypes.StringType),
            f("traffic_source_source", DataTypes.StringType), f("traffic_source_medium", DataTypes.StringType),
            f("traffic_source_campaign", DataTypes.StringType),
            f("traffic_source_channel_group", DataTypes.StringType),
            f("traffic_source_category", DataTypes.StringType),
            f(StageRows.USER_PROPERTIES, DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true))));

    /** Events of 40 users in ~120 sessions over three days, with deliberate ties and gaps. */
    static Dataset<Row> generatedEvents(long seed) {
        Random rnd = new Random(seed);
        String[] names = {"_page_view", "_screen_view", "add_to_cart", "_user_engagement", "purchase"};
        String[] idTails = {"a", "b", "\uff5e", "\ud83d\ude00", "\u00e9", "Z"};
        List<Row> rows = new ArrayList<>();
        int n = 0;
        for (int u = 0; u < 40; u++) {
            String user = u == 39 ? null : "u" + u;
            String app = u % 7 == 0 ? "blog" : "shop";
            for (int s = 0; s < 1 + rnd.nextInt(5); s++) {
                String session = "s" + u + "-" + s;
                long start = T0 + rnd.nextInt(3 * 86_400) * 1000L;
                for (int e = 0; e < 1 + rnd.nextInt(12); e++) {
                    // times collide often (second granularity, small range) so that ids break ties
                    long t = start + rnd.nextInt(20) * 1000L;
                    String id = "e" + rnd.nextInt(3) + idTails[rnd.nextInt(idTails.length)] + "-" + (n++);
                    String name = names[rnd.nextInt(names.length)];
                    boolean hasSource = rnd.nextInt(3) == 0;
                    Map<String, String> props = null;
                    if (rnd.nextInt(3) == 0) {
                        props = new HashMap<>();
                        props.put("tier", "t" + rnd.nextInt(4));
                        if (rnd.nextBoolean()) {
                            props.put("city", "c" + rnd.nextInt(4));
                        }
                    }
                    LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(t, 86_400_000L));
                    rows.add(RowFactory.create(StageRows.KIND_EVENT, app, date.toString(), date, user,
                            rnd.nextInt(15) == 0 ? null : session,
                            rnd.nextInt(4) == 0 ? "login" + rnd.nextInt(3) : null,
                            rnd.nextInt(5) == 0 ? null : (long) (s + 1 + rnd.nextInt(2)), t,
                            java.time.Instant.ofEpochMilli(t), id, name,
                            rnd.nextInt(4) == 0 ? null : "https://x.example/p" + rnd.nextInt(6),
                            rnd.nextInt(3) == 0 ? "Screen" + rnd.nextInt(3) : null,
                            rnd.nextBoolean() ? "Web" : "Android", rnd.nextInt(5) == 0 ? null : "C" + rnd.nextInt(3),
                            "Desktop",
                            hasSource ? "src" + rnd.nextInt(3) : null, hasSource ? "m" + rnd.nextInt(2) : null,
                            hasSource && rnd.nextBoolean() ? "camp" : null, hasSource ? "Referral" : null,
                            hasSource ? "internal" : null,
                            props == null ? null : scala.jdk.javaapi.CollectionConverters.asScala(props)));
                }
            }
        }
        return spark.createDataFrame(rows, EVENTS).repartition(3);
    }

    @Test
    void sessions_folded_in_java_equal_the_sql_definition() {
        for (long seed : new long[] {1, 2, 3}) {
            Dataset<Row> events = generatedEvents(seed);
            List<Row> java = SessionTable.fromEvents(events).orderBy("app_id", "user_pseudo_id", "session_id")
                    .collectAsList();
            List<Row> sql = referenceSessions(events).orderBy("app_id", "user_pseudo_id", "session_id")
                    .collectAsList();
            assertThat(java).hasSizeGreaterThan(50);
            assertThat(java).isEqualTo(sql);
        }
    }

    @Test
    void users_folded_in_java_equal_the_sql_definition() {
        for (long seed : new long[] {4, 5, 6}) {
            Dataset<Row> events = generatedEvents(seed);
            List<Row> java = UserTable.fromStage(events).selectExpr("app_id", "user_pseudo_id", "n_first_ms", "n_last_ms", "n_user_id",
                    "n_first_date", "n_platform", "n_ts", "map_entries(n_props) AS props")
                    .selectExpr("*", "array_sort(props) AS sorted_props").drop("props")
                    .orderBy("app_id", "user_pseudo_id").collectAsList();
            List<Row> sql = referenceUsers(events).selectExpr("app_id", "user_pseudo_id", "n_first_ms", "n_last_ms", "n_user_id",
                    "n_first_date", "n_platform", "n_ts", "map_entries(n_props) AS props")
                    .selectExpr("*", "array_sort(props) AS sorted_props").drop("props")
                    .orderBy("app_id", "user_pseudo_id").collectAsList();
            assertThat(java).hasSizeGreaterThan(30);
            assertThat(java).isEqualTo(sql);
        }
    }

    @Test
    void folds_read_the_kept_stage_rows_in_place_like_the_dataset_path() {
        Dataset<Row> events = generatedEvents(7);
        // the same events as rows of the decoding stage, and copies of some as quarantine rows, which must not count
        List<String> columns = new ArrayList<>();
        for (var f : StageRows.SCHEMA.fields()) {
            boolean known = List.of(EVENTS.fieldNames()).contains(f.name()) && !f.name().equals("event_timestamp");
            columns.add((known ? f.name() : "NULL") + " :: " + f.dataType().sql() + " AS " + f.name());
        }
        Dataset<Row> stage = events.selectExpr(columns.toArray(String[]::new))
                .unionAll(events.limit(40).withColumn("kind", expr("1")).selectExpr(columns.toArray(String[]::new)));
        var stageRows = stage.queryExecution().toRdd().toJavaRDD().map(r -> r.copy());

        List<Row> sessions = SessionTable.fromInput(SessionTable.inputOfStage(stageRows), spark)
                .orderBy("app_id", "user_pseudo_id", "session_id").collectAsList();
        assertThat(sessions).hasSizeGreaterThan(50).isEqualTo(referenceSessions(events)
                .orderBy("app_id", "user_pseudo_id", "session_id").collectAsList());

        String[] userColumns = {"app_id", "user_pseudo_id", "n_first_ms", "n_last_ms", "n_user_id", "n_first_date",
                "n_platform", "n_ts", "array_sort(map_entries(n_props)) AS props"};
        List<Row> users = UserTable.fromStageRows(stageRows, spark).selectExpr(userColumns)
                .orderBy("app_id", "user_pseudo_id").collectAsList();
        assertThat(users).hasSizeGreaterThan(30).isEqualTo(referenceUsers(events).selectExpr(userColumns)
                .orderBy("app_id", "user_pseudo_id").collectAsList());
    }

    /** The session definition in SQL: what {@link SessionTable#fromEvents} must compute. */
    static Dataset<Row> referenceSessions(Dataset<Row> events) {
        Dataset<Row> s = events.filter(col("session_id").isNotNull())
                .groupBy(col("app_id"), col("user_pseudo_id"), col("session_id"))
                .agg(
                        expr("max_by(user_id, CASE WHEN user_id IS NOT NULL THEN " + FIRST + " END)").alias("user_id"),
                        expr("min(session_number)").alias("session_number"),
                        expr("min(event_timestamp)").alias("session_start"),
                        expr("max(event_timestamp)").alias("session_end"),
                        expr("max(event_time_msec) - min(event_time_msec)").alias("duration_msec"),
                        expr("count_if(" + VIEW + ")").alias("page_views"),
                        expr("count(1)").alias("event_count"),
                        expr("min_by(coalesce(page_url, screen_name), CASE WHEN " + VIEW + " THEN " + FIRST + " END)")
                                .alias("entry_page"),
                        expr("max_by(coalesce(page_url, screen_name), CASE WHEN " + VIEW + " THEN " + FIRST + " END)")
                                .alias("exit_page"),
                        expr("min_by(platform, " + FIRST + ")").alias("platform"),
                        expr("min_by(geo_country, " + FIRST + ")").alias("geo_country"),
                        expr("min_by(device_ua_device_category, " + FIRST + ")").alias("device_ua_device_category"),
                        expr("min_by(struct(traffic_source_source AS source, traffic_source_medium AS medium, "
                                + "traffic_source_campaign AS campaign, traffic_source_channel_group AS channel, "
                                + "traffic_source_category AS category), CASE WHEN traffic_source_source IS NOT NULL "
                                + "THEN " + FIRST + " END)").alias("ts"),
                        expr("min(event_date)").alias("event_date"),
                        expr("array_sort(collect_list(CASE WHEN event_name IS NOT NULL THEN struct(event_time_msec AS t, "
                                + "event_id AS i, event_name AS n, event_date AS d) END))").alias("steps"));
        return s.select(
                col("session_id"), col("user_pseudo_id"), col("user_id"), col("session_number"),
                col("session_start"), col("session_end"), col("duration_msec"), col("page_views"),
                col("event_count"),
                expr("duration_msec >= 10000 OR page_views >= 2").alias("engaged"),
                col("entry_page"), col("exit_page"), col("platform"), col("geo_country"),
                col("device_ua_device_category"),
                expr("coalesce(ts.source, '(direct)')").alias("traffic_source_source"),
                expr("CASE WHEN ts IS NULL THEN '(none)' ELSE ts.medium END").alias("traffic_source_medium"),
                col("ts.campaign").alias("traffic_source_campaign"),
                expr("CASE WHEN ts IS NULL THEN 'Direct' ELSE ts.channel END").alias("traffic_source_channel_group"),
                col("ts.category").alias("traffic_source_category"),
                expr("transform(steps, x -> x.n)").alias("event_names"),
                expr("transform(steps, x -> x.d)").alias("event_dates"),
                expr("transform(steps, x -> x.t)").alias("event_times"),
                col("app_id"), col("event_date"))
                .select(EventTable.tableColumns(ModeledTables.SESSION));
    }

    /** The per-user definition in SQL: what {@link UserTable#fromStage} must compute. */
    static Dataset<Row> referenceUsers(Dataset<Row> stage) {
        Dataset<Row> ev = stage.filter(col(StageRows.KIND).equalTo(StageRows.KIND_EVENT)
                .and(col("user_pseudo_id").isNotNull()));
        Dataset<Row> users = ev.groupBy(col(StageRows.APP_ID), col("user_pseudo_id")).agg(
                expr("min(event_time_msec)").alias("n_first_ms"),
                expr("max(event_time_msec)").alias("n_last_ms"),
                expr("max_by(user_id, CASE WHEN user_id IS NOT NULL THEN " + FIRST + " END)").alias("n_user_id"),
                expr("min_by(" + StageRows.PART_DATE + ", " + FIRST + ")").alias("n_first_date"),
                expr("min_by(platform, " + FIRST + ")").alias("n_platform"),
                expr("min_by(struct(traffic_source_source AS source, traffic_source_medium AS medium, "
                        + "traffic_source_campaign AS campaign, traffic_source_channel_group AS channel, "
                        + "traffic_source_category AS category), CASE WHEN traffic_source_source IS NOT NULL THEN "
                        + FIRST + " END)").alias("n_ts"));
        Dataset<Row> props = ev.filter(col(StageRows.USER_PROPERTIES).isNotNull())
                .selectExpr(StageRows.APP_ID, "user_pseudo_id", "event_time_msec", "event_id",
                        "explode(" + StageRows.USER_PROPERTIES + ") AS (k, v)")
                .groupBy(col(StageRows.APP_ID), col("user_pseudo_id"), col("k"))
                .agg(expr("max_by(v, " + FIRST + ")").alias("v"))
                .groupBy(col(StageRows.APP_ID), col("user_pseudo_id"))
                .agg(expr("map_from_entries(collect_list(struct(k, v)))").alias("n_props"));
        return users.join(props, new scala.collection.immutable.Set.Set2<>(StageRows.APP_ID, "user_pseudo_id")
                .toSeq(), "left");
    }

    private static org.apache.spark.sql.types.StructField f(String name, org.apache.spark.sql.types.DataType t) {
        return DataTypes.createStructField(name, t, true);
    }
}
