package io.clickstream.pipeline.apps;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppCatalogTest {

    @Test
    void saved_apps_survive_a_reopen(@TempDir Path dir) {
        Path file = dir.resolve("apps.json");
        AppCatalog catalog = AppCatalog.open(file);
        catalog.save(new AppDefinition("shop", "Shop", ZoneId.of("Europe/Berlin"), true, Set.of("https://shop.example")));
        catalog.save(new AppDefinition("blog", "Blog", ZoneId.of("UTC"), false, Set.of()));

        AppCatalog reopened = AppCatalog.open(file);
        assertThat(reopened.list()).extracting(AppDefinition::appId).containsExactly("blog", "shop");
        assertThat(reopened.find("shop")).get()
                .satisfies(a -> assertThat(a.timeZone()).isEqualTo(ZoneId.of("Europe/Berlin")))
                .satisfies(a -> assertThat(a.allowedOrigins()).containsExactly("https://shop.example"));
        assertThat(reopened.find("blog")).get().satisfies(a -> assertThat(a.enabled()).isFalse());
    }

    @Test
    void a_hand_edited_file_takes_effect_within_seconds_without_a_restart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("apps.json");
        AppCatalog catalog = AppCatalog.open(file);
        catalog.save(new AppDefinition("demo", "Demo", ZoneId.of("UTC"), true, Set.of("*")));
        assertThat(catalog.find("mine")).isEmpty();

        write(file, """
                [ {"app_id": "demo", "name": "Demo", "enabled": false},
                  {"app_id": "mine", "name": "Mine", "time_zone": "Asia/Tokyo", "allowed_origins": ["*"]} ]
                """);
        assertThat(eventually(() -> catalog.find("mine"))).isPresent();
        assertThat(catalog.find("mine").get().timeZone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
        assertThat(catalog.find("demo").get().enabled()).isFalse();

        // A broken edit is reported and leaves the apps in force; fixing the file applies it.
        write(file, "[ {\"app_id\": \"mine\", ");
        Thread.sleep(1_200);
        assertThat(catalog.find("mine")).isPresent();
        write(file, "[ {\"app_id\": \"other\"} ]");
        assertThat(eventually(() -> catalog.find("other"))).isPresent();
        assertThat(catalog.find("mine")).isEmpty();

        // Changes made through the catalog keep what was edited by hand.
        catalog.save(new AppDefinition("third", "Third", ZoneId.of("UTC"), true, Set.of()));
        assertThat(AppCatalog.open(file).list()).extracting(AppDefinition::appId).containsExactly("other", "third");
    }

    private static int writes;

    /** Writes the file with a modification time that differs from the previous write's. */
    private static void write(Path file, String text) throws Exception {
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(++writes)));
    }

    private static Optional<AppDefinition> eventually(Supplier<Optional<AppDefinition>> lookup) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        Optional<AppDefinition> found = lookup.get();
        while (found.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            found = lookup.get();
        }
        return found;
    }
}
