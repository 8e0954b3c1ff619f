package io.clickstream.studio.explore.api;

import static io.clickstream.studio.fixture.StudioTestProperties.TOKENS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickstream.studio.base.ClickstreamProperties;
import io.clickstream.studio.explore.ShopLake;
import io.clickstream.studio.fixture.ApiClient;
import io.clickstream.studio.fixture.StudioTestProperties;
import io.clickstream.studio.security.Roles;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The exploration API over HTTP with bearer tokens, on the whole studio (the shared API chain and problem details)
 * and a real engine (DuckDB over {@link ShopLake} in the studio's lake, the app {@code shop} in its store): the
 * public request and response shapes, problem details naming each field, roles.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"clickstream.runtime=none", "clickstream.demo=false"})
class ExploreControllerTest {

    static final String RANGE = "{\"from\":\"2026-11-01\",\"to\":\"2026-11-30\"}";
    static final String ANALYST = TOKENS.get(Roles.ANALYST);

    @LocalServerPort
    int port;
    @Autowired
    ClickstreamProperties clickstream;
    ApiClient api;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        StudioTestProperties.register(registry);
    }

    @BeforeEach
    void appAndLake() throws Exception {
        api = new ApiClient(port);
        String admin = TOKENS.get(Roles.ADMINISTRATOR);
        if (api.call("GET", "/api/v1/apps/shop", admin, null).status() == 404) {
            if (api.call("GET", "/api/v1/projects/explore-project", admin, null).status() == 404) {
                assertThat(api.call("POST", "/api/v1/projects", admin, Map.of("id", "explore-project")).status())
                        .isEqualTo(201);
            }
            assertThat(api.call("POST", "/api/v1/projects/explore-project/apps", admin,
                    Map.of("appId", "shop", "timeZone", "Europe/Paris")).status()).isEqualTo(201);
        }
        if (!Files.exists(clickstream.lakeDir().resolve("modeled/event/app_id=shop"))) {
            ShopLake.writeTo(clickstream.lakeDir());
        }
    }

    private JsonNode explore(String analysis, String token, String body, int status) throws Exception {
        ApiClient.Answer answer = api.call("POST", "/api/v1/apps/shop/explore/" + analysis, token,
                ApiClient.JSON.readTree(body));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        if (status >= 400) {
            assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        }
        return answer.json();
    }

    @Test
    void funnel_answers_in_the_public_shape() throws Exception {
        JsonNode funnel = explore("funnel", ANALYST, "{\"timeRange\":" + RANGE + ",\"steps\":[{\"event\":\"view_item\"},"
                + "{\"event\":\"add_to_cart\",\"conditions\":[{\"property\":\"event.item\",\"operator\":\"in\","
                + "\"values\":[\"x\",\"y\"]}]}],\"window\":{\"value\":1,\"unit\":\"DAY\"}}", 200);
        assertThat(funnel.get("steps")).hasSize(2);
        JsonNode first = funnel.get("steps").get(0);
        assertThat(first.get("event").asText()).isEqualTo("view_item");
        assertThat(first.get("users").asLong()).isEqualTo(3);
        assertThat(first.get("conversionRate").asDouble()).isEqualTo(1.0);
        assertThat(first.get("medianSecondsToConvert").isNull()).isTrue();
        assertThat(funnel.get("steps").get(1).get("users").asLong()).isEqualTo(2);
        assertThat(funnel.get("sql").asText()).startsWith("WITH ev AS").contains("-- parameters:");
    }

    @Test
    void retention_answers_in_the_public_shape() throws Exception {
        JsonNode retention = explore("retention", TOKENS.get(Roles.ADMINISTRATOR), "{\"timeRange\":{\"from\":"
                + "\"2026-11-10\",\"to\":\"2026-11-13\"},\"startEvent\":{\"event\":\"view_item\"},\"returnEvent\":"
                + "{\"event\":\"view_item\"},\"period\":\"DAY\",\"periods\":4}", 200);
        JsonNode cohort = retention.get("cohorts").get(0);
        assertThat(cohort.get("start").asText()).isEqualTo("2026-11-10");
        assertThat(cohort.get("users").asLong()).isEqualTo(2);
        assertThat(cohort.get("retained").toString()).isEqualTo("[2,0,2,0,null]");
        assertThat(retention.get("sql").isTextual()).isTrue();
    }

    @Test
    void event_trend_answers_in_the_public_shape() throws Exception {
        JsonNode trend = explore("event", ANALYST, "{\"timeRange\":{\"from\":\"2026-11-10\",\"to\":\"2026-11-12\"},"
                + "\"events\":[{\"event\":\"view_item\"}],\"granularity\":\"DAY\",\"computeMethod\":\"users\"}", 200);
        JsonNode series = trend.get("series").get(0);
        assertThat(series.get("event").asText()).isEqualTo("view_item");
        assertThat(series.get("group").isNull()).isTrue();
        assertThat(series.get("points").toString()).isEqualTo("[{\"date\":\"2026-11-10\",\"value\":2},"
                + "{\"date\":\"2026-11-11\",\"value\":0},{\"date\":\"2026-11-12\",\"value\":3}]");
    }

    @Test
    void path_attribution_and_lifecycle_answer() throws Exception {
        JsonNode path = explore("path", ANALYST, "{\"timeRange\":" + RANGE + ",\"nodeType\":\"EVENT\",\"journeyBy\":"
                + "\"GAP\",\"gapMinutes\":60,\"startNode\":\"view_item\",\"depth\":3}", 200);
        assertThat(path.get("nodes").get(0).get("id").asText()).isEqualTo("1:view_item");
        JsonNode attribution = explore("attribution", ANALYST, "{\"timeRange\":" + RANGE + ",\"model\":\"LINEAR\","
                + "\"goal\":{\"event\":\"purchase\"},\"goalValueProperty\":\"event.amount\",\"window\":{\"unit\":"
                + "\"SESSION\"},\"touchPoints\":{\"type\":\"EVENT\",\"events\":[{\"event\":\"view_item\"},"
                + "{\"event\":\"add_to_cart\"}]}}", 200);
        assertThat(attribution.get("totalConversions").asLong()).isEqualTo(2);
        assertThat(attribution.get("totalValue").asDouble()).isEqualTo(42.5);
        JsonNode lifecycle = explore("lifecycle", ANALYST, "{\"timeRange\":" + RANGE + "}", 200);
        assertThat(lifecycle.get("weeks")).hasSize(6);
        assertThat(lifecycle.get("weeks").get(0).get("week").asText()).isEqualTo("2026-10-26");
        assertThat(lifecycle.get("stickiness")).hasSize(30);
    }

    @Test
    void invalid_queries_get_problem_details_naming_each_field() throws Exception {
        JsonNode problem = explore("funnel", ANALYST, "{\"timeRange\":{\"from\":\"2026-11-30\",\"to\":\"2026-11-01\"},"
                + "\"steps\":[{\"event\":\"view_item\"},{\"event\":\"unknown_event\"}],\"window\":{\"value\":-1,\"unit\":\"DAY\"}}", 400);
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(fields(problem)).containsExactlyInAnyOrder("timeRange", "steps[1].event", "window.value");
        assertThat(problem.get("errors").toString()).contains("the range is empty").contains("unknown event 'unknown_event'");
        String elevenSteps = "{\"event\":\"view_item\"},".repeat(10) + "{\"event\":\"view_item\"}";
        problem = explore("funnel", ANALYST, "{\"timeRange\":" + RANGE + ",\"steps\":[" + elevenSteps
                + "],\"window\":{\"unit\":\"SESSION\"}}", 400);
        assertThat(fields(problem)).containsExactly("steps");
        assertThat(problem.get("errors").get(0).get("message").asText()).contains("too many steps");
        problem = explore("funnel", ANALYST, "{\"timeRange\":" + RANGE + ",\"steps\":[{\"event\":\"view_item\"},"
                + "{\"event\":\"purchase\"}],\"window\":{\"value\":1,\"unit\":\"FORTNIGHT\"}}", 400);
        assertThat(fields(problem)).containsExactly("window.unit");
        problem = explore("event", ANALYST, "{\"timeRange\":" + RANGE + ",\"events\":[{\"event\":\"view_item\","
                + "\"conditions\":[{\"property\":\"event.item\",\"operator\":\"~=\",\"value\":\"x\"}]}]}", 400);
        assertThat(fields(problem)).containsExactly("events[0].conditions[0].operator");
        problem = explore("event", ANALYST, "{\"timeRange\":{\"last\":0,\"unit\":\"DAY\"},\"events\":[]}", 400);
        assertThat(fields(problem)).containsExactlyInAnyOrder("timeRange.last", "events");
        ApiClient.Answer unknownApp = api.call("POST", "/api/v1/apps/nope/explore/lifecycle", ANALYST,
                ApiClient.JSON.readTree("{\"timeRange\":" + RANGE + "}"));
        assertThat(unknownApp.status()).isEqualTo(404);
    }

    @Test
    void only_administrators_and_analysts_may_explore() throws Exception {
        for (String role : List.of(Roles.READER, Roles.OPERATOR)) {
            JsonNode problem = explore("lifecycle", TOKENS.get(role), "{\"timeRange\":" + RANGE + "}", 403);
            assertThat(problem.get("detail").asText()).isEqualTo("Your role does not allow this");
        }
        explore("lifecycle", null, "{\"timeRange\":" + RANGE + "}", 401);
        assertThat(api.call("DELETE", "/api/v1/apps/shop/explore/queries/q-1", TOKENS.get(Roles.READER), null).status())
                .isEqualTo(403);
    }

    @Test
    void cancelling_a_query_that_is_not_running_is_not_found() {
        assertThat(api.call("DELETE", "/api/v1/apps/shop/explore/queries/q-1", ANALYST, null).status()).isEqualTo(404);
    }

    @Test
    void the_openapi_document_describes_the_endpoints() throws Exception {
        JsonNode paths = api.call("GET", "/api/v1/openapi.json", null, null).json().get("paths");
        for (String analysis : List.of("event", "funnel", "path", "retention", "attribution", "lifecycle")) {
            assertThat(paths.has("/api/v1/apps/{appId}/explore/" + analysis)).as(analysis).isTrue();
        }
        assertThat(paths.has("/api/v1/apps/{appId}/explore/queries/{queryId}")).isTrue();
    }

    private static List<String> fields(JsonNode problem) {
        List<String> fields = new ArrayList<>();
        problem.get("errors").forEach(error -> fields.add(error.get("field").asText()));
        return fields;
    }
}
