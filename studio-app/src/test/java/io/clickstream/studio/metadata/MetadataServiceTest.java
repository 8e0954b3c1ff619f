package io.clickstream.studio.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickstream.metadata.MetadataStore;
import io.clickstream.metadata.apps.AppRepository;
import io.clickstream.metadata.sqlite.SqliteMetadataStore;
import io.clickstream.studio.metadata.ModeledLake.EventRow;
import io.clickstream.studio.security.Roles;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/** Edits with optimistic locking, presets, lists and role checks of the metadata manager over a scanned lake. */
class MetadataServiceTest {

    static final String APP = "shop";
    static final Instant T0 = LocalDate.of(2026, 11, 18).atTime(10, 0).toInstant(ZoneOffset.UTC);

    @TempDir
    Path dir;

    ModeledLake lake;
    ModeledLakeReader queries;
    MetadataStore store;
    MetadataCatalog catalog;
    MetadataScanScheduler scans;
    MetadataService service;

    @BeforeEach
    void open() {
        lake = new ModeledLake(dir.resolve("lake"));
        queries = new ModeledLakeReader(lake.layout);
        store = SqliteMetadataStore.open(dir.resolve("metadata.db"));
        Clock clock = Clock.systemUTC();
        catalog = new MetadataCatalog(store, clock);
        MetadataScanner scanner = new MetadataScanner(store, queries, clock);
        scans = new MetadataScanScheduler(scanner, catalog, () -> null,
                new MetadataScanProperties(false, Duration.ofSeconds(60), Duration.ofSeconds(5)), clock);
        service = new MetadataService(store, catalog, scans, scanner, new AppRepository(store), clock);
        List<EventRow> rows = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            rows.add(new EventRow(APP, i % 3 == 0 ? "_page_view" : "purchase", T0.plusSeconds(i), "u" + (i % 7),
                    i % 3 == 0 ? Map.of() : Map.of("coupon", "SPRING" + (i % 2), "items", Integer.toString(i)),
                    i % 3 == 0 ? "https://shop.example/" + i : null, null, null, 1L));
        }
        lake.appendEvents(rows);
        signIn("alice", Roles.ANALYST);
        assertThat(service.scanNow(APP).outcome()).isEqualTo(ScanReport.Outcome.SCANNED);
    }

    @AfterEach
    void close() {
        SecurityContextHolder.clearContext();
        scans.close();
        lake.close();
        queries.close();
        store.close();
    }

    @Test
    void an_analysts_display_name_replaces_the_preset_one_and_later_scans_keep_it() {
        EventMetadata pageView = service.get(APP, MetadataKind.EVENTS, null, "_page_view");
        assertThat(pageView.displayName()).isEqualTo("Page view");

        EventMetadata edited = service.edit(APP, MetadataKind.EVENTS, null, "_page_view", pageView.version(),
                new MetadataEdit("Product page view", "A product page was shown", "Shop"));
        lake.appendEvents(List.of(new EventRow(APP, "_page_view", T0.plusSeconds(100), "u1", Map.of(),
                "https://shop.example/x", null, null, 2L)));
        service.scanNow(APP);

        EventMetadata after = service.get(APP, MetadataKind.EVENTS, null, "_page_view");
        assertThat(edited.version()).isEqualTo(pageView.version() + 1);
        assertThat(after.displayName()).isEqualTo("Product page view");
        assertThat(after.description()).isEqualTo("A product page was shown");
        assertThat(after.category()).isEqualTo("Shop");
        assertThat(after.events()).isEqualTo(11);
        assertThat(after.version()).as("a scan is no edit").isEqualTo(edited.version());
        assertThat(new DisplayNames(catalog).event(APP, "_page_view")).isEqualTo("Product page view");
    }

    @Test
    void a_stale_edit_is_refused_with_a_conflict_that_says_who_changed_it() {
        ParameterMetadata coupon = service.get(APP, MetadataKind.PARAMETERS, "purchase", "coupon");
        service.edit(APP, MetadataKind.PARAMETERS, "purchase", "coupon", coupon.version(),
                new MetadataEdit("Coupon code", null, null));
        signIn("bob", Roles.ADMINISTRATOR);

        assertThatThrownBy(() -> service.edit(APP, MetadataKind.PARAMETERS, "purchase", "coupon", coupon.version(),
                new MetadataEdit("Voucher", null, null)))
                .isInstanceOfSatisfying(MetadataConflictException.class, e -> {
                    assertThat(e.getMessage()).contains("'Coupon code' was changed by alice").contains("Reload");
                    assertThat(e.currentVersion()).isEqualTo(coupon.version() + 1);
                });
        assertThat(service.get(APP, MetadataKind.PARAMETERS, "purchase", "coupon").displayName())
                .isEqualTo("Coupon code");
    }

    @Test
    void clearing_a_field_brings_back_the_preset_text_and_null_leaves_it_alone() {
        EventMetadata pageView = service.get(APP, MetadataKind.EVENTS, null, "_page_view");
        EventMetadata named = service.edit(APP, MetadataKind.EVENTS, null, "_page_view", pageView.version(),
                new MetadataEdit("Views", "mine", null));

        EventMetadata cleared = service.edit(APP, MetadataKind.EVENTS, null, "_page_view", named.version(),
                new MetadataEdit("", null, null));

        assertThat(cleared.displayName()).isEqualTo("Page view");
        assertThat(cleared.description()).isEqualTo("mine");
        assertThat(cleared.category()).isEqualTo(Presets.PAGES);
    }

    @Test
    void refuses_text_it_cannot_store_with_the_field_that_is_wrong() {
        EventMetadata purchase = service.get(APP, MetadataKind.EVENTS, null, "purchase");

        assertThatThrownBy(() -> service.edit(APP, MetadataKind.EVENTS, null, "purchase", purchase.version(),
                new MetadataEdit("x".repeat(101), null, "two\nlines")))
                .isInstanceOfSatisfying(MetadataValidationException.class, e -> assertThat(e.errors())
                        .extracting(MetadataEdit.FieldError::field).containsExactly("displayName", "category"));
        assertThat(service.get(APP, MetadataKind.EVENTS, null, "purchase").version()).isEqualTo(purchase.version());
    }

    @Test
    void an_unknown_entry_is_not_found() {
        assertThatThrownBy(() -> service.get(APP, MetadataKind.EVENTS, null, "never_sent"))
                .isInstanceOf(MetadataNotFoundException.class).hasMessageContaining("never_sent");
        assertThatThrownBy(() -> service.get("../etc", MetadataKind.EVENTS, null, "x"))
                .isInstanceOf(MetadataNotFoundException.class);
    }

    @Test
    void lists_search_sort_and_page() {
        MetadataPage<ParameterMetadata> byEvents = service.page(APP, MetadataKind.PARAMETERS,
                new MetadataQuery("", "events", true, null), 0, 2);
        MetadataPage<ParameterMetadata> search = service.page(APP, MetadataKind.PARAMETERS,
                new MetadataQuery("COUP", "name", false, null), 0, 10);
        MetadataPage<ParameterMetadata> ofPageViews = service.page(APP, MetadataKind.PARAMETERS,
                new MetadataQuery("", "name", false, "_page_view"), 0, 10);
        MetadataPage<ParameterMetadata> beyond = service.page(APP, MetadataKind.PARAMETERS, MetadataQuery.all(), 50, 10);

        // purchase: coupon, items, _session_number (20 each); _page_view: _page_url, _session_number (10 each).
        assertThat(byEvents.total()).isEqualTo(5);
        assertThat(byEvents.items()).extracting(ParameterMetadata::events).containsExactly(20L, 20L);
        assertThat(search.items()).extracting(ParameterMetadata::name).containsExactly("coupon");
        assertThat(ofPageViews.items()).extracting(ParameterMetadata::name)
                .containsExactly("_page_url", "_session_number");
        assertThat(beyond.items()).isEmpty();
        assertThat(beyond.total()).isEqualTo(5);
        assertThat(service.page(APP, MetadataKind.PARAMETERS, new MetadataQuery("session number", "name", false,
                null), 0, 10).items()).as("display names are searched too").hasSize(2);
    }

    @Test
    void operators_and_readers_may_not_use_the_metadata_manager() {
        for (String role : List.of(Roles.OPERATOR, Roles.READER)) {
            signIn("carol", role);
            assertThatThrownBy(() -> service.page(APP, MetadataKind.EVENTS, MetadataQuery.all(), 0, 10))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> service.edit(APP, MetadataKind.EVENTS, null, "purchase", 1,
                    new MetadataEdit("x", null, null))).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> service.scanNow(APP)).isInstanceOf(AccessDeniedException.class);
        }
        SecurityContextHolder.clearContext();
        assertThatThrownBy(() -> service.apps()).isInstanceOf(AccessDeniedException.class);
    }

    static void signIn(String user, String role) {
        TestingAuthenticationToken authentication = new TestingAuthenticationToken(user, "n/a", "ROLE_" + role);
        authentication.setAuthenticated(true);
        SecurityContextHolder.getContext().setAuthentication(authentication);
    }
}
