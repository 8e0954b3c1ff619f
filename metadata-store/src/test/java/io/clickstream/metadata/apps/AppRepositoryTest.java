package io.clickstream.metadata.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickstream.metadata.ItemConflictException;
import io.clickstream.metadata.Versioned;
import io.clickstream.metadata.sqlite.SqliteMetadataStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppRepositoryTest {

    @TempDir
    Path dir;
    SqliteMetadataStore store;
    AppRepository apps;

    @BeforeEach
    void open() {
        store = SqliteMetadataStore.open(dir.resolve("metadata.db"));
        apps = new AppRepository(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void stores_and_lists_apps_in_id_order_with_every_field() {
        AppRecord shop = new AppRecord("shop", "retail", "Shop", "the web shop", "Europe/Paris", true,
                List.of("https://shop.example"), List.of("Web"));
        apps.create(shop);
        apps.create(new AppRecord("app-2", "retail", "", null, null, false, null, null));

        List<Versioned<AppRecord>> listed = apps.list();

        assertThat(listed).extracting(v -> v.value().appId()).containsExactly("app-2", "shop");
        assertThat(listed.get(1).value()).isEqualTo(shop);
        assertThat(listed.get(0).value().name()).isEqualTo("app-2");
        assertThat(listed.get(0).value().timeZone()).isEqualTo("UTC");
        assertThat(listed.get(0).value().enabled()).isFalse();
    }

    @Test
    void a_duplicate_id_and_a_stale_edit_are_conflicts() {
        AppRecord shop = new AppRecord("shop", "p", "Shop", "", "UTC", true, List.of(), List.of());
        Versioned<AppRecord> created = apps.create(shop);

        assertThatThrownBy(() -> apps.create(shop)).isInstanceOf(ItemConflictException.class);
        apps.update(new AppRecord("shop", "p", "Shop A", "", "UTC", true, List.of(), List.of()), created.version());
        assertThatThrownBy(() -> apps.update(shop, created.version())).isInstanceOf(ItemConflictException.class);
        assertThat(apps.find("shop").orElseThrow().value().name()).isEqualTo("Shop A");
    }

    @Test
    void refuses_ids_that_are_not_safe_path_segments_and_unknown_zones() {
        for (String bad : List.of("", ".", "a/b", "a b", "x".repeat(129), "..")) {
            assertThatThrownBy(() -> new AppRecord(bad, "p", null, null, null, true, null, null))
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("app id");
        }
        assertThatThrownBy(() -> new AppRecord("ok", "p", null, null, "Mars/Olympus", true, null, null))
                .hasMessageContaining("unknown time zone");
        assertThat(apps.find("../etc")).isEmpty();
    }
}
