package io.clickstream.studio.dashboard;

import static io.clickstream.studio.fixture.StudioTestProperties.TOKENS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickstream.studio.explore.model.Analysis;
import io.clickstream.studio.explore.saved.SavedExplorationInput;
import io.clickstream.studio.explore.saved.SavedExplorationService;
import io.clickstream.studio.fixture.ApiClient;
import io.clickstream.studio.fixture.StudioTestProperties;
import io.clickstream.studio.security.Roles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Custom dashboards through the JSON API over HTTP: the whole life of one (create, list, read, replace with
 * optimistic locking, delete, audit), roles, and refusals naming each field.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"clickstream.runtime=none", "clickstream.demo=false"})
class DashboardsApiTest {

    static final String ADMIN = TOKENS.get(Roles.ADMINISTRATOR);
    static final String ANALYST = TOKENS.get(Roles.ANALYST);
    static final String READER = TOKENS.get(Roles.READER);
    static final String OPERATOR = TOKENS.get(Roles.OPERATOR);
    static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;
    @Autowired
    SavedExplorationService explorations;
    ApiClient api;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        StudioTestProperties.register(registry);
    }

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
        for (String app : List.of("dash-web", "dash-other")) {
            if (api.call("GET", "/api/v1/apps/" + app, READER, null).status() == 404) {
                if (api.call("GET", "/api/v1/projects/dash", READER, null).status() == 404) {
                    assertThat(api.call("POST", "/api/v1/projects", ADMIN, Map.of("id", "dash")).status()).isEqualTo(201);
                }
                assertThat(api.call("POST", "/api/v1/projects/dash/apps", ADMIN,
                        Map.of("appId", app, "timeZone", "Europe/Paris")).status()).isEqualTo(201);
            }
        }
        SecurityContextHolder.getContext().setAuthentication(
                new TestingAuthenticationToken("ana", null, Roles.authority(Roles.ANALYST)));
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    String saveExploration(String app, String name) throws Exception {
        JsonNode query = JSON.readTree("{\"timeRange\":{\"last\":7,\"unit\":\"DAY\"},\"events\":[{\"event\":\"_page_view\"}]}");
        return explorations.create(app, new SavedExplorationInput(name, "", Analysis.EVENT, query, null)).value().id();
    }

    @Test
    void an_analyst_creates_reads_replaces_and_deletes_a_dashboard_with_versions_and_audit() throws Exception {
        String views = saveExploration("dash-web", "Page views");
        String other = saveExploration("dash-web", "More views");

        ApiClient.Answer created = api.call("POST", "/api/v1/apps/dash-web/dashboards", ANALYST, Map.of(
                "name", "Marketing", "description", "Weekly look",
                "tiles", List.of(Map.of("explorationId", views, "width", 3), Map.of("explorationId", other)),
                "filters", List.of(Map.of("property", "platform", "operator", "=", "value", "Web"))));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(created.header("Location")).isEqualTo("/api/v1/dashboards/" + id);
        assertThat(created.header("ETag")).isEqualTo("\"1\"");
        JsonNode tiles = created.json().get("tiles");
        assertThat(tiles).hasSize(2);
        assertThat(tiles.get(0).get("id").asText()).isNotBlank();
        assertThat(tiles.get(0).get("width").asInt()).isEqualTo(3);
        assertThat(tiles.get(1).get("width").asInt()).isEqualTo(Tile.DEFAULT_WIDTH);
        assertThat(tiles.get(1).get("height").asInt()).isEqualTo(Tile.DEFAULT_HEIGHT);
        assertThat(created.json().at("/filters/0/property").asText()).isEqualTo("platform");
        assertThat(created.json().get("owner").asText()).isEqualTo("service:analyst");

        ApiClient.Answer listed = api.call("GET", "/api/v1/apps/dash-web/dashboards", READER, null);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(names(listed.json())).contains("Marketing");
        assertThat(names(api.call("GET", "/api/v1/apps/dash-other/dashboards", READER, null).json()))
                .doesNotContain("Marketing");
        ApiClient.Answer read = api.call("GET", "/api/v1/dashboards/" + id, READER, null);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("ETag")).isEqualTo("\"1\"");

        // Swap the tiles and drop the filter: a replace names the version it read.
        Map<String, Object> swapped = Map.of("name", "Marketing", "tiles", List.of(
                Map.of("id", tiles.get(1).get("id").asText(), "explorationId", other, "width", 4, "height", 2),
                Map.of("id", tiles.get(0).get("id").asText(), "explorationId", views, "width", 3)));
        assertThat(api.call("PUT", "/api/v1/dashboards/" + id, ANALYST, swapped).status()).isEqualTo(428);
        ApiClient.Answer replaced = api.call("PUT", "/api/v1/dashboards/" + id, ANALYST, swapped, "If-Match", "\"1\"");
        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        assertThat(replaced.header("ETag")).isEqualTo("\"2\"");
        assertThat(replaced.json().at("/tiles/0/id").asText()).isEqualTo(tiles.get(1).get("id").asText());
        assertThat(replaced.json().at("/tiles/0/height").asInt()).isEqualTo(2);
        assertThat(replaced.json().get("filters")).isEmpty();
        ApiClient.Answer stale = api.call("PUT", "/api/v1/dashboards/" + id, ANALYST, swapped, "If-Match", "\"1\"");
        assertThat(stale.status()).as(stale.toString()).isEqualTo(409);
        assertThat(stale.header("Content-Type")).startsWith("application/problem+json");

        assertThat(api.call("DELETE", "/api/v1/dashboards/" + id, ANALYST, null, "If-Match", "\"1\"").status())
                .isEqualTo(409);
        assertThat(api.call("DELETE", "/api/v1/dashboards/" + id, ANALYST, null, "If-Match", "\"2\"").status())
                .isEqualTo(204);
        assertThat(api.call("GET", "/api/v1/dashboards/" + id, READER, null).status()).isEqualTo(404);

        JsonNode audit = api.call("GET", "/api/v1/audit?limit=50", ADMIN, null).json();
        List<String> actions = new ArrayList<>();
        audit.get("items").forEach(entry -> {
            if (entry.get("targetId").asText().equals(id)) {
                actions.add(entry.get("action").asText());
            }
        });
        assertThat(actions).containsExactly("dashboard.delete", "dashboard.update", "dashboard.create");
    }

    @Test
    void readers_and_operators_read_dashboards_but_cannot_change_them() throws Exception {
        String views = saveExploration("dash-web", "Views for readers");
        ApiClient.Answer created = api.call("POST", "/api/v1/apps/dash-web/dashboards", ADMIN,
                Map.of("name", "Shared", "tiles", List.of(Map.of("explorationId", views))));
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asText();
        for (String token : List.of(READER, OPERATOR)) {
            assertThat(api.call("GET", "/api/v1/dashboards/" + id, token, null).status()).isEqualTo(200);
            assertThat(api.call("POST", "/api/v1/apps/dash-web/dashboards", token, Map.of("name", "Mine")).status())
                    .isEqualTo(403);
            assertThat(api.call("PUT", "/api/v1/dashboards/" + id, token, Map.of("name", "Renamed", "version", 1))
                    .status()).isEqualTo(403);
            assertThat(api.call("DELETE", "/api/v1/dashboards/" + id, token, null).status()).isEqualTo(403);
        }
        assertThat(api.call("GET", "/api/v1/dashboards/" + id, null, null).status()).isEqualTo(401);
        JsonNode after = api.call("GET", "/api/v1/dashboards/" + id, READER, null).json();
        assertThat(after.get("name").asText()).isEqualTo("Shared");
        assertThat(after.get("version").asLong()).isEqualTo(1);
    }

    @Test
    void refuses_a_dashboard_with_problems_naming_each_field() throws Exception {
        String elsewhere = saveExploration("dash-other", "Of another app");
        ApiClient.Answer refused = api.call("POST", "/api/v1/apps/dash-web/dashboards", ANALYST, Map.of(
                "name", " ",
                "tiles", List.of(Map.of("explorationId", "no-such-exploration", "width", 9),
                        Map.of("explorationId", elsewhere, "height", 0)),
                "filters", List.of(Map.of("property", "", "operator", "in"))));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        List<String> fields = new ArrayList<>();
        refused.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        assertThat(fields).containsExactlyInAnyOrder("name", "tiles[0].explorationId", "tiles[0].width",
                "tiles[1].explorationId", "tiles[1].height", "filters[0].property", "filters[0].values");
        assertThat(api.call("GET", "/api/v1/apps/no-such-app/dashboards", READER, null).status()).isEqualTo(404);
        assertThat(api.call("POST", "/api/v1/apps/no-such-app/dashboards", ANALYST, Map.of("name", "x")).status())
                .isEqualTo(404);
        assertThat(api.call("POST", "/api/v1/apps/dash-web/dashboards", ANALYST, "{not json").status())
                .isEqualTo(400);
    }

    @Test
    void the_openapi_document_describes_the_dashboard_routes() {
        JsonNode paths = api.call("GET", "/api/v1/openapi.json", null, null).json().get("paths");
        assertThat(paths.get("/api/v1/apps/{appId}/dashboards").has("get")).isTrue();
        assertThat(paths.get("/api/v1/apps/{appId}/dashboards").has("post")).isTrue();
        JsonNode one = paths.get("/api/v1/dashboards/{id}");
        assertThat(one.has("get") && one.has("put") && one.has("delete")).isTrue();
    }

    private static List<String> names(JsonNode dashboards) {
        List<String> names = new ArrayList<>();
        dashboards.forEach(d -> names.add(d.get("name").asText()));
        return names;
    }
}
