package io.clickstream.pipeline.apps;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.metadata.MetadataStore;
import io.clickstream.metadata.apps.AppRecord;
import io.clickstream.metadata.apps.AppRepository;
import io.clickstream.metadata.projects.ProjectRepository;
import io.clickstream.metadata.sqlite.SqliteMetadataStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppSetupTest {

    /** The file as AppCatalog of earlier versions wrote it. */
    static final String LEGACY_APPS_JSON = """
            [ {
              "app_id" : "blog",
              "name" : "Blog",
              "time_zone" : "UTC",
              "enabled" : false,
              "allowed_origins" : [ ]
            }, {
              "app_id" : "demo",
              "name" : "Demo Shop",
              "time_zone" : "UTC",
              "enabled" : true,
              "allowed_origins" : [ "*" ]
            }, {
              "app_id" : "shop",
              "name" : "Shop",
              "time_zone" : "Europe/Berlin",
              "enabled" : true,
              "allowed_origins" : [ "https://www.shop.example", "https://shop.example" ]
            } ]
            """;

    @TempDir
    Path dir;
    MetadataStore store;
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
    void imports_apps_json_once_into_the_demo_and_default_projects_and_retires_the_file() throws Exception {
        Path file = dir.resolve("apps.json");
        Files.writeString(file, LEGACY_APPS_JSON);

        assertThat(AppSetup.importAppsJson(file, store)).isEqualTo(3);

        assertThat(apps.find("shop").orElseThrow().value()).isEqualTo(new AppRecord("shop", "default", "Shop", "",
                "Europe/Berlin", true, List.of("https://shop.example", "https://www.shop.example"), List.of()));
        assertThat(apps.find("blog").orElseThrow().value().enabled()).isFalse();
        assertThat(apps.find("demo").orElseThrow().value().projectId()).isEqualTo("demo");
        assertThat(new ProjectRepository(store).list()).extracting(p -> p.value().id())
                .containsExactly("default", "demo");
        assertThat(file).doesNotExist();
        assertThat(dir.resolve("apps.json.imported")).hasContent(LEGACY_APPS_JSON);

        // Nothing left to import; a later change in the store is not undone by a second start.
        apps.update(new AppRecord("shop", "default", "Shop", "", "UTC", false, List.of(), List.of()),
                apps.find("shop").orElseThrow().version());
        assertThat(AppSetup.importAppsJson(file, store)).isZero();
        assertThat(apps.find("shop").orElseThrow().value().enabled()).isFalse();
    }

    @Test
    void an_app_already_in_the_store_keeps_its_settings_and_an_earlier_retired_file_is_kept_too() throws Exception {
        apps.create(new AppRecord("shop", "retail", "Shop", "", "Asia/Tokyo", true, List.of(), List.of("iOS")));
        Files.writeString(dir.resolve("apps.json.imported"), "[]");
        Path file = dir.resolve("apps.json");
        Files.writeString(file, LEGACY_APPS_JSON);

        assertThat(AppSetup.importAppsJson(file, store)).isEqualTo(2);

        assertThat(apps.find("shop").orElseThrow().value().timeZone()).isEqualTo("Asia/Tokyo");
        assertThat(apps.find("shop").orElseThrow().value().projectId()).isEqualTo("retail");
        assertThat(dir.resolve("apps.json.imported")).hasContent("[]");
        try (var retired = Files.list(dir)) {
            assertThat(retired.map(p -> p.getFileName().toString()))
                    .anyMatch(name -> name.startsWith("apps.json.imported-"));
        }
    }

    @Test
    void a_file_that_cannot_be_read_imports_nothing_and_stays_for_the_user_to_fix() throws Exception {
        Path file = dir.resolve("apps.json");
        for (String broken : List.of("[ {\"app_id\": \"shop\", ", "{\"app_id\": \"shop\"}",
                "[ {\"app_id\": \"ok\"}, {\"app_id\": \"../etc\"} ]",
                "[ {\"app_id\": \"ok\"}, {\"app_id\": \"mars\", \"time_zone\": \"Mars/Olympus\"} ]")) {
            Files.writeString(file, broken);

            assertThat(AppSetup.importAppsJson(file, store)).as(broken).isZero();

            assertThat(file).hasContent(broken);
            assertThat(apps.list()).as(broken).isEmpty();
        }
    }

    @Test
    void the_demo_app_is_registered_once_in_its_own_project() {
        assertThat(AppSetup.registerDemoApp(store)).isTrue();
        assertThat(AppSetup.registerDemoApp(store)).isFalse();

        AppRecord demo = apps.find("demo").orElseThrow().value();
        assertThat(demo.projectId()).isEqualTo("demo");
        assertThat(demo.enabled()).isTrue();
        assertThat(demo.allowedOrigins()).containsExactly("*");
        assertThat(new ProjectRepository(store).find("demo").orElseThrow().value().enabled()).isTrue();
    }
}
