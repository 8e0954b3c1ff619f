package io.clickstream.studio.api;

import static io.clickstream.studio.fixture.StudioTestProperties.TOKENS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickstream.studio.fixture.ApiClient;
import io.clickstream.studio.fixture.StudioTestProperties;
import io.clickstream.studio.security.Roles;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every API route called over HTTP with no token, an unknown token, and a token of each role: the roles the route
 * allows get past security, every other role gets a {@code 403} problem detail, and nothing changes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"clickstream.runtime=none", "clickstream.demo=false"})
class ApiRoleEnforcementTest {

    static final Set<String> EVERYONE = Set.copyOf(Roles.ALL);
    static final Set<String> ADMIN = Set.of(Roles.ADMINISTRATOR);
    static final Set<String> OPERATORS = Set.of(Roles.ADMINISTRATOR, Roles.OPERATOR);
    /** An invalid pipeline definition: an operator gets 400, so the matrix creates nothing. */
    static final Map<String, Object> BAD_PIPELINE = Map.of("name", "not a valid name", "ingestion",
            Map.of("port", 18090));
    static final Set<String> ANALYST_OR_ABOVE = Set.of(Roles.ADMINISTRATOR, Roles.ANALYST);
    /** An invalid project body: an administrator gets 400, so the matrix creates nothing. */
    static final Map<String, Object> BAD_PROJECT = Map.of("id", "not a valid id");

    record Route(String method, String path, Object body, Set<String> allowed) {
    }

    static final List<Route> ROUTES = List.of(
            new Route("GET", "/api/v1/projects", null, EVERYONE),
            new Route("POST", "/api/v1/projects", BAD_PROJECT, ADMIN),
            new Route("GET", "/api/v1/projects/matrix-project", null, EVERYONE),
            new Route("PATCH", "/api/v1/projects/matrix-project", Map.of("name", "x", "version", 99), ADMIN),
            new Route("DELETE", "/api/v1/projects/no-such-project", null, ADMIN),
            new Route("GET", "/api/v1/projects/matrix-project/apps", null, EVERYONE),
            new Route("POST", "/api/v1/projects/matrix-project/apps", Map.of("appId", "bad id"), ADMIN),
            new Route("GET", "/api/v1/apps", null, EVERYONE),
            new Route("GET", "/api/v1/apps/matrix-app", null, EVERYONE),
            new Route("PATCH", "/api/v1/apps/matrix-app", Map.of("name", "x", "version", 99), ADMIN),
            new Route("DELETE", "/api/v1/apps/no-such-app", null, ADMIN),
            new Route("GET", "/api/v1/audit", null, ADMIN),
            new Route("GET", "/api/v1/pipelines", null, OPERATORS),
            new Route("GET", "/api/v1/projects/matrix-project/pipelines", null, OPERATORS),
            new Route("POST", "/api/v1/projects/matrix-project/pipelines", BAD_PIPELINE, OPERATORS),
            new Route("GET", "/api/v1/pipelines/no-such-pipeline", null, OPERATORS),
            new Route("PUT", "/api/v1/pipelines/no-such-pipeline", BAD_PIPELINE, OPERATORS),
            new Route("DELETE", "/api/v1/pipelines/no-such-pipeline", null, OPERATORS),
            new Route("POST", "/api/v1/pipelines/no-such-pipeline/retry", null, OPERATORS),
            new Route("POST", "/api/v1/pipelines/no-such-pipeline/stop", null, OPERATORS),
            new Route("POST", "/api/v1/pipelines/no-such-pipeline/start", null, OPERATORS),
            new Route("GET", "/api/v1/pipelines/no-such-pipeline/definition", null, OPERATORS),
            new Route("GET", "/api/v1/pipelines/no-such-pipeline/metrics", null, OPERATORS),
            new Route("GET", "/api/v1/pipelines/no-such-pipeline/quarantine", null, OPERATORS),
            new Route("GET", "/api/v1/pipelines/no-such-pipeline/alarms", null, OPERATORS),
            new Route("PUT", "/api/v1/pipelines/no-such-pipeline/alarms",
                    Map.of("rules", List.of(Map.of("kind", "noData", "threshold", 5))), OPERATORS),
            new Route("GET", "/api/v1/apps/matrix-app/dashboards", null, EVERYONE),
            new Route("POST", "/api/v1/apps/matrix-app/dashboards", Map.of("name", ""), ANALYST_OR_ABOVE),
            new Route("GET", "/api/v1/dashboards/no-such-dashboard", null, EVERYONE),
            new Route("PUT", "/api/v1/dashboards/no-such-dashboard", Map.of("name", "x", "version", 1), ANALYST_OR_ABOVE),
            new Route("DELETE", "/api/v1/dashboards/no-such-dashboard", null, ANALYST_OR_ABOVE),
            new Route("POST", "/api/v1/dashboards/no-such-dashboard/embeds", Map.of("allowedOrigins", List.of()), ADMIN),
            new Route("GET", "/api/v1/dashboards/no-such-dashboard/embeds", null, ADMIN),
            new Route("DELETE", "/api/v1/embeds/no-such-link", null, ADMIN));

