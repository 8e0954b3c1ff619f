package io.clickstream.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every adapter of {@link MetadataStore} must do, run against each of them: the same values back, the same
 * order, the same paging and the same conflicts. A subclass opens a fresh, empty store per test.
 */
public abstract class MetadataStoreContract {

    protected MetadataStore store;

    /** A new, empty store. */
    protected abstract MetadataStore openEmptyStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = openEmptyStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void gives_back_every_value_type_as_stored() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("text", "héllo \"world\" 🙂");
        attributes.put("empty", "");
        attributes.put("whole", 9_007_199_254_740_993L);
        attributes.put("int", 42);
        attributes.put("negative", -7L);
        attributes.put("fraction", 0.1);
        attributes.put("twoPointZero", 2.0);
        attributes.put("yes", true);
        attributes.put("no", false);
        attributes.put("nothing", null);
        attributes.put("list", List.of("a", 1L, 2.5, false, List.of("nested")));
        attributes.put("map", Map.of("k", "v", "n", 3L, "inner", Map.of("deep", true)));
        attributes.put("emptyList", List.of());

        store.create(ItemKey.of("P", "a"), attributes);
        Item item = store.get(ItemKey.of("P", "a")).orElseThrow();

        assertThat(item.version()).isEqualTo(1);
        assertThat(item.attributes()).isEqualTo(Attributes.normalize(attributes));
        assertThat(item.attributes().get("int")).isInstanceOf(Long.class).isEqualTo(42L);
        assertThat(item.attributes().get("twoPointZero")).isInstanceOf(Double.class).isEqualTo(2.0);
        assertThat(item.attributes().get("whole")).isEqualTo(9_007_199_254_740_993L);
        assertThat(item.attributes()).containsEntry("nothing", null);
    }

    @Test
    void whole_valued_doubles_stay_doubles_at_any_depth() {
        Map<String, Object> attributes = Map.of(
                "list", List.of(1.0, 2L, List.of(-3.0, 0.25)),
                "map", Map.of("price", 10.0, "count", 10L, "inner", Map.of("big", 1.0e15)));

        store.create(ItemKey.of("P", "d"), attributes);
        Map<String, Object> read = store.get(ItemKey.of("P", "d")).orElseThrow().attributes();

        assertThat(read).isEqualTo(Attributes.normalize(attributes));
        assertThat(((List<?>) read.get("list")).get(0)).isInstanceOf(Double.class);
        assertThat(((List<?>) read.get("list")).get(1)).isInstanceOf(Long.class);
        assertThat(((Map<?, ?>) read.get("map")).get("price")).isInstanceOf(Double.class);
        assertThat(((Map<?, ?>) read.get("map")).get("count")).isInstanceOf(Long.class);
    }

    @Test
    void get_of_a_missing_item_is_empty() {
        assertThat(store.get(ItemKey.of("P", "missing"))).isEmpty();
    }

    @Test
    void create_refuses_an_existing_key_and_keeps_the_first() {
        store.create(ItemKey.of("APP", "shop"), Map.of("name", "first"));

        assertThatThrownBy(() -> store.create(ItemKey.of("APP", "shop"), Map.of("name", "second")))
                .isInstanceOfSatisfying(ItemConflictException.class, e -> {
                    assertThat(e.expectedVersion()).isZero();
                    assertThat(e.actualVersion()).isEqualTo(1);
                    assertThat(e.getMessage()).contains("already exists");
                });
        assertThat(store.get(ItemKey.of("APP", "shop")).orElseThrow().attributes()).containsEntry("name", "first");
    }

    @Test
    void update_at_the_read_version_replaces_attributes_and_bumps_the_version() {
        Item created = store.create(ItemKey.of("APP", "shop"), Map.of("name", "Shop", "zone", "UTC"));

        Item updated = store.update(created.key(), created.version(), Map.of("name", "Shop 2"));

        assertThat(updated.version()).isEqualTo(2);
        Item read = store.get(created.key()).orElseThrow();
        assertThat(read.version()).isEqualTo(2);
        assertThat(read.attributes()).isEqualTo(Map.of("name", "Shop 2"));
    }

    @Test
    void the_second_of_two_editors_of_the_same_version_gets_a_conflict_and_changes_nothing() {
        Item read = store.create(ItemKey.of("APP", "shop"), Map.of("name", "Shop"));
        Item byAlice = read;
        Item byBob = store.get(read.key()).orElseThrow();

        store.update(byAlice.key(), byAlice.version(), Map.of("name", "Alice's shop"));

        assertThatThrownBy(() -> store.update(byBob.key(), byBob.version(), Map.of("name", "Bob's shop")))
                .isInstanceOfSatisfying(ItemConflictException.class, e -> {
                    assertThat(e.expectedVersion()).isEqualTo(1);
                    assertThat(e.actualVersion()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("changed by someone else");
                });
        assertThat(store.get(read.key()).orElseThrow().attributes()).containsEntry("name", "Alice's shop");
    }

    @Test
    void update_of_a_deleted_item_is_a_conflict_and_does_not_recreate_it() {
        Item item = store.create(ItemKey.of("APP", "gone"), Map.of());
        store.delete(item.key(), 1);

        assertThatThrownBy(() -> store.update(item.key(), 1, Map.of("name", "back")))
                .isInstanceOfSatisfying(ItemConflictException.class, e -> assertThat(e.actualVersion()).isZero());
        assertThat(store.get(item.key())).isEmpty();
    }

    @Test
    void delete_needs_the_current_version() {
        Item item = store.create(ItemKey.of("APP", "shop"), Map.of());
        store.update(item.key(), 1, Map.of("v", 2L));

        assertThatThrownBy(() -> store.delete(item.key(), 1)).isInstanceOf(ItemConflictException.class);
        assertThat(store.get(item.key())).isPresent();

        store.delete(item.key(), 2);
        assertThat(store.get(item.key())).isEmpty();
        assertThatThrownBy(() -> store.delete(item.key(), 2)).isInstanceOf(ItemConflictException.class);
    }

    @Test
    void query_returns_one_partition_by_prefix_in_byte_order() {
        for (String sk : List.of("EVENT#b", "EVENT#a", "EVENT#B", "PARAM#x", "EVENT#é", "EVENT#a#2", "EVENTS")) {
            store.create(ItemKey.of("META#shop", sk), Map.of("sk", sk));
        }
        store.create(ItemKey.of("META#other", "EVENT#a"), Map.of());

        List<String> keys = store.query("META#shop", "EVENT#", null, 100).items().stream()
                .map(i -> i.key().sk()).toList();

        // UTF-8 byte order: upper case before lower case, 'é' (0xC3 0xA9) after every ASCII letter.
        assertThat(keys).containsExactly("EVENT#B", "EVENT#a", "EVENT#a#2", "EVENT#b", "EVENT#é");
        assertThat(store.query("META#shop", "", null, 100).items()).hasSize(7);
        assertThat(store.query("META#none", "", null, 100).items()).isEmpty();
    }

    @Test
    void a_prefix_with_sql_wildcards_matches_literally() {
        store.create(ItemKey.of("P", "a%b"), Map.of());
        store.create(ItemKey.of("P", "a_b"), Map.of());
        store.create(ItemKey.of("P", "axb"), Map.of());

        assertThat(store.query("P", "a%", null, 10).items()).extracting(i -> i.key().sk()).containsExactly("a%b");
        assertThat(store.query("P", "a_", null, 10).items()).extracting(i -> i.key().sk()).containsExactly("a_b");
    }

    @Test
    void pages_through_a_large_partition_without_loss_or_repeats() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 2_345; i++) {
            String sk = String.format("PARAM#%05d", i);
            expected.add(sk);
            store.create(ItemKey.of("META#big", sk), Map.of("i", (long) i));
        }

        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            ItemPage page = store.query("META#big", "PARAM#", after, 500);
            assertThat(page.items().size()).isLessThanOrEqualTo(500);
            page.items().forEach(i -> seen.add(i.key().sk()));
            after = page.nextAfter();
            pages++;
        } while (after != null);

        assertThat(seen).isEqualTo(expected);
        assertThat(pages).isBetween(5, 6);
        assertThat(store.queryAll("META#big", "PARAM#")).hasSize(2_345);
    }

    @Test
    void of_many_concurrent_updates_of_one_version_exactly_one_wins() throws Exception {
        Item item = store.create(ItemKey.of("APP", "race"), Map.of("winner", "none"));
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> outcomes = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            String name = "writer-" + w;
            outcomes.add(pool.submit(() -> {
                start.await();
                try {
                    store.update(item.key(), 1, Map.of("winner", name));
                    return true;
                } catch (ItemConflictException e) {
                    return false;
                }
            }));
        }
        start.countDown();
        int wins = 0;
        for (Future<Boolean> outcome : outcomes) {
            wins += outcome.get(30, TimeUnit.SECONDS) ? 1 : 0;
        }
        pool.shutdown();

        assertThat(wins).isEqualTo(1);
        assertThat(store.get(item.key()).orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void write_all_applies_each_write_on_its_own_and_reports_the_conflicts() {
        store.create(ItemKey.of("META#shop", "EVENT#taken"), Map.of("n", 1L));
        Item stale = store.create(ItemKey.of("META#shop", "EVENT#stale"), Map.of("n", 1L));
        store.update(stale.key(), 1, Map.of("n", 2L));
        store.create(ItemKey.of("META#shop", "EVENT#fresh"), Map.of("n", 1L));

        List<ItemWriteResult> results = store.writeAll(List.of(
                ItemWrite.create(ItemKey.of("META#shop", "EVENT#new"), Map.of("n", 10L)),
                ItemWrite.create(ItemKey.of("META#shop", "EVENT#taken"), Map.of("n", 20L)),
                ItemWrite.update(ItemKey.of("META#shop", "EVENT#stale"), 1, Map.of("n", 30L)),
                ItemWrite.update(ItemKey.of("META#shop", "EVENT#fresh"), 1, Map.of("n", 40L)),
                ItemWrite.update(ItemKey.of("META#shop", "EVENT#missing"), 3, Map.of("n", 50L))));

        assertThat(results).extracting(ItemWriteResult::written).containsExactly(true, false, false, true, false);
        assertThat(results.get(0).item().version()).isEqualTo(1);
        assertThat(results.get(3).item().version()).isEqualTo(2);
        assertThat(results.get(1).conflict().actualVersion()).isEqualTo(1);
        assertThat(results.get(2).conflict().actualVersion()).isEqualTo(2);
        assertThat(results.get(4).conflict().actualVersion()).isZero();
        assertThat(store.get(ItemKey.of("META#shop", "EVENT#new")).orElseThrow().attributes()).containsEntry("n", 10L);
        assertThat(store.get(ItemKey.of("META#shop", "EVENT#taken")).orElseThrow().attributes()).containsEntry("n", 1L);
        assertThat(store.get(ItemKey.of("META#shop", "EVENT#stale")).orElseThrow().attributes()).containsEntry("n", 2L);
        assertThat(store.get(ItemKey.of("META#shop", "EVENT#fresh")).orElseThrow().version()).isEqualTo(2);
        assertThat(store.get(ItemKey.of("META#shop", "EVENT#missing"))).isEmpty();
    }

    @Test
    void write_all_handles_more_items_than_a_page() {
        List<ItemWrite> writes = new ArrayList<>();
        for (int i = 0; i < 1_100; i++) {
            writes.add(ItemWrite.create(ItemKey.of("META#big", String.format("PARAM#%05d", i)), Map.of("i", (long) i)));
        }

        assertThat(store.writeAll(writes)).allMatch(ItemWriteResult::written);
        assertThat(store.queryAll("META#big", "PARAM#")).hasSize(1_100);
    }

    @Test
    void refuses_values_it_cannot_store_alike() {
        assertThatThrownBy(() -> store.create(ItemKey.of("P", "x"), Map.of("when", new java.util.Date())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unsupported type");
        assertThatThrownBy(() -> store.create(ItemKey.of("P", "x"), Map.of("nan", Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
        assertThat(store.get(ItemKey.of("P", "x"))).isEmpty();
    }
}
