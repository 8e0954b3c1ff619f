package io.clickstream.studio.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickstream.metadata.ItemWrite;
import io.clickstream.metadata.ItemWriteResult;
import io.clickstream.metadata.MetadataStore;
import io.clickstream.metadata.sqlite.SqliteMetadataStore;
import io.clickstream.studio.metadata.ModeledLake.EventRow;
import io.clickstream.studio.metadata.ModeledLake.UserRow;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scan against a modeled lake written in the real schema, checked against counts made in plain Java from the
 * rows written; incremental scans against a fresh full scan of the same lake.
 */
class MetadataScannerTest {

    static final String APP = "shop";
    static final LocalDate DAY1 = LocalDate.of(2026, 11, 18);
    static final LocalDate DAY2 = DAY1.plusDays(1);
    static final LocalDate DAY3 = DAY1.plusDays(2);
    static final List<String> EVENTS = List.of("_page_view", "_session_start", "add_to_cart", "purchase", "search");

    @TempDir
    Path dir;

    ModeledLake lake;
    ModeledLakeReader queries;
    MetadataStore store;
    MetadataScanner scanner;
    MetadataCatalog catalog;
    final List<EventRow> events = new ArrayList<>();
    final List<UserRow> users = new ArrayList<>();
    /** Samples are values a scan saw; a user attribute's value seen once stays a sample after users change it. */
    final Map<String, java.util.Set<String>> userValuesEverWritten = new java.util.HashMap<>();
    final Random random = new Random(7);

