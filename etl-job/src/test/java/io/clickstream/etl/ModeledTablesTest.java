package io.clickstream.etl;

import static io.clickstream.etl.RawLake.envelope;
import static io.clickstream.etl.RawLake.plainEvent;
import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.model.RawEnvelope;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session, user and item tables, clock-skew correction and enrichment inside a real pass. */
class ModeledTablesTest {

    static final long T0 = Instant.parse("2024-05-01T10:00:00Z").toEpochMilli();
    static final long MIN = 60_000L;
    static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/120.0.0.0 Safari/537.36";

    static SparkSession spark;

    @TempDir
    Path lakeDir;

    @BeforeAll
    static void startSpark() {
        spark = TestSpark.session();
    }

    EtlConfig config() {
        // Micro-batches replayed at times long past: nothing is sealed (LakeLifecycleTest covers sealing).
        return EtlConfig.forLake(lakeDir.toString()).withHousekeeping(RawLake.REPLAYING_HISTORY);
    }

    List<Row> table(String name, String order) {
        return spark.read().parquet(lakeDir.resolve("modeled/" + name).toString()).orderBy(order).collectAsList();
    }

    static String sdkEvent(String id, String type, long ts, String user, String session, String attrs) {
        return plainEvent("shop", id, type, ts, user, "\"attributes\":{\"_session_id\":\"" + session
                + "\",\"_session_number\":3" + (attrs.isEmpty() ? "" : "," + attrs) + "}");
    }

    static RawEnvelope env(String rid, long ingest, String data) {
        return envelope(rid, "shop", ingest, ingest, data);
    }

    @Test
    void builds_sessions_from_sdk_session_ids_with_entry_exit_and_first_source() {
        new RawLake(lakeDir).write("shop", T0 + MIN, List.of(env("r1", T0 + MIN, "["
                + sdkEvent("e1", "_page_view", T0, "u1", "s1",
                        "\"_page_url\":\"https://shop.example.com/\",\"_page_referrer\":\"https://www.google.com/\"") + ","
                + sdkEvent("e2", "add_to_cart", T0 + 5_000, "u1", "s1", "") + ","
                + sdkEvent("e3", "_page_view", T0 + 15_000, "u1", "s1",
                        "\"_page_url\":\"https://shop.example.com/cart\",\"_page_referrer\":\"https://shop.example.com/\"") + ","
                + sdkEvent("e4", "_page_view", T0 + 20_000, "u2", "s2",
                        "\"_page_url\":\"https://shop.example.com/about\"") + "]")));

        EtlJob.run(spark, config());

        List<Row> sessions = table("session", "session_id");
        assertThat(sessions).hasSize(2);
        Row s1 = sessions.get(0);
        assertThat((String) s1.getAs("session_id")).isEqualTo("s1");
        assertThat((String) s1.getAs("user_pseudo_id")).isEqualTo("u1");
        assertThat((Long) s1.getAs("session_number")).isEqualTo(3L);
        assertThat((Instant) s1.getAs("session_start")).isEqualTo(Instant.ofEpochMilli(T0));
        assertThat((Long) s1.getAs("duration_msec")).isEqualTo(15_000L);
        assertThat((Long) s1.getAs("page_views")).isEqualTo(2L);
        assertThat((Long) s1.getAs("event_count")).isEqualTo(3L);
        assertThat((Boolean) s1.getAs("engaged")).isTrue();
        assertThat((String) s1.getAs("entry_page")).isEqualTo("https://shop.example.com/");
        assertThat((String) s1.getAs("exit_page")).isEqualTo("https://shop.example.com/cart");
        assertThat((String) s1.getAs("traffic_source_source")).isEqualTo("google");
        assertThat((String) s1.getAs("traffic_source_channel_group")).isEqualTo("Organic Search");
        assertThat((LocalDate) s1.getAs("event_date")).isEqualTo(LocalDate.of(2024, 5, 1));
        Row s2 = sessions.get(1);
        assertThat((Boolean) s2.getAs("engaged")).isFalse();
        assertThat((String) s2.getAs("traffic_source_channel_group")).isEqualTo("Direct");
    }

