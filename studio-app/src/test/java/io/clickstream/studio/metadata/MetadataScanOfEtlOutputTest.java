package io.clickstream.studio.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.etl.EtlConfig;
import io.clickstream.etl.EtlJob;
import io.clickstream.etl.EtlSession;
import io.clickstream.metadata.MetadataStore;
import io.clickstream.metadata.sqlite.SqliteMetadataStore;
import io.clickstream.model.LakeLayout;
import io.clickstream.model.RawEnvelope;
import io.clickstream.model.RawEnvelopeCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scan over what the real ETL writes: SDK events in raw batches, two Spark passes (the second appends to a day
 * and compacts it), a scan after each. Expected numbers come from the SDK events as sent, counted in Java.
 */
class MetadataScanOfEtlOutputTest {

    static final String APP = "shop";
    static final Instant DAY1 = Instant.parse("2026-11-18T08:00:00Z");
    static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/120.0.0.0 Safari/537.36";

    static SparkSession spark;

    @TempDir
    Path dir;

    /** One SDK event as sent, the source of every expectation. */
    record Sent(String name, String user, long time, Map<String, Object> attributes, Map<String, Object> user_) {
    }

    final List<Sent> sent = new ArrayList<>();
    final Random random = new Random(3);
    int rawFiles;
    int ids;

    @BeforeAll
    static void startSpark() {
        spark = EtlSession.builder("local[2]")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                // Spark would take the JVM's one URL stream handler factory, which a later test's Tomcat needs.
                .config("spark.sql.defaultUrlStreamHandlerFactory.enabled", "false")
                .getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        // Other test classes of this JVM start their own local runtime, whose Spark settings must be its own.
        spark.stop();
    }

    @Test
    void counts_what_two_etl_passes_modeled_including_a_compacted_day() throws IOException {
        LakeLayout lake = new LakeLayout(dir.resolve("lake").toString());
        try (MetadataStore store = SqliteMetadataStore.open(dir.resolve("metadata.db"));
             ModeledLakeReader reader = new ModeledLakeReader(lake)) {
            MetadataScanner scanner = new MetadataScanner(store, reader, Clock.systemUTC());
            MetadataCatalog catalog = new MetadataCatalog(store, Clock.systemUTC());

            writeRaw(lake, DAY1, 80, 0);
            writeRaw(lake, DAY1.plusSeconds(86_400), 60, 0);
            etl(lake);
            ScanReport first = scanner.scan(APP, () -> false);
            assertThat(first.outcome()).isEqualTo(ScanReport.Outcome.SCANNED);
            assertMatches(catalog);

            // Day 2 gets a second file, which makes it eligible for compaction (two small files) in the same pass;
            // day 3 is new. Some users change their plan.
            writeRaw(lake, DAY1.plusSeconds(86_400 + 3_600), 50, 1);
            writeRaw(lake, DAY1.plusSeconds(2 * 86_400), 30, 1);
            etl(lake);
            ScanReport second = scanner.scan(APP, () -> false);
            assertThat(second.outcome()).isEqualTo(ScanReport.Outcome.SCANNED);
            assertMatches(catalog);
            try (MetadataStore fresh = SqliteMetadataStore.open(dir.resolve("full.db"))) {
                new MetadataScanner(fresh, reader, Clock.systemUTC()).scan(APP, () -> false);
                MetadataCatalog full = new MetadataCatalog(fresh, Clock.systemUTC());
                assertThat(catalog.all(APP, MetadataKind.EVENTS)).usingRecursiveFieldByFieldElementComparator()
                        .isEqualTo(full.all(APP, MetadataKind.EVENTS));
            }
        }
    }

    private void etl(LakeLayout lake) {
        EtlJob.run(spark, EtlConfig.parse(new String[] {"--lake=" + lake.root(), "--master=local[2]",
                "--compact-min-files=2"}));
    }