    @BeforeEach
    void open() {
        lake = new ModeledLake(dir.resolve("lake"));
        queries = new ModeledLakeReader(lake.layout);
        store = SqliteMetadataStore.open(dir.resolve("metadata.db"));
        scanner = new MetadataScanner(store, queries, Clock.systemUTC());
        catalog = new MetadataCatalog(store, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        lake.close();
        queries.close();
        store.close();
    }

    @Test
    void finds_events_parameters_and_user_attributes_with_the_counts_of_the_data() {
        append(generateEvents(APP, DAY1, 300));
        append(generateEvents(APP, DAY2, 200));
        append(generateEvents("other-app", DAY2, 50));
        rewriteUsers(APP, DAY1, generateUsers(APP, DAY1, 40, 0));

        ScanReport report = scanner.scan(APP, () -> false);

        assertThat(report.outcome()).isEqualTo(ScanReport.Outcome.SCANNED);
        assertThat(report.filesRead()).isEqualTo(3);
        assertMatchesTheData(catalog, store);
        EventMetadata pageView = catalog.event(APP, "_page_view").orElseThrow();
        assertThat(pageView.preset()).isTrue();
        assertThat(pageView.displayName()).isEqualTo("Page view");
        assertThat(pageView.description()).contains("page of the website was shown");
        assertThat(catalog.parameter(APP, "_page_view", "_page_url").orElseThrow().displayName()).isEqualTo("Page URL");
        assertThat(catalog.userAttribute(APP, "_user_id").orElseThrow().displayName()).isEqualTo("User ID");
        ParameterMetadata color = catalog.parameter(APP, "add_to_cart", "color").orElseThrow();
        assertThat(color.preset()).isFalse();
        assertThat(color.displayName()).isEqualTo("color");
        assertThat(catalog.all(APP, MetadataKind.EVENTS)).extracting(EventMetadata::name)
                .doesNotContain("other_event_only_in_other_app");
    }

    @Test
    void a_second_scan_reads_only_the_new_files_and_ends_with_the_totals_of_a_full_scan() {
        append(generateEvents(APP, DAY1, 300));
        rewriteUsers(APP, DAY1, generateUsers(APP, DAY1, 30, 0));
        assertThat(scanner.scan(APP, () -> false).filesRead()).isEqualTo(2);

        append(generateEvents(APP, DAY1, 100));
        append(generateEvents(APP, DAY2, 150));
        append(generateEvents(APP, DAY3, 20));
        ScanReport second = scanner.scan(APP, () -> false);

        // The day-1 file read before is not read again; the three new files are.
        assertThat(second.outcome()).isEqualTo(ScanReport.Outcome.SCANNED);
        assertThat(second.filesRead()).isEqualTo(3);
        assertThat(second.partitionsRead()).isEqualTo(3);
        assertMatchesTheData(catalog, store);
        assertSameAsAFullScan();
    }

    @Test
    void an_unchanged_lake_is_not_read_again() {
        append(generateEvents(APP, DAY1, 100));
        scanner.scan(APP, () -> false);
        long version = store.get(MetadataItems.key(APP, MetadataItems.eventKey("purchase"))).orElseThrow().version();

        ScanReport again = scanner.scan(APP, () -> false);

        assertThat(again.outcome()).isEqualTo(ScanReport.Outcome.UNCHANGED);
        assertThat(again.filesRead()).isZero();
        assertThat(store.get(MetadataItems.key(APP, MetadataItems.eventKey("purchase"))).orElseThrow().version())
                .isEqualTo(version);
    }

    @Test
    void a_compacted_partition_is_read_whole_and_its_events_counted_once() {
        append(generateEvents(APP, DAY1, 120));
        append(generateEvents(APP, DAY1, 80));
        scanner.scan(APP, () -> false);
        List<EventRow> added = generateEvents(APP, DAY1, 60);
        events.addAll(added);
        // Compaction merged the two files read before together with events the scan has not seen yet.
        lake.compactEvents(APP, DAY1, events.stream().filter(e -> e.date().equals(DAY1)).toList());

        ScanReport report = scanner.scan(APP, () -> false);

        assertThat(report.filesRead()).isEqualTo(1);
        assertMatchesTheData(catalog, store);
    }

    @Test
    void users_moving_between_rewritten_partitions_are_counted_where_they_are_now() {
        List<UserRow> day2Users = generateUsers(APP, DAY2, 30, 0);
        rewriteUsers(APP, DAY2, day2Users);
        scanner.scan(APP, () -> false);
        // A late event moved ten users' first visit to day 1: day 2 is rewritten without them, day 1 with them.
        List<UserRow> moved = day2Users.subList(0, 10).stream()
                .map(u -> new UserRow(APP, u.userPseudoId(), DAY1.atTime(9, 0).toInstant(ZoneOffset.UTC), u.lastSeen(),
                        Map.of("plan", "pro", "_user_id", u.userPseudoId(), "vip", "true")))
                .toList();
        rewriteUsers(APP, DAY2, new ArrayList<>(day2Users.subList(10, 30)));
        rewriteUsers(APP, DAY1, moved);

        scanner.scan(APP, () -> false);

        assertMatchesTheData(catalog, store);
    }

    @Test
    void a_scan_that_dies_half_way_is_redone_without_counting_anything_twice() {
        append(generateEvents(APP, DAY1, 200));
        scanner.scan(APP, () -> false);
        append(generateEvents(APP, DAY1, 100));
        append(generateEvents(APP, DAY2, 100));
        // The store dies in the middle of the item writes, after the partition bookkeeping was written: nothing
        // more is written, not even the lease's release, as when the JVM dies there.
        AtomicInteger batches = new AtomicInteger();
        MetadataStore failing = failingAfter(store, 1, batches);
        MetadataScanner dying = new MetadataScanner(failing, queries, Clock.systemUTC());
        assertThatThrownBy(() -> dying.scan(APP, () -> false)).hasMessageContaining("simulated crash");
        assertThat(batches.get()).isGreaterThan(1);
        assertThat(scanner.scan(APP, () -> false).outcome()).as("the dead scan's lease still holds")
                .isEqualTo(ScanReport.Outcome.BUSY);

        Clock afterTheLease = Clock.offset(Clock.systemUTC(), MetadataScanner.LEASE.plusSeconds(1));
        ScanReport redo = new MetadataScanner(store, queries, afterTheLease).scan(APP, () -> false);

        assertThat(redo.outcome()).isEqualTo(ScanReport.Outcome.SCANNED);
        assertMatchesTheData(catalog, store);
        assertSameAsAFullScan();
    }

    @Test
    void a_cancelled_scan_leaves_the_counts_to_the_next_one() {
        append(generateEvents(APP, DAY1, 100));
        scanner.scan(APP, () -> false);
        append(generateEvents(APP, DAY2, 100));

        ScanReport cancelled = scanner.scan(APP, () -> true);
        ScanReport next = scanner.scan(APP, () -> false);

        assertThat(cancelled.outcome()).isEqualTo(ScanReport.Outcome.CANCELLED);
        assertThat(next.filesRead()).isEqualTo(1);
        assertMatchesTheData(catalog, store);
    }

    @Test
    void two_scanners_never_scan_one_app_at_once() {
        append(generateEvents(APP, DAY1, 50));
        MetadataScanner other = new MetadataScanner(store, queries, Clock.systemUTC());
        AtomicInteger otherOutcome = new AtomicInteger(-1);

        // While this scan holds the lease (asked whether it is cancelled = mid-scan), another scanner tries.
        ScanReport report = scanner.scan(APP, () -> {
            otherOutcome.set(other.scan(APP, () -> false).outcome().ordinal());
            return false;
        });

        assertThat(report.outcome()).isEqualTo(ScanReport.Outcome.SCANNED);
        assertThat(otherOutcome.get()).isEqualTo(ScanReport.Outcome.BUSY.ordinal());
        assertMatchesTheData(catalog, store);
    }

    // Helpers.

    private void append(List<EventRow> rows) {
        events.addAll(rows);
        lake.appendEvents(rows);
    }

    private void rewriteUsers(String app, LocalDate date, List<UserRow> rows) {
        users.removeIf(u -> u.appId().equals(app) && u.date().equals(date));
        users.addAll(rows);
        rows.forEach(u -> u.properties().forEach((name, value) ->
                userValuesEverWritten.computeIfAbsent(name, n -> new java.util.HashSet<>()).add(value)));
        lake.rewriteUsers(app, date, rows);
    }

    private List<EventRow> generateEvents(String app, LocalDate day, int count) {
        List<EventRow> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = app.equals(APP) ? EVENTS.get(random.nextInt(EVENTS.size())) : "other_event_only_in_other_app";
            Instant time = day.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(random.nextInt(86_400));
            String user = "user-" + random.nextInt(700);
            Map<String, String> custom = new java.util.LinkedHashMap<>();
            String pageUrl = null;
            String pageTitle = null;
            Double value = null;
            switch (name) {
                case "_page_view" -> {
                    pageUrl = "https://shop.example/p/" + random.nextInt(20);
                    pageTitle = random.nextInt(10) == 0 ? "404" : "Product " + random.nextInt(20);
                }
                case "add_to_cart" -> {
                    custom.put("color", List.of("red", "green", "blue").get(random.nextInt(3)));
                    custom.put("qty", Integer.toString(1 + random.nextInt(5)));
                    // Whole numbers and fractions: the type is double.
                    custom.put("price", random.nextBoolean() ? "12" : "9.5");
                }
                case "purchase" -> {
                    value = 10 + random.nextInt(90) + 0.25;
                    custom.put("coupon", random.nextBoolean() ? "true" : "false");
                    custom.put("transaction_id", "T" + random.nextInt(1_000_000));
                }
                case "search" -> custom.put("term", random.nextInt(4) == 0 ? "42" : "shoes " + random.nextInt(9));
                default -> { }
            }
            rows.add(new EventRow(app, name, time, user, custom, pageUrl, pageTitle, value,
                    (long) (1 + random.nextInt(9))));
        }
        return rows;
    }

