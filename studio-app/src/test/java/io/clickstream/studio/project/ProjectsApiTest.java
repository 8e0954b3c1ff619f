package io.clickstream.studio.project;

import static io.clickstream.studio.fixture.StudioTestProperties.TOKENS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickstream.studio.fixture.ApiClient;
import io.clickstream.studio.fixture.StudioTestProperties;
import io.clickstream.studio.security.Roles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Projects and apps through the JSON API over HTTP: creation, validation, conflicts, optimistic locking, audit. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"clickstream.runtime=none", "clickstream.demo=false"})
class ProjectsApiTest {

    static final String ADMIN = TOKENS.get(Roles.ADMINISTRATOR);

    @LocalServerPort
    int port;
    ApiClient api;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        StudioTestProperties.register(registry);
    }

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
    }

    @Test
    void creates_a_project_and_an_app_and_reads_them_back() {
        ApiClient.Answer project = api.call("POST", "/api/v1/projects", ADMIN,
                Map.of("id", "shop", "name", "Shop", "description", "The web shop"));
        assertThat(project.status()).as(project.toString()).isEqualTo(201);
        assertThat(project.header("Location")).isEqualTo("/api/v1/projects/shop");
        assertThat(project.header("ETag")).isEqualTo("\"1\"");
        assertThat(project.json().get("enabled").asBoolean()).isTrue();

        ApiClient.Answer app = api.call("POST", "/api/v1/projects/shop/apps", ADMIN, Map.of("appId", "shop-web",
                "name", "Shop web", "timeZone", "Europe/Paris", "allowedOrigins", List.of("https://shop.example"),
                "platforms", List.of("Web")));
        assertThat(app.status()).as(app.toString()).isEqualTo(201);
        assertThat(app.header("Location")).isEqualTo("/api/v1/apps/shop-web");
        JsonNode created = app.json();
        assertThat(created.get("appId").asText()).isEqualTo("shop-web");
        assertThat(created.get("projectId").asText()).isEqualTo("shop");
        assertThat(created.get("timeZone").asText()).isEqualTo("Europe/Paris");
        assertThat(created.get("allowedOrigins").get(0).asText()).isEqualTo("https://shop.example");
        assertThat(created.get("platforms").get(0).asText()).isEqualTo("Web");
        assertThat(created.get("enabled").asBoolean()).isTrue();
        assertThat(created.get("version").asLong()).isEqualTo(1);

        ApiClient.Answer read = api.call("GET", "/api/v1/apps/shop-web", TOKENS.get(Roles.READER), null);
        assertThat(read.json()).isEqualTo(created);
        assertThat(read.header("ETag")).isEqualTo("\"1\"");
        assertThat(ids(api.call("GET", "/api/v1/apps", TOKENS.get(Roles.ANALYST), null).json(), "appId"))
                .contains("shop-web");
        assertThat(ids(api.call("GET", "/api/v1/projects/shop/apps", TOKENS.get(Roles.OPERATOR), null).json(),
                "appId")).containsExactly("shop-web");
    }

    @Test
    void refuses_a_duplicate_app_id_with_409_and_the_stores_message() {
        api.call("POST", "/api/v1/projects", ADMIN, Map.of("id", "dup-project"));
        assertThat(api.call("POST", "/api/v1/projects/dup-project/apps", ADMIN, Map.of("appId", "dup-app")).status())
                .isEqualTo(201);
        ApiClient.Answer again = api.call("POST", "/api/v1/projects/dup-project/apps", ADMIN,
                Map.of("appId", "dup-app", "name", "Second"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.header("Content-Type")).startsWith("application/problem+json");
        assertThat(again.json().get("detail").asText()).isEqualTo("'dup-app' already exists");
        assertThat(api.call("GET", "/api/v1/apps/dup-app", ADMIN, null).json().get("name").asText())
                .isEqualTo("dup-app");
    }

    @Test
    void refuses_invalid_input_with_a_message_per_field() {
        api.call("POST", "/api/v1/projects", ADMIN, Map.of("id", "valid-project"));
        ApiClient.Answer answer = api.call("POST", "/api/v1/projects/valid-project/apps", ADMIN, Map.of(
                "appId", "../etc", "timeZone", "Mars/Olympus", "allowedOrigins", List.of("https://ok.example/path"),
                "platforms", List.of("Fax")));
        assertThat(answer.status()).isEqualTo(400);
        JsonNode problem = answer.json();
        assertThat(problem.get("title").asText()).isEqualTo("Invalid input");
        assertThat(ids(problem.get("errors"), "field"))
                .containsExactly("appId", "timeZone", "allowedOrigins", "platforms");
        assertThat(problem.get("errors").get(1).get("message").asText()).contains("Mars/Olympus");

        ApiClient.Answer badProject = api.call("POST", "/api/v1/projects", ADMIN, Map.of("id", "has space"));
        assertThat(ids(badProject.json().get("errors"), "field")).containsExactly("id");
        ApiClient.Answer notJson = api.call("POST", "/api/v1/projects", ADMIN, "{not json");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.header("Content-Type")).startsWith("application/problem+json");
        assertThat(api.call("POST", "/api/v1/projects/no-such-project/apps", ADMIN, Map.of("appId", "orphan"))
                .status()).isEqualTo(404);
    }

    @Test
    void a_change_needs_the_version_read_and_a_stale_one_is_a_conflict() {
        api.call("POST", "/api/v1/projects", ADMIN, Map.of("id", "lock-project"));
        api.call("POST", "/api/v1/projects/lock-project/apps", ADMIN, Map.of("appId", "lock-app"));
        String etag = api.call("GET", "/api/v1/apps/lock-app", ADMIN, null).header("ETag");

        ApiClient.Answer noVersion = api.call("PATCH", "/api/v1/apps/lock-app", ADMIN, Map.of("name", "A"));
        assertThat(noVersion.status()).isEqualTo(428);
        assertThat(noVersion.json().get("detail").asText()).contains("If-Match");

        ApiClient.Answer first = api.call("PATCH", "/api/v1/apps/lock-app", ADMIN, Map.of("name", "First"),
                "If-Match", etag);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("ETag")).isEqualTo("\"2\"");
        assertThat(first.json().get("timeZone").asText()).as("fields left out keep their value").isEqualTo("UTC");

        ApiClient.Answer stale = api.call("PATCH", "/api/v1/apps/lock-app", ADMIN, Map.of("name", "Second"),
                "If-Match", etag);
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().get("detail").asText()).contains("changed by someone else");
        ApiClient.Answer byBody = api.call("PATCH", "/api/v1/apps/lock-app", ADMIN,
                Map.of("enabled", false, "version", 2));
        assertThat(byBody.status()).isEqualTo(200);
        JsonNode app = api.call("GET", "/api/v1/apps/lock-app", ADMIN, null).json();
        assertThat(app.get("name").asText()).isEqualTo("First");
        assertThat(app.get("enabled").asBoolean()).isFalse();
    }

    @Test
    void refuses_to_delete_a_project_with_apps_then_deletes_it_once_empty() {
        api.call("POST", "/api/v1/projects", ADMIN, Map.of("id", "gone-project", "name", "Gone"));
        api.call("POST", "/api/v1/projects/gone-project/apps", ADMIN, Map.of("appId", "gone-app"));

        ApiClient.Answer refused = api.call("DELETE", "/api/v1/projects/gone-project", ADMIN, null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asText()).contains("still has 1 app (gone-app)");

        assertThat(api.call("DELETE", "/api/v1/apps/gone-app", ADMIN, null, "If-Match", "\"7\"").status())
                .as("a stale If-Match on delete").isEqualTo(409);
        assertThat(api.call("DELETE", "/api/v1/apps/gone-app", ADMIN, null, "If-Match", "\"1\"").status())
                .isEqualTo(204);
        assertThat(api.call("DELETE", "/api/v1/projects/gone-project", ADMIN, null).status()).isEqualTo(204);
        assertThat(api.call("GET", "/api/v1/projects/gone-project", ADMIN, null).status()).isEqualTo(404);
    }

    @Test
    void writes_every_change_to_the_audit_log_newest_first() {
        api.call("POST", "/api/v1/projects", ADMIN, Map.of("id", "audited", "name", "Before"));
        api.call("PATCH", "/api/v1/projects/audited", ADMIN, Map.of("name", "After", "version", 1));

        JsonNode page = api.call("GET", "/api/v1/audit?limit=2", ADMIN, null).json();
        JsonNode newest = page.get("items").get(0);
        assertThat(newest.get("action").asText()).isEqualTo("project.update");
        assertThat(newest.get("actor").asText()).isEqualTo("service:administrator");
        assertThat(newest.get("targetType").asText()).isEqualTo("project");
        assertThat(newest.get("targetId").asText()).isEqualTo("audited");
        assertThat(newest.at("/before/name").asText()).isEqualTo("Before");
        assertThat(newest.at("/after/name").asText()).isEqualTo("After");
        assertThat(page.get("items").get(1).get("action").asText()).isEqualTo("project.create");

        String next = page.get("next").asText();
        JsonNode older = api.call("GET", "/api/v1/audit?limit=2&after=" + next, ADMIN, null).json();
        assertThat(older.get("items").get(0).get("at").asText())
                .isLessThanOrEqualTo(page.get("items").get(1).get("at").asText());
        assertThat(older.get("items").get(0).get("id").asText()).isNotEqualTo(newest.get("id").asText());
    }

    private static List<String> ids(JsonNode array, String field) {
        List<String> ids = new ArrayList<>();
        array.forEach(node -> ids.add(node.get(field).asText()));
        return ids;
    }
}