    @org.springframework.beans.factory.annotation.Autowired
    @org.springframework.beans.factory.annotation.Qualifier("requestMappingHandlerMapping")
    org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping handlerMapping;

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
        if (api.call("GET", "/api/v1/projects/matrix-project", TOKENS.get(Roles.READER), null).status() == 404) {
            assertThat(api.call("POST", "/api/v1/projects", TOKENS.get(Roles.ADMINISTRATOR),
                    Map.of("id", "matrix-project")).status()).isEqualTo(201);
            assertThat(api.call("POST", "/api/v1/projects/matrix-project/apps", TOKENS.get(Roles.ADMINISTRATOR),
                    Map.of("appId", "matrix-app")).status()).isEqualTo(201);
        }
    }

    @Test
    void each_route_admits_exactly_its_roles() {
        for (Route route : ROUTES) {
            for (String role : Roles.ALL) {
                ApiClient.Answer answer = api.call(route.method(), route.path(), TOKENS.get(role), route.body());
                String what = role + " " + route.method() + " " + route.path() + " -> " + answer;
                if (route.allowed().contains(role)) {
                    assertThat(answer.status()).as(what).isNotIn(401, 403).isLessThan(500);
                } else {
                    assertThat(answer.status()).as(what).isEqualTo(403);
                    assertThat(answer.header("Content-Type")).as(what).startsWith("application/problem+json");
                    assertThat(answer.json().get("detail").asText()).as(what).isEqualTo("Your role does not allow this");
                }
            }
        }
        // The refused changes changed nothing.
        JsonNode app = api.call("GET", "/api/v1/apps/matrix-app", TOKENS.get(Roles.READER), null).json();
        assertThat(app.get("name").asText()).isEqualTo("matrix-app");
        assertThat(app.get("version").asLong()).isEqualTo(1);
    }

    @Test
    void every_route_needs_a_token_and_refuses_unknown_ones_with_401_problem_details() {
        for (Route route : ROUTES) {
            for (String token : new String[] {null, "cs_nosuchid_secret", "not-a-configured-service-token-at-all"}) {
                ApiClient.Answer answer = api.call(route.method(), route.path(), token, route.body());
                String what = token + " " + route.method() + " " + route.path() + " -> " + answer;
                assertThat(answer.status()).as(what).isEqualTo(401);
                assertThat(answer.header("WWW-Authenticate")).as(what).isEqualTo("Bearer");
                assertThat(answer.header("Content-Type")).as(what).startsWith("application/problem+json");
                JsonNode problem = answer.json();
                assertThat(problem.get("status").asInt()).isEqualTo(401);
                assertThat(problem.get("title").asText()).isEqualTo("Unauthorized");
                assertThat(problem.get("detail").asText()).as(what)
                        .contains(token == null ? "Authorization: Bearer" : "unknown, revoked");
            }
        }
        assertThat(api.call("GET", "/api/v1/projects", null, null, "Authorization", "Basic YWRtaW46YWRtaW4=")
                .json().get("detail").asText()).contains("must be 'Bearer <token>'");
    }

    @Test
    void an_unknown_api_path_is_a_404_problem_not_a_page() {
        ApiClient.Answer answer = api.call("GET", "/api/v1/no-such-thing", TOKENS.get(Roles.READER), null);
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.json().get("detail").asText()).contains("/api/v1/openapi.json");
    }

    @Test
    void serves_the_openapi_document_without_a_token() {
        ApiClient.Answer answer = api.call("GET", "/api/v1/openapi.json", null, null);
        assertThat(answer.status()).isEqualTo(200);
        JsonNode document = answer.json();
        assertThat(document.get("openapi").asText()).startsWith("3.");
        assertThat(document.at("/paths").fieldNames()).toIterable().contains("/api/v1/projects",
                "/api/v1/projects/{id}", "/api/v1/projects/{projectId}/apps", "/api/v1/apps", "/api/v1/apps/{appId}",
                "/api/v1/audit", "/api/v1/projects/{projectId}/pipelines", "/api/v1/pipelines/{id}",
                "/api/v1/pipelines/{id}/retry", "/api/v1/pipelines/{id}/metrics", "/api/v1/pipelines/{id}/quarantine",
                "/api/v1/pipelines/{id}/alarms");
        // Every route the API maps is in the document, with each of its methods.
        Set<String> documented = new java.util.TreeSet<>();
        document.at("/paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> documented.add(method.toUpperCase() + " " + path.getKey())));
        Set<String> mapped = new java.util.TreeSet<>();
        handlerMapping.getHandlerMethods().keySet().forEach(info -> info.getPatternValues().stream()
                .filter(path -> path.startsWith("/api/v1/") && !path.startsWith("/api/v1/openapi.json"))
                .forEach(path -> info.getMethodsCondition().getMethods()
                        .forEach(method -> mapped.add(method.name() + " " + path))));
        assertThat(mapped).isNotEmpty();
        assertThat(documented).containsAll(mapped);
        assertThat(document.at("/components/securitySchemes/bearerToken/scheme").asText()).isEqualTo("bearer");
        assertThat(document.at("/paths/~1api~1v1~1projects/post/responses/409/content")
                .has("application/problem+json")).isTrue();
        assertThat(document.at("/components/schemas/Problem/properties").has("errors")).isTrue();
        assertThat(document.at("/components/schemas/AppInput/properties").has("allowedOrigins")).isTrue();
    }
}