    /** One raw batch of {@code count} events of a day, as the collector writes it. */
    private void writeRaw(LakeLayout lake, Instant at, int count, int batch) throws IOException {
        StringBuilder data = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            long time = at.toEpochMilli() + i * 1_000L;
            String user = "user-" + random.nextInt(25);
            String name = List.of("_page_view", "_session_start", "add_to_cart", "purchase").get(random.nextInt(4));
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put("_session_id", user + "-s" + batch);
            attributes.put("_session_number", 1 + batch);
            switch (name) {
                case "_page_view" -> {
                    attributes.put("_page_url", "https://shop.example/p/" + random.nextInt(9));
                    attributes.put("_engagement_time_msec", 100 + random.nextInt(5000));
                }
                case "add_to_cart" -> {
                    attributes.put("color", List.of("red", "blue").get(random.nextInt(2)));
                    attributes.put("quantity", 1 + random.nextInt(4));
                    attributes.put("in_stock", random.nextBoolean());
                }
                case "purchase" -> {
                    attributes.put("_value", 10.5 + random.nextInt(40));
                    attributes.put("_currency", "EUR");
                    attributes.put("coupon", random.nextInt(3) == 0 ? "SPRING" : "NONE");
                    // Whole and fractional amounts: double.
                    attributes.put("shipping", random.nextBoolean() ? 5 : 4.99);
                }
                default -> { }
            }
            Map<String, Object> userAttributes = new LinkedHashMap<>();
            userAttributes.put("plan", batch == 0 ? "free" : "pro");
            if (user.hashCode() % 2 == 0) {
                userAttributes.put("_user_id", "id-" + user);
            }
            sent.add(new Sent(name, user, time, attributes, userAttributes));
            data.append(i == 0 ? "" : ",").append(json(name, user, time, attributes, userAttributes));
        }
        data.append("]");
        long ingest = at.toEpochMilli() + count * 1_000L + 500;
        RawEnvelope envelope = new RawEnvelope("r" + (++rawFiles), ingest, APP, "Web", "203.0.113.7", CHROME,
                "/collect?appId=" + APP, null, 1L, ingest, data.toString());
        // Published now, as a collector publishes a late batch (LakeLayout.RAW_LATE_LIMIT): into the current hour,
        // never into an hour an earlier pass has sealed.
        Instant published = Instant.now();
        Path file = Path.of(lake.rawPartition(APP, LocalDate.ofInstant(published, ZoneOffset.UTC),
                published.atZone(ZoneOffset.UTC).getHour())).resolve(LakeLayout.rawFileName("node1", rawFiles));
        Files.createDirectories(file.getParent());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(RawEnvelopeCodec.encode(envelope));
        }
        Files.write(file, bytes.toByteArray());
    }

    private String json(String name, String user, long time, Map<String, Object> attributes,
                        Map<String, Object> userAttributes) {
        String attrs = attributes.entrySet().stream().map(e -> quote(e.getKey()) + ":" + value(e.getValue()))
                .collect(Collectors.joining(","));
        String users = userAttributes.entrySet().stream()
                .map(e -> quote(e.getKey()) + ":{\"value\":" + value(e.getValue()) + ",\"set_timestamp\":" + time + "}")
                .collect(Collectors.joining(","));
        return "{\"event_type\":" + quote(name) + ",\"event_id\":\"e" + (++ids) + "\",\"timestamp\":" + time
                + ",\"app_id\":\"" + APP + "\",\"unique_id\":" + quote(user) + ",\"platform\":\"Web\","
                + "\"user\":{" + users + "},\"attributes\":{" + attrs + "}}";
    }

    private static String value(Object value) {
        return value instanceof String s ? quote(s) : String.valueOf(value);
    }

    private static String quote(String text) {
        return "\"" + text + "\"";
    }

    /** Events, parameters and user attributes in the catalog equal what was sent, counted here. */
    private void assertMatches(MetadataCatalog catalog) {
        catalog.invalidate(APP);
        Map<String, List<Sent>> byName = sent.stream().collect(Collectors.groupingBy(Sent::name));
        Map<String, EventMetadata> events = catalog.all(APP, MetadataKind.EVENTS).stream()
                .collect(Collectors.toMap(EventMetadata::name, e -> e));
        assertThat(events.keySet()).isEqualTo(byName.keySet());
        byName.forEach((name, list) -> {
            assertThat(events.get(name).events()).as("events of %s", name).isEqualTo(list.size());
            assertThat(events.get(name).users()).as("users of %s", name)
                    .isEqualTo(list.stream().map(Sent::user).distinct().count());
            assertThat(events.get(name).lastSeen()).as("last %s", name).isEqualTo(Instant.ofEpochMilli(
                    list.stream().mapToLong(Sent::time).max().orElseThrow()));
        });

        Map<String, Long> parameterCounts = new HashMap<>();
        Map<String, ValueType> parameterTypes = new HashMap<>();
        for (Sent s : sent) {
            s.attributes().forEach((key, value) -> {
                parameterCounts.merge(s.name() + "." + key, 1L, Long::sum);
                ValueType type = value instanceof Boolean ? ValueType.BOOLEAN
                        : value instanceof Integer ? ValueType.INTEGER
                        : value instanceof Double ? ValueType.DOUBLE : ValueType.STRING;
                parameterTypes.merge(s.name() + "." + key, type, ValueType::join);
            });
        }
        Map<String, ParameterMetadata> parameters = catalog.all(APP, MetadataKind.PARAMETERS).stream()
                .collect(Collectors.toMap(p -> p.eventName() + "." + p.name(), p -> p));
        // The ETL keeps _session_start_timestamp and such nowhere; every attribute sent here is kept.
        assertThat(parameters.keySet()).isEqualTo(parameterCounts.keySet());
        parameterCounts.forEach((key, count) -> {
            assertThat(parameters.get(key).events()).as("events with %s", key).isEqualTo(count);
            assertThat(parameters.get(key).type()).as("type of %s", key).isEqualTo(parameterTypes.get(key));
        });
        assertThat(parameters.get("_page_view._page_url").preset()).isTrue();
        assertThat(parameters.get("add_to_cart.color").preset()).isFalse();

        // Latest user attributes: the user's last event carries all it has (they are sent with every event).
        Map<String, Sent> lastOfUser = new HashMap<>();
        sent.forEach(s -> lastOfUser.merge(s.user(), s, (a, b) -> a.time() >= b.time() ? a : b));
        Map<String, Set<String>> usersWith = new HashMap<>();
        lastOfUser.values().forEach(s -> s.user_().keySet().forEach(
                a -> usersWith.computeIfAbsent(a, k -> new HashSet<>()).add(s.user())));
        Map<String, UserAttributeMetadata> attributes = catalog.all(APP, MetadataKind.USER_ATTRIBUTES).stream()
                .collect(Collectors.toMap(UserAttributeMetadata::name, a -> a));
        assertThat(attributes.keySet()).isEqualTo(usersWith.keySet());
        usersWith.forEach((name, users) ->
                assertThat(attributes.get(name).users()).as("users with %s", name).isEqualTo(users.size()));
        assertThat(attributes.get("plan").type()).isEqualTo(ValueType.STRING);
    }
}