    @Test
    void a_session_spanning_two_micro_batches_is_recomputed_from_all_its_events() {
        RawLake raw = new RawLake(lakeDir);
        raw.write("shop", T0 + MIN, List.of(env("r1", T0 + MIN, "["
                + sdkEvent("e1", "_page_view", T0, "u1", "s1", "\"_page_url\":\"https://shop.example.com/\"") + ","
                + sdkEvent("e2", "add_to_cart", T0 + 5_000, "u1", "s1", "") + ","
                + sdkEvent("o1", "_page_view", T0, "u2", "s9", "\"_page_url\":\"https://shop.example.com/a\"") + "]")));
        EtlJob.run(spark, config());
        raw.write("shop", T0 + 3 * MIN, List.of(env("r2", T0 + 3 * MIN, "["
                + sdkEvent("e3", "_page_view", T0 + 2 * MIN, "u1", "s1", "\"_page_url\":\"https://shop.example.com/cart\"") + ","
                + sdkEvent("e4", "_page_view", T0 + 2 * MIN, "u3", "s3", "") + "]")));
        EtlJob.run(spark, config());

        List<Row> sessions = table("session", "session_id");
        assertThat(sessions).extracting(r -> r.getAs("session_id")).containsExactly("s1", "s3", "s9");
        Row s1 = sessions.get(0);
        assertThat((Long) s1.getAs("event_count")).isEqualTo(3L);
        assertThat((Long) s1.getAs("page_views")).isEqualTo(2L);
        assertThat((Long) s1.getAs("duration_msec")).isEqualTo(2 * MIN);
        assertThat((String) s1.getAs("entry_page")).isEqualTo("https://shop.example.com/");
        assertThat((String) s1.getAs("exit_page")).isEqualTo("https://shop.example.com/cart");
        assertThat((Boolean) s1.getAs("engaged")).isTrue();
        // the journey of its events in time order, the older events read back from the event table
        assertThat(s1.<String>getList(s1.fieldIndex("event_names")))
                .containsExactly("_page_view", "add_to_cart", "_page_view");
        assertThat(s1.<LocalDate>getList(s1.fieldIndex("event_dates"))).containsOnly(LocalDate.of(2024, 5, 1))
                .hasSize(3);
        assertThat(s1.<Long>getList(s1.fieldIndex("event_times"))).containsExactly(T0, T0 + 5_000, T0 + 2 * MIN);
        // a session without new events is carried over unchanged
        assertThat((Long) sessions.get(2).getAs("event_count")).isEqualTo(1L);
        assertThat(sessions.get(2).<String>getList(sessions.get(2).fieldIndex("event_names")))
                .containsExactly("_page_view");
        assertThat((String) sessions.get(2).getAs("entry_page")).isEqualTo("https://shop.example.com/a");
        assertThat(table("user", "user_pseudo_id")).extracting(r -> r.getAs("user_pseudo_id"))
                .containsExactly("u1", "u2", "u3");
        // the session partition was replaced, not appended to
        assertThat(lakeDir.resolve("modeled/session/app_id=shop/event_date=2024-05-01").toFile()
                .list((dir, name) -> name.endsWith(".parquet"))).hasSize(1);
    }

    @Test
    void sessionizes_plain_http_events_by_thirty_minutes_of_inactivity() {
        new RawLake(lakeDir).write("shop", T0 + 90 * MIN, List.of(env("r1", T0 + 90 * MIN, "["
                + plainEvent("shop", "h1", "view", T0, "u1", "") + ","
                + plainEvent("shop", "h2", "view", T0 + 20 * MIN, "u1", "") + ","
                + plainEvent("shop", "h3", "view", T0 + 80 * MIN, "u1", "") + "]")));

        EtlJob.run(spark, config());

        List<Row> events = table("event", "event_id");
        assertThat(events).extracting(r -> r.getAs("session_id"))
                .containsExactly("u1-" + T0, "u1-" + T0, "u1-" + (T0 + 80 * MIN));
        List<Row> sessions = table("session", "session_start");
        assertThat(sessions).hasSize(2);
        assertThat((Long) sessions.get(0).getAs("duration_msec")).isEqualTo(20 * MIN);
        assertThat((Long) sessions.get(1).getAs("event_count")).isEqualTo(1L);
    }

