package io.clickstream.studio.explore.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.clickstream.studio.explore.ExploreHarness;
import io.clickstream.studio.explore.ExploreService;
import io.clickstream.studio.explore.ShopLake;
import io.clickstream.studio.explore.exec.DuckDbExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The JSON API over a real engine (DuckDB over {@link ShopLake}): the public request and response shapes of the
 * issue, problem details naming the field, and roles (Administrator and Analyst only) enforced on the server.
 */
@WebMvcTest(ExploreController.class)
@Import({ExploreApiConfiguration.class, ExploreControllerTest.Engine.class})
class ExploreControllerTest {

    @TestConfiguration
    static class Engine {

        @Bean(destroyMethod = "close")
        DuckDbExecutor testDuckDb() throws IOException {
            return ExploreHarness.duckDb(lake());
        }

        @Bean
        ExploreService exploreService(DuckDbExecutor duckDb) throws IOException {
            return ExploreHarness.service(lake(), Map.of(ShopLake.APP, ShopLake.ZONE), ShopLake.NOW, duckDb, 50);
        }

        private static Path lake;

        static synchronized Path lake() throws IOException {
            if (lake == null) {
                lake = Files.createTempDirectory("explore-api-");
                ShopLake.writeTo(lake);
            }
            return lake;
        }
    }

    @Autowired
    MockMvc mvc;

    static final String RANGE = "{\"from\":\"2026-11-01\",\"to\":\"2026-11-30\"}";

    static MockHttpServletRequestBuilder explore(String analysis, String body) {
        return post("/api/v1/apps/shop/explore/" + analysis).with(csrf()).contentType(MediaType.APPLICATION_JSON).content(body);
    }

    @Test
    @WithMockUser(roles = "Analyst")
    void funnel_answers_in_the_public_shape() throws Exception {
        mvc.perform(explore("funnel", "{\"timeRange\":" + RANGE + ",\"steps\":[{\"event\":\"view_item\"},"
                        + "{\"event\":\"add_to_cart\",\"conditions\":[{\"property\":\"event.item\",\"operator\":\"in\","
                        + "\"values\":[\"x\",\"y\"]}]}],\"window\":{\"value\":1,\"unit\":\"DAY\"}}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.steps", hasSize(2)))
                .andExpect(jsonPath("$.steps[0].event").value("view_item"))
                .andExpect(jsonPath("$.steps[0].users").value(3))
                .andExpect(jsonPath("$.steps[0].conversionRate").value(1.0))
                .andExpect(jsonPath("$.steps[0].medianSecondsToConvert").doesNotExist())
                .andExpect(jsonPath("$.steps[1].users").value(2))
                .andExpect(jsonPath("$.sql").value(containsString("WITH ev AS")));
    }

    @Test
    @WithMockUser(roles = "Administrator")
    void retention_answers_in_the_public_shape() throws Exception {
        mvc.perform(explore("retention", "{\"timeRange\":{\"from\":\"2026-11-10\",\"to\":\"2026-11-13\"},"
                        + "\"startEvent\":{\"event\":\"view_item\"},\"returnEvent\":{\"event\":\"view_item\"},"
                        + "\"period\":\"DAY\",\"periods\":4}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.cohorts[0].start").value("2026-11-10"))
                .andExpect(jsonPath("$.cohorts[0].users").value(2))
                .andExpect(jsonPath("$.cohorts[0].retained[0]").value(2))
                .andExpect(jsonPath("$.cohorts[0].retained[2]").value(2))
                .andExpect(jsonPath("$.sql").isString());
    }

    @Test
    @WithMockUser(roles = "Analyst")
    void event_trend_answers_in_the_public_shape() throws Exception {
        mvc.perform(explore("event", "{\"timeRange\":{\"from\":\"2026-11-10\",\"to\":\"2026-11-12\"},"
                        + "\"events\":[{\"event\":\"view_item\"}],\"granularity\":\"DAY\",\"computeMethod\":\"users\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.series[0].event").value("view_item"))
                .andExpect(jsonPath("$.series[0].group").doesNotExist())
                .andExpect(jsonPath("$.series[0].points[0].date").value("2026-11-10"))
                .andExpect(jsonPath("$.series[0].points[0].value").value(2))
                .andExpect(jsonPath("$.series[0].points[2].value").value(3))
                .andExpect(jsonPath("$.sql").isString());
    }