    private List<UserRow> generateUsers(String app, LocalDate day, int count, int firstIndex) {
        List<UserRow> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant first = day.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(random.nextInt(80_000));
            Map<String, String> properties = new java.util.LinkedHashMap<>();
            properties.put("_user_first_touch_timestamp", Long.toString(first.toEpochMilli()));
            if (i % 2 == 0) {
                properties.put("_user_id", "u" + (firstIndex + i));
            }
            properties.put("plan", List.of("free", "pro").get(random.nextInt(2)));
            if (i % 3 == 0) {
                properties.put("age", Integer.toString(18 + random.nextInt(50)));
            }
            rows.add(new UserRow(app, "user-" + (firstIndex + i) + "-" + day, first, first.plusSeconds(3_600),
                    properties));
        }
        return rows;
    }

    /** Every count, type, span and sample the catalog shows equals what the rows hold. */
    private void assertMatchesTheData(MetadataCatalog catalog, MetadataStore store) {
        catalog.invalidate(APP);
        ModeledLake.Expected expected = new ModeledLake.Expected(APP, events, users);

        Map<String, EventMetadata> foundEvents = catalog.all(APP, MetadataKind.EVENTS).stream()
                .collect(Collectors.toMap(EventMetadata::name, e -> e));
        assertThat(foundEvents.keySet()).isEqualTo(expected.events.keySet());
        expected.events.forEach((name, e) -> {
            EventMetadata found = foundEvents.get(name);
            assertThat(found.events()).as("events of %s", name).isEqualTo(e.count());
            assertThat(found.users()).as("users of %s", name).isEqualTo(e.users());
            assertThat(found.firstSeen()).as("first %s", name).isEqualTo(e.first());
            assertThat(found.lastSeen()).as("last %s", name).isEqualTo(e.last());
        });

        Map<String, ParameterMetadata> foundParameters = catalog.all(APP, MetadataKind.PARAMETERS).stream()
                .filter(p -> p.events() > 0)
                .collect(Collectors.toMap(p -> p.eventName() + "#" + p.name(), p -> p));
        assertThat(foundParameters.keySet()).isEqualTo(expected.parameters.keySet());
        expected.parameters.forEach((key, p) -> {
            ParameterMetadata found = foundParameters.get(key);
            assertThat(found.events()).as("events with %s", key).isEqualTo(p.count());
            assertThat(found.type()).as("type of %s", key).isEqualTo(p.type());
            assertThat(found.samples()).as("samples of %s", key).isNotEmpty().isSubsetOf(p.values());
            assertThat(found.firstSeen()).as("first %s", key).isEqualTo(p.first());
            assertThat(found.lastSeen()).as("last %s", key).isEqualTo(p.last());
        });

        Map<String, UserAttributeMetadata> foundAttributes = catalog.all(APP, MetadataKind.USER_ATTRIBUTES).stream()
                .filter(a -> a.users() > 0)
                .collect(Collectors.toMap(UserAttributeMetadata::name, a -> a));
        assertThat(foundAttributes.keySet()).isEqualTo(expected.userAttributes.keySet());
        expected.userAttributes.forEach((name, a) -> {
            UserAttributeMetadata found = foundAttributes.get(name);
            assertThat(found.users()).as("users with %s", name).isEqualTo(a.users());
            assertThat(found.type()).as("type of %s", name).isEqualTo(a.type());
            assertThat(found.samples()).as("samples of %s", name).isNotEmpty()
                    .isSubsetOf(userValuesEverWritten.get(name));
        });
    }

    /** A new store scanned once over the whole lake holds the same metadata as the incrementally scanned one. */
    private void assertSameAsAFullScan() {
        try (MetadataStore fresh = SqliteMetadataStore.open(dir.resolve("full-" + System.nanoTime() + ".db"))) {
            ScanReport full = new MetadataScanner(fresh, queries, Clock.systemUTC()).scan(APP, () -> false);
            assertThat(full.outcome()).isEqualTo(ScanReport.Outcome.SCANNED);
            MetadataCatalog fullCatalog = new MetadataCatalog(fresh, Clock.systemUTC());
            catalog.invalidate(APP);
            assertThat(catalog.all(APP, MetadataKind.EVENTS)).usingRecursiveFieldByFieldElementComparator()
                    .isEqualTo(fullCatalog.all(APP, MetadataKind.EVENTS));
            assertThat(withoutSamples(catalog.all(APP, MetadataKind.PARAMETERS)))
                    .isEqualTo(withoutSamples(fullCatalog.all(APP, MetadataKind.PARAMETERS)));
            assertThat(catalog.all(APP, MetadataKind.USER_ATTRIBUTES)).extracting(UserAttributeMetadata::name,
                            UserAttributeMetadata::users, UserAttributeMetadata::type)
                    .isEqualTo(fullCatalog.all(APP, MetadataKind.USER_ATTRIBUTES).stream()
                            .map(a -> org.assertj.core.groups.Tuple.tuple(a.name(), a.users(), a.type())).toList());
        }
    }

    private static List<String> withoutSamples(List<ParameterMetadata> parameters) {
        return parameters.stream().map(p -> p.eventName() + "|" + p.name() + "|" + p.events() + "|" + p.type() + "|"
                + p.firstSeen() + "|" + p.lastSeen()).toList();
    }

    /** The store, but it dies in a writeAll once {@code okBatches} went through, and writes nothing after. */
    private static MetadataStore failingAfter(MetadataStore store, int okBatches, AtomicInteger batches) {
        java.util.concurrent.atomic.AtomicBoolean dead = new java.util.concurrent.atomic.AtomicBoolean();
        return (MetadataStore) Proxy.newProxyInstance(MetadataStore.class.getClassLoader(),
                new Class<?>[] {MetadataStore.class}, (proxy, method, args) -> {
                    if (dead.get() && List.of("writeAll", "update", "create", "delete").contains(method.getName())) {
                        throw new IllegalStateException("dead");
                    }
                    if (method.getName().equals("writeAll") && batches.incrementAndGet() > okBatches) {
                        dead.set(true);
                        // Half of the batch is written, then the "JVM dies".
                        @SuppressWarnings("unchecked")
                        List<ItemWrite> writes = (List<ItemWrite>) args[0];
                        List<ItemWriteResult> written = store.writeAll(writes.subList(0, writes.size() / 2));
                        throw new IllegalStateException("simulated crash after " + written.size() + " writes");
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