    @Test
    void a_plain_http_session_continues_across_micro_batches() {
        RawLake raw = new RawLake(lakeDir);
        raw.write("shop", T0 + MIN, List.of(env("r1", T0 + MIN, "["
                + plainEvent("shop", "h1", "view", T0, "u1", "") + ","
                + plainEvent("shop", "h2", "view", T0 + 5 * MIN, "u1", "") + ","
                + plainEvent("shop", "k1", "view", T0, "u2", "") + "]")));
        EtlJob.run(spark, config());
        // The next micro-batch: u1 goes on within 30 minutes of their last event, u2 comes back after an hour.
        raw.write("shop", T0 + 70 * MIN, List.of(env("r2", T0 + 70 * MIN, "["
                + plainEvent("shop", "h3", "view", T0 + 20 * MIN, "u1", "") + ","
                + plainEvent("shop", "k2", "view", T0 + 65 * MIN, "u2", "") + "]")));
        EtlJob.run(spark, config());

        assertThat(table("event", "event_id")).extracting(r -> r.getAs("event_id") + "=" + r.getAs("session_id"))
                .containsExactly("h1=u1-" + T0, "h2=u1-" + T0, "h3=u1-" + T0,
                        "k1=u2-" + T0, "k2=u2-" + (T0 + 65 * MIN));
        List<Row> sessions = table("session", "session_id");
        assertThat(sessions).extracting(r -> r.getAs("session_id"))
                .containsExactly("u1-" + T0, "u2-" + T0, "u2-" + (T0 + 65 * MIN));
        assertThat((Long) sessions.get(0).getAs("event_count")).isEqualTo(3L);
        assertThat((Long) sessions.get(0).getAs("duration_msec")).isEqualTo(20 * MIN);
    }

    @Test
    void users_keep_first_touch_across_runs_and_take_the_latest_login_and_properties() {
        RawLake raw = new RawLake(lakeDir);
        raw.write("shop", T0, List.of(env("r1", T0, plainEvent("shop", "a1", "view", T0, "u1",
                "\"user\":{\"tier\":{\"value\":\"free\",\"set_timestamp\":1},\"city\":{\"value\":\"Oslo\"}},"
                        + "\"attributes\":{\"_page_url\":\"https://shop.example.com/?utm_source=newsletter&utm_medium=email\"}"))));
        EtlJob.run(spark, config());
        // a day later: the user logs in and upgrades; a late event from before the first touch arrives too
        long day2 = T0 + 24 * 60 * MIN;
        raw.write("shop", day2, List.of(env("r2", day2, "["
                + plainEvent("shop", "a2", "login", day2, "u1",
                        "\"user\":{\"_user_id\":{\"value\":\"alice\"},\"tier\":{\"value\":\"gold\"}}") + ","
                + plainEvent("shop", "a0", "view", T0 - 5 * MIN, "u1", "") + "]")));
        EtlJob.run(spark, config());

        List<Row> users = table("user", "user_pseudo_id");
        assertThat(users).hasSize(1);
        Row u = users.get(0);
        assertThat((String) u.getAs("user_id")).isEqualTo("alice");
        assertThat((Instant) u.getAs("first_touch")).isEqualTo(Instant.ofEpochMilli(T0 - 5 * MIN));
        assertThat((Instant) u.getAs("last_seen")).isEqualTo(Instant.ofEpochMilli(day2));
        assertThat((LocalDate) u.getAs("first_visit_date")).isEqualTo(LocalDate.of(2024, 5, 1));
        assertThat(u.<String, String>getJavaMap(u.fieldIndex("user_properties")))
                .isEqualTo(Map.of("tier", "gold", "city", "Oslo", "_user_id", "alice"));
        // the late event had no source, so the first touch source is Direct
        assertThat((String) u.getAs("first_traffic_source_channel_group")).isEqualTo("Direct");
    }

    @Test
    void returning_users_are_folded_into_the_partitions_they_live_in_and_move_on_an_earlier_first_visit() {
        long day = 24 * 60 * MIN;
        RawLake raw = new RawLake(lakeDir);
        raw.write("shop", T0, List.of(env("r1", T0, "[" + plainEvent("shop", "b1", "view", T0, "u1", "") + ","
                + plainEvent("shop", "b2", "view", T0 + MIN, "u2", "") + "]")));
        raw.write("shop", T0 + 2 * day, List.of(env("r2", T0 + 2 * day,
                plainEvent("shop", "b3", "view", T0 + 2 * day, "u3", ""))));
        EtlJob.run(spark, config());
        // u1 comes back two days later; a late event of u2 from the day before its first visit arrives
        raw.write("shop", T0 + 2 * day + MIN, List.of(env("r3", T0 + 2 * day + MIN, "["
                + plainEvent("shop", "b4", "login", T0 + 2 * day + MIN, "u1", "") + ","
                + plainEvent("shop", "b5", "view", T0 - day, "u2", "") + "]")));
        EtlJob.run(spark, config());

        List<Row> users = table("user", "user_pseudo_id");
        assertThat(users).extracting(r -> (String) r.getAs("user_pseudo_id")).containsExactly("u1", "u2", "u3");
        assertThat(users).extracting(r -> ((LocalDate) r.getAs("event_date")).toString())
                .containsExactly("2024-05-01", "2024-04-30", "2024-05-03");
        assertThat((Instant) users.get(0).getAs("last_seen")).isEqualTo(Instant.ofEpochMilli(T0 + 2 * day + MIN));
        assertThat((Instant) users.get(1).getAs("first_touch")).isEqualTo(Instant.ofEpochMilli(T0 - day));
        assertThat((Instant) users.get(2).getAs("last_seen")).isEqualTo(Instant.ofEpochMilli(T0 + 2 * day));
    }