    @Test
    @WithMockUser(roles = "Analyst")
    void path_attribution_and_lifecycle_answer() throws Exception {
        mvc.perform(explore("path", "{\"timeRange\":" + RANGE + ",\"nodeType\":\"EVENT\",\"journeyBy\":\"GAP\","
                        + "\"gapMinutes\":60,\"startNode\":\"view_item\",\"depth\":3}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.nodes[0].id").value("1:view_item"))
                .andExpect(jsonPath("$.links").isArray());
        mvc.perform(explore("attribution", "{\"timeRange\":" + RANGE + ",\"model\":\"LINEAR\",\"goal\":{\"event\":"
                        + "\"purchase\"},\"goalValueProperty\":\"event.amount\",\"window\":{\"unit\":\"SESSION\"},"
                        + "\"touchPoints\":{\"type\":\"EVENT\",\"events\":[{\"event\":\"view_item\"},{\"event\":\"add_to_cart\"}]}}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.totalConversions").value(2))
                .andExpect(jsonPath("$.totalValue").value(42.5));
        mvc.perform(explore("lifecycle", "{\"timeRange\":" + RANGE + "}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.weeks", hasSize(6)))
                .andExpect(jsonPath("$.weeks[0].week").value("2026-10-26"))
                .andExpect(jsonPath("$.stickiness", hasSize(30)));
    }

    @Test
    @WithMockUser(roles = "Analyst")
    void invalid_queries_get_problem_details_naming_each_field() throws Exception {
        mvc.perform(explore("funnel", "{\"timeRange\":{\"from\":\"2026-11-30\",\"to\":\"2026-11-01\"},\"steps\":"
                        + "[{\"event\":\"view_item\"},{\"event\":\"unknown_event\"}],\"window\":{\"value\":-1,\"unit\":\"DAY\"}}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.errors[?(@.field == 'timeRange')].message", hasItem(containsString("empty"))))
                .andExpect(jsonPath("$.errors[?(@.field == 'steps[1].event')].message",
                        hasItem("unknown event 'unknown_event'")))
                .andExpect(jsonPath("$.errors[?(@.field == 'window.value')]").exists());
        String elevenSteps = "{\"event\":\"view_item\"},".repeat(10) + "{\"event\":\"view_item\"}";
        mvc.perform(explore("funnel", "{\"timeRange\":" + RANGE + ",\"steps\":[" + elevenSteps + "],\"window\":{\"unit\":\"SESSION\"}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("steps"))
                .andExpect(jsonPath("$.errors[0].message").value(containsString("too many steps")));
        mvc.perform(explore("funnel", "{\"timeRange\":" + RANGE + ",\"steps\":[{\"event\":\"view_item\"},"
                        + "{\"event\":\"purchase\"}],\"window\":{\"value\":1,\"unit\":\"FORTNIGHT\"}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("window.unit"));
        mvc.perform(explore("event", "{\"timeRange\":" + RANGE + ",\"events\":[{\"event\":\"view_item\",\"conditions\":"
                        + "[{\"property\":\"event.item\",\"operator\":\"~=\",\"value\":\"x\"}]}]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("events[0].conditions[0].operator"));
        mvc.perform(explore("event", "not json")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("body"));
        mvc.perform(post("/api/v1/apps/nope/explore/lifecycle").with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"timeRange\":" + RANGE + "}")).andExpect(status().isNotFound());
    }

    @Test
    @WithMockUser(roles = {"Reader", "Operator"})
    void readers_and_operators_may_not_explore() throws Exception {
        mvc.perform(explore("lifecycle", "{\"timeRange\":" + RANGE + "}")).andExpect(status().isForbidden());
    }

    @Test
    void anonymous_callers_are_turned_away() throws Exception {
        mvc.perform(explore("lifecycle", "{\"timeRange\":" + RANGE + "}")).andExpect(status().isUnauthorized());
    }

    @Test
    @WithMockUser(username = "alice", roles = "Analyst")
    void cancelling_a_query_that_is_not_running_is_not_found() throws Exception {
        mvc.perform(delete("/api/v1/apps/shop/explore/queries/q-1").with(csrf())).andExpect(status().isNotFound());
    }
}
