package io.clickstream.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickstream.metadata.MetadataStore;
import io.clickstream.metadata.Versioned;
import io.clickstream.metadata.apps.AppRecord;
import io.clickstream.metadata.apps.AppRepository;
import io.clickstream.metadata.dynamodb.DynamoDbMetadataStore;
import io.clickstream.metadata.dynamodb.DynamoDbSettings;
import io.clickstream.metadata.dynamodb.Dynalite;
import io.clickstream.metadata.projects.ProjectRecord;
import io.clickstream.metadata.projects.ProjectRepository;
import io.clickstream.metadata.sqlite.SqliteMetadataStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone collector started with {@code --apps-from} follows the studio's metadata store while it runs: an
 * app added there is accepted within 5 s, and refused within 5 s once it or its project is disabled; on the SQLite
 * file the studio writes and on a DynamoDB table (dynalite).
 */
class AppsFromStoreTest {

    /** What the studio promises for an app change to reach ingestion. */
    static final Duration PROMISED = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void follows_apps_added_and_disabled_in_the_sqlite_file_of_the_studio() throws Exception {
        Path file = dir.resolve("metadata.db");
        try (MetadataStore studio = SqliteMetadataStore.open(file)) {
            collectorFollows(studio, "--apps-from=" + file);
        }
    }

    @Test
    void follows_apps_added_and_disabled_in_a_dynamodb_table() throws Exception {
        try (Dynalite dynalite = Dynalite.start()) {
            String table = dynalite.createTable();
            try (MetadataStore studio = DynamoDbMetadataStore.open(dynalite.client(), table)) {
                collectorFollows(studio, "--apps-from=dynamodb:" + table + "?region=" + Dynalite.REGION
                        + "&endpoint=" + dynalite.endpoint());
            }
        }
    }

    private void collectorFollows(MetadataStore studio, String appsFrom) throws Exception {
        ProjectRepository projects = new ProjectRepository(studio);
        AppRepository apps = new AppRepository(studio);
        Versioned<ProjectRecord> retail = projects.create(new ProjectRecord("retail", "Retail", "", true));
        apps.create(app("blog", true));
        IngestionSettings settings = IngestionMain.settings(IngestionMain.parse(new String[] {
            "--port=0", "--host=127.0.0.1", "--lake=" + dir.resolve("lake"), "--node=follow", appsFrom}));
        try (IngestionServer collector = IngestionServer.start(settings);
             StoreAppRegistry registry = (StoreAppRegistry) settings.apps()) {
            URI collect = URI.create("http://127.0.0.1:" + collector.port() + "/collect");
            assertThat(post(collect, "blog")).as("an app in the store at start").isEqualTo(200);
            assertThat(post(collect, "shop")).as("an app not yet in the store").isEqualTo(403);

            Versioned<AppRecord> shop = apps.create(app("shop", true));
            assertThat(untilStatus(collect, "shop", 200)).as("time until an added app is accepted")
                    .isLessThan(PROMISED);

            shop = apps.update(app("shop", false), shop.version());
            assertThat(untilStatus(collect, "shop", 403)).as("time until a disabled app is refused")
                    .isLessThan(PROMISED);

            apps.update(app("shop", true), shop.version());
            assertThat(untilStatus(collect, "shop", 200)).isLessThan(PROMISED);
            projects.update(new ProjectRecord("retail", "Retail", "", false), retail.version());
            assertThat(untilStatus(collect, "shop", 403)).as("time until the apps of a disabled project are refused")
                    .isLessThan(PROMISED);
            assertThat(post(collect, "blog")).isEqualTo(403);
        }
    }

    private static AppRecord app(String appId, boolean enabled) {
        return new AppRecord(appId, "retail", null, null, "Europe/Paris", enabled, List.of("https://shop.example"),
                List.of("Web"));
    }

    /** Posts every 100 ms until the collector answers {@code status}; returns how long that took. */
    private Duration untilStatus(URI collect, String appId, int status) throws Exception {
        long start = System.nanoTime();
        long deadline = start + PROMISED.toNanos() * 2;
        while (post(collect, appId) != status) {
            assertThat(System.nanoTime()).as("%s answered %d", appId, status).isLessThan(deadline);
            Thread.sleep(100);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private int post(URI collect, String appId) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(collect + "?appId=" + appId + "&platform=Web"))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(SdkBodies.batch(appId, "e-" + System.nanoTime(), 1)))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void apps_from_names_a_store_clearly_or_is_refused() {
        assertThatThrownBy(() -> IngestionMain.settings(IngestionMain.parse(new String[] {
            "--apps=a", "--apps-from=" + dir.resolve("metadata.db")}))).hasMessageContaining("--apps=ID[,ID...] or --apps-from");
        assertThatThrownBy(() -> IngestionMain.settings(IngestionMain.parse(new String[] {
            "--apps-from=" + dir.resolve("missing.db")}))).hasMessageContaining("there is no metadata store file");
        assertThatThrownBy(() -> IngestionMain.settings(IngestionMain.parse(new String[] {
            "--apps-from=" + dir.resolve("missing.db"), "--allowed-origins=*"})))
                .hasMessageContaining("--allowed-origins goes with --apps");
        assertThatThrownBy(() -> IngestionMain.dynamoDbSettings("dynamodb:metadata?regoin=eu-west-1"))
                .hasMessageContaining("unknown parameter 'regoin'");

        DynamoDbSettings parsed = IngestionMain.dynamoDbSettings(
                "dynamodb:clickstream-metadata?region=eu-west-1&endpoint=http%3A%2F%2F127.0.0.1%3A8000");
        assertThat(parsed).isEqualTo(new DynamoDbSettings("clickstream-metadata", "eu-west-1",
                URI.create("http://127.0.0.1:8000")));
        assertThat(IngestionMain.dynamoDbSettings("dynamodb:clickstream-metadata?region=eu-west-1").endpoint()).isNull();
    }

    @Test
    void a_dynamodb_table_that_cannot_be_reached_stops_the_start_with_the_reason() {
        assertThatThrownBy(() -> IngestionMain.settings(IngestionMain.parse(new String[] {
            "--apps-from=dynamodb:clickstream-metadata?region=eu-west-1&endpoint=http://127.0.0.1:1"})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--apps-from: cannot reach the DynamoDB table 'clickstream-metadata' in "
                        + "eu-west-1 at http://127.0.0.1:1");
    }
}
