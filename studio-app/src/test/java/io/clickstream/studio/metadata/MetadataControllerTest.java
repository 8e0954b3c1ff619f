package io.clickstream.studio.metadata;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickstream.studio.security.Roles;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;

/** The metadata API over HTTP: lists, edits with conflicts, scans, problem details, and the roles it admits. */
class MetadataControllerTest extends MetadataStudioTest {

    static final String BASE = "/api/v1/apps/" + APP + "/metadata";

    @Autowired
    MockMvc http;

    @Autowired
    ObjectMapper json;

    @Test
    @WithMockUser(username = "ann", roles = Roles.ANALYST)
    void lists_events_sorted_and_paged_with_counts_and_preset_names() throws Exception {
        http.perform(get(BASE + "/events").param("sort", "-events").param("limit", "2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(4))
                .andExpect(jsonPath("$.limit").value(2))
                .andExpect(jsonPath("$.items", hasSize(2)))
                .andExpect(jsonPath("$.items[0].events").value(15))
                .andExpect(jsonPath("$.items[?(@.name == '_page_view')].displayName").value("Page view"))
                .andExpect(jsonPath("$.items[0].firstSeen").value(containsString("2026-11-18T")));
    }

    @Test
    @WithMockUser(username = "ann", roles = Roles.ANALYST)
    void searches_parameters_of_one_event_with_types_and_samples() throws Exception {
        http.perform(get(BASE + "/parameters").param("event", "add_to_cart").param("search", "qt"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(1))
                .andExpect(jsonPath("$.items[0].name").value("qty"))
                .andExpect(jsonPath("$.items[0].type").value("integer"))
                .andExpect(jsonPath("$.items[0].events").value(15))
                .andExpect(jsonPath("$.items[0].samples", hasSize(5)));
        http.perform(get(BASE + "/user-attributes").param("sort", "-users"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].name").value("plan"))
                .andExpect(jsonPath("$.items[0].users").value(2));
    }

    @Test
    @WithMockUser(username = "ann", roles = Roles.ANALYST)
    void an_edit_names_the_version_it_read_and_a_stale_one_gets_409() throws Exception {
        JsonNode read = json.readTree(http.perform(get(BASE + "/parameters/purchase/coupon"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        long version = read.get("version").asLong();

        http.perform(patch(BASE + "/parameters/purchase/coupon").with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"displayName\": \"Coupon code\", \"category\": \"Checkout\", \"version\": " + version + "}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.displayName").value("Coupon code"))
                .andExpect(jsonPath("$.category").value("Checkout"))
                .andExpect(jsonPath("$.version").value(version + 1));
        http.perform(patch(BASE + "/parameters/purchase/coupon").with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"displayName\": \"Voucher\", \"version\": " + version + "}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.title").value("Changed by someone else"))
                .andExpect(jsonPath("$.status").value(409))
                .andExpect(jsonPath("$.detail").value(containsString("changed by ann")))
                .andExpect(jsonPath("$.currentVersion").value(version + 1));
        http.perform(get(BASE + "/parameters/purchase/coupon"))
                .andExpect(jsonPath("$.displayName").value("Coupon code"));
    }

    @Test
    @WithMockUser(username = "root", roles = Roles.ADMINISTRATOR)
    void bad_edits_get_problem_details_naming_the_field() throws Exception {
        http.perform(patch(BASE + "/events/purchase").with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"displayName\": \"Order\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("version"));
        http.perform(patch(BASE + "/events/purchase").with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"displayName\": \"" + "x".repeat(101) + "\", \"version\": 1}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("displayName"))
                .andExpect(jsonPath("$.errors[0].message").value(containsString("100 characters")));
        http.perform(patch(BASE + "/events/purchase").with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"version\": \"one\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.title").value("Invalid request"));
        http.perform(get(BASE + "/events").param("sort", "colour"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("sort"));
        http.perform(get(BASE + "/events").param("limit", "5000"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("limit"));
        http.perform(get(BASE + "/events/never_sent"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value(containsString("never_sent")));
    }

    @Test
    @WithMockUser(username = "root", roles = Roles.ADMINISTRATOR)
    void scans_on_demand_and_reports_what_it_read() throws Exception {
        http.perform(post(BASE + "/scan").with(csrf()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.appId").value(APP))
                .andExpect(jsonPath("$.outcome").value("UNCHANGED"))
                .andExpect(jsonPath("$.filesRead").value(0));
        http.perform(get(BASE + "/scan"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.running").value(false))
                .andExpect(jsonPath("$.lastScan.scan").value(1));
    }

    @Test
    @WithMockUser(username = "otto", roles = Roles.OPERATOR)
    void operators_are_refused() throws Exception {
        http.perform(get(BASE + "/events")).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.status").value(403));
        http.perform(patch(BASE + "/events/purchase").with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"displayName\": \"x\", \"version\": 1}")).andExpect(status().isForbidden());
        http.perform(post(BASE + "/scan").with(csrf())).andExpect(status().isForbidden());
    }

    @Test
    @WithMockUser(username = "rita", roles = Roles.READER)
    void readers_are_refused() throws Exception {
        http.perform(get(BASE + "/parameters")).andExpect(status().isForbidden());
        http.perform(get(BASE + "/user-attributes")).andExpect(status().isForbidden());
    }
}