    @Test
    void items_land_once_per_event_even_when_the_batch_is_resent() {
        String withItems = plainEvent("shop", "p1", "purchase", T0, "u1", "\"items\":["
                + "{\"id\":\"sku1\",\"name\":\"Mug\",\"category\":\"Kitchen\",\"price\":9.5,\"quantity\":2,\"color\":\"blue\"},"
                + "{\"id\":\"sku2\",\"name\":\"Tea\",\"price\":4}]");
        RawLake raw = new RawLake(lakeDir);
        raw.write("shop", T0, List.of(env("r1", T0, "[" + withItems + "]")));
        raw.write("shop", T0 + 1_000, List.of(env("r2", T0 + 1_000, "[" + withItems + "]")));
        EtlJob.run(spark, config());
        raw.write("shop", T0 + 2_000, List.of(env("r3", T0 + 2_000, "[" + withItems + "]")));
        EtlJob.run(spark, config());

        List<Row> items = table("item", "item_id");
        assertThat(items).extracting(r -> r.getAs("item_id")).containsExactly("sku1", "sku2");
        Row mug = items.get(0);
        assertThat((String) mug.getAs("event_id")).isEqualTo("p1");
        assertThat((String) mug.getAs("item_category")).isEqualTo("Kitchen");
        assertThat((Double) mug.getAs("price")).isEqualTo(9.5);
        assertThat((Long) mug.getAs("quantity")).isEqualTo(2L);
        assertThat(mug.<String, String>getJavaMap(mug.fieldIndex("custom_parameters"))).isEqualTo(Map.of("color", "blue"));
    }

    @Test
    void shifts_event_times_when_the_client_clock_is_off_by_more_than_ten_minutes() {
        long clientAhead = 2 * 60 * MIN;
        RawLake raw = new RawLake(lakeDir);
        raw.write("shop", T0, List.of(
                envelope("r1", "shop", T0, T0 + clientAhead, plainEvent("shop", "k1", "x", T0 + clientAhead - 1_000, "u1", "")),
                envelope("r2", "shop", T0, T0 + 5 * MIN, plainEvent("shop", "k2", "x", T0 + 5 * MIN - 1_000, "u1", ""))));

        EtlJob.run(spark, config());

        List<Row> events = table("event", "event_id");
        assertThat((Long) events.get(0).getAs("event_time_msec")).isEqualTo(T0 - 1_000);
        // five minutes off is within tolerance: left as sent
        assertThat((Long) events.get(1).getAs("event_time_msec")).isEqualTo(T0 + 5 * MIN - 1_000);
    }

    @Test
    void enriches_user_agent_and_geolocation_and_filters_bots_in_a_pass() {
        String db = SharedTestData.file("geoip/GeoIP2-City-Test.mmdb").toString();
        RawLake raw = new RawLake(lakeDir);
        raw.write("shop", T0, List.of(
                new RawEnvelope("r1", T0, "shop", "Web", "2.125.160.216", CHROME, "/collect", null, 1L, T0,
                        plainEvent("shop", "g1", "view", T0, "u1", "")),
                new RawEnvelope("r2", T0, "shop", "Web", "2.125.160.216",
                        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "/collect", null, 2L,
                        T0, plainEvent("shop", "g2", "view", T0, "bot", ""))));

        EtlRunSummary summary = EtlJob.run(spark, config().withGeoipDb(db));

        assertThat(summary.eventsFiltered()).isEqualTo(1);
        List<Row> events = table("event", "event_id");
        assertThat(events).hasSize(1);
        Row e = events.get(0);
        assertThat((String) e.getAs("device_ua_browser")).isEqualTo("Chrome");
        assertThat((String) e.getAs("device_ua_os")).isEqualTo("Windows");
        assertThat((String) e.getAs("device_ua_device_category")).isEqualTo("Desktop");
        assertThat((String) e.getAs("geo_country")).isEqualTo("United Kingdom");
        assertThat((String) e.getAs("geo_city")).isEqualTo("Boxford");
        assertThat((String) e.getAs("geo_continent")).isEqualTo("Europe");
    }
}
