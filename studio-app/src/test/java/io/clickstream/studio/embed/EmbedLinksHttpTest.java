package io.clickstream.studio.embed;

import static io.clickstream.studio.fixture.StudioTestProperties.TOKENS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.router.Route;
import io.clickstream.studio.dashboard.DashboardInput;
import io.clickstream.studio.dashboard.DashboardService;
import io.clickstream.studio.embed.ui.EmbedView;
import io.clickstream.studio.explore.model.Analysis;
import io.clickstream.studio.explore.saved.SavedExplorationInput;
import io.clickstream.studio.explore.saved.SavedExplorationService;
import io.clickstream.studio.fixture.ApiClient;
import io.clickstream.studio.fixture.StudioTestProperties;
import io.clickstream.studio.security.Roles;
import io.clickstream.studio.security.ui.LoginView;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Embed links over real HTTP: administrators alone create, list and revoke them; {@code /embed/<token>} opens a good
 * token's page with its link's {@code frame-ancestors} (the studio's pages keep their own), and refuses a forged,
 * tampered, expired or revoked token and one naming another dashboard, with one sentence and nothing of the
 * dashboard; no other route, page or API, opens without a studio sign-in, not even from an embed page's session.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"clickstream.runtime=none", "clickstream.demo=false"})
class EmbedLinksHttpTest {

    static final String ADMIN = TOKENS.get(Roles.ADMINISTRATOR);
    static final String ANALYST = TOKENS.get(Roles.ANALYST);
    static final String READER = TOKENS.get(Roles.READER);
    static final String APP = "embed-web";
    static final String SECRET_NAME = "Quarterly revenue board";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @LocalServerPort
    int port;
    @Autowired
    SavedExplorationService explorations;
    @Autowired
    DashboardService dashboards;
    @Autowired
    EmbedLinkRepository links;
    @Autowired
    EmbedTokens tokens;
    ApiClient api;
    String dashboardId;
    String otherDashboardId;
    String tileId;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        StudioTestProperties.register(registry);
    }

    @BeforeEach
    void setUp() throws Exception {
        api = new ApiClient(port);
        if (api.call("GET", "/api/v1/apps/" + APP, READER, null).status() == 404) {
            if (api.call("GET", "/api/v1/projects/embeds", READER, null).status() == 404) {
                assertThat(api.call("POST", "/api/v1/projects", ADMIN, Map.of("id", "embeds")).status()).isEqualTo(201);
            }
            assertThat(api.call("POST", "/api/v1/projects/embeds/apps", ADMIN,
                    Map.of("appId", APP, "timeZone", "Europe/Paris")).status()).isEqualTo(201);
        }
        SecurityContextHolder.getContext().setAuthentication(
                new TestingAuthenticationToken("ana", null, Roles.authority(Roles.ANALYST)));
        JsonNode query = JSON.readTree("{\"timeRange\":{\"last\":7,\"unit\":\"DAY\"},\"events\":[{\"event\":\"_page_view\"}]}");
        String exploration = explorations.create(APP, new SavedExplorationInput("Views", "", Analysis.EVENT, query,
                null)).value().id();
        var dashboard = dashboards.create(APP, new DashboardInput(SECRET_NAME, "", List.of(),
                List.of(new DashboardInput.TileInput(null, exploration, 2, 1)), null)).value();
        dashboardId = dashboard.id();
        tileId = dashboard.tiles().get(0).id();
        otherDashboardId = dashboards.create(APP, new DashboardInput("Other board", "", List.of(), List.of(), null))
                .value().id();
        SecurityContextHolder.clearContext();
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    JsonNode createLink(Map<String, Object> body) {
        ApiClient.Answer created = api.call("POST", "/api/v1/dashboards/" + dashboardId + "/embeds", ADMIN, body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    static String tokenOf(JsonNode link) {
        String url = link.get("url").asText();
        return url.substring(url.indexOf("/embed/") + "/embed/".length());
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    void assertRefused(String token) throws Exception {
        HttpResponse<String> page = get("/embed/" + token);
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).isEqualTo(EmbedPageFilter.REFUSAL)
                .doesNotContain(SECRET_NAME).doesNotContain(dashboardId).doesNotContain(APP);
        assertThat(page.headers().firstValue("Set-Cookie")).as("no session for a refused token").isEmpty();
    }

    @Test
    void an_administrator_creates_lists_and_revokes_links_and_the_page_carries_their_frame_ancestors()
            throws Exception {
        JsonNode link = createLink(Map.of("expiresInHours", 24,
                "allowedOrigins", List.of("https://Portal.Example", "http://127.0.0.1:18145/"),
                "filters", List.of(Map.of("property", "platform", "operator", "=", "value", "Web"))));
        assertThat(link.get("id").asText()).isNotBlank();
        assertThat(link.get("url").asText()).startsWith("http://localhost:" + port + "/embed/");
        assertThat(link.get("allowedOrigins")).extracting(JsonNode::asText)
                .containsExactly("https://portal.example", "http://127.0.0.1:18145");
        assertThat(Duration.between(Instant.parse(link.get("createdAt").asText()),
                Instant.parse(link.get("expiresAt").asText()))).isEqualTo(Duration.ofHours(24));

        HttpResponse<String> page = get("/embed/" + tokenOf(link));
        assertThat(page.statusCode()).isEqualTo(200);
        String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy).endsWith("frame-ancestors https://portal.example http://127.0.0.1:18145")
                .doesNotContain("frame-ancestors 'self'");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(get("/login").headers().firstValue("Content-Security-Policy").orElseThrow())
                .as("the studio's own pages keep their policy").endsWith("frame-ancestors 'self'");

        ApiClient.Answer list = api.call("GET", "/api/v1/dashboards/" + dashboardId + "/embeds", ADMIN, null);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json()).extracting(n -> n.get("id").asText()).containsExactly(link.get("id").asText());
        assertThat(list.json().get(0).get("url").asText()).isEqualTo(link.get("url").asText());
        assertThat(list.json().get(0).get("filters").get(0).get("property").asText()).isEqualTo("platform");

        ApiClient.Answer revoked = api.call("DELETE", "/api/v1/embeds/" + link.get("id").asText(), ADMIN, null);
        assertThat(revoked.status()).isEqualTo(204);
        assertRefused(tokenOf(link));
        JsonNode after = api.call("GET", "/api/v1/dashboards/" + dashboardId + "/embeds", ADMIN, null).json();
        assertThat(after.get(0).get("revokedAt").isNull()).isFalse();
        assertThat(api.call("DELETE", "/api/v1/embeds/nosuchlink", ADMIN, null).status()).isEqualTo(404);
    }

    @Test
    void only_administrators_manage_links() {
        Map<String, Object> body = Map.of("allowedOrigins", List.of("https://portal.example"));
        for (String token : List.of(ANALYST, READER, TOKENS.get(Roles.OPERATOR))) {
            assertThat(api.call("POST", "/api/v1/dashboards/" + dashboardId + "/embeds", token, body).status())
                    .isEqualTo(403);
            assertThat(api.call("GET", "/api/v1/dashboards/" + dashboardId + "/embeds", token, null).status())
                    .isEqualTo(403);
        }
        String id = createLink(body).get("id").asText();
        assertThat(api.call("DELETE", "/api/v1/embeds/" + id, ANALYST, null).status()).isEqualTo(403);
        assertThat(api.call("POST", "/api/v1/dashboards/" + dashboardId + "/embeds", null, body).status())
                .isEqualTo(401);
    }

    @Test
    void refuses_bad_input_field_by_field() {
        ApiClient.Answer answer = api.call("POST", "/api/v1/dashboards/" + dashboardId + "/embeds", ADMIN,
                Map.of("expiresInHours", 0, "allowedOrigins", List.of("https://portal.example/path",
                        "https://ok.example; script-src *", "*"), "range", "forever", "tileId", "nosuchtile"));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("errors")).extracting(e -> e.get("field").asText()).containsExactlyInAnyOrder(
                "expiresInHours", "allowedOrigins[0]", "allowedOrigins[1]", "allowedOrigins[2]", "range", "tileId");
        assertThat(api.call("POST", "/api/v1/dashboards/" + dashboardId + "/embeds", ADMIN, Map.of()).json()
                .get("errors").get(0).get("field").asText()).isEqualTo("allowedOrigins");
        assertThat(api.call("POST", "/api/v1/dashboards/nosuchboard/embeds", ADMIN,
                Map.of("allowedOrigins", List.of("https://portal.example"))).status()).isEqualTo(404);
        assertThat(api.call("GET", "/api/v1/dashboards/" + dashboardId + "/embeds", ADMIN, null).json())
                .as("nothing stored by a refused request").isEmpty();
    }

    @Test
    void refuses_forged_tampered_expired_revoked_and_other_dashboard_tokens_without_data() throws Exception {
        JsonNode link = createLink(Map.of("allowedOrigins", List.of("https://portal.example"), "tileId", tileId));
        String good = tokenOf(link);
        assertThat(get("/embed/" + good).statusCode()).isEqualTo(200);
        String id = link.get("id").asText();
        Instant expires = Instant.parse(link.get("expiresAt").asText());

        // Forged: the right claims signed with another key.
        byte[] otherKey = new byte[32];
        new SecureRandom().nextBytes(otherKey);
        String payload = good.substring(0, good.indexOf('.'));
        assertRefused(payload + "." + hmac(otherKey, payload));
        assertRefused("not-a-token");
        assertRefused(payload);
        assertRefused("");

        // Tampered: the payload names the other dashboard (or drops the tile) under the original signature.
        String signature = good.substring(good.indexOf('.') + 1);
        assertRefused(encode("{\"l\":\"" + id + "\",\"d\":\"" + otherDashboardId + "\",\"t\":\"" + tileId
                + "\",\"e\":" + expires.getEpochSecond() + "}") + "." + signature);
        assertRefused(encode("{\"l\":\"" + id + "\",\"d\":\"" + dashboardId + "\",\"e\":"
                + expires.getEpochSecond() + "}") + "." + signature);
        char last = signature.charAt(signature.length() - 2);
        assertRefused(payload + "." + signature.substring(0, signature.length() - 2) + (last == 'A' ? 'B' : 'A')
                + signature.charAt(signature.length() - 1));

        // Properly signed, but for another dashboard or tile than its link, or with a later expiry.
        assertRefused(tokens.sign(new EmbedTokens.Claims(id, otherDashboardId, tileId, expires)));
        assertRefused(tokens.sign(new EmbedTokens.Claims(id, dashboardId, null, expires)));
        assertRefused(tokens.sign(new EmbedTokens.Claims(id, dashboardId, tileId, expires.plusSeconds(3600))));

        // Expired: a stored link whose time is up.
        Instant past = Instant.now().minus(Duration.ofHours(2));
        var expired = links.create(new EmbedLink(null, dashboardId, null, null, List.of(), "30d",
                List.of("https://portal.example"), "admin", past.minus(Duration.ofHours(1)), past, null));
        assertRefused(tokens.sign(new EmbedTokens.Claims(expired.value().id(), dashboardId, null, past)));

        // Revoked.
        assertThat(api.call("DELETE", "/api/v1/embeds/" + id, ADMIN, null).status()).isEqualTo(204);
        assertRefused(good);
    }

    @Test
    void every_other_route_needs_a_studio_sign_in_even_from_an_embed_pages_session() throws Exception {
        String token = tokenOf(createLink(Map.of("allowedOrigins", List.of("https://portal.example"))));
        HttpResponse<String> page = get("/embed/" + token);
        assertThat(page.statusCode()).isEqualTo(200);
        String cookie = page.headers().allValues("Set-Cookie").stream().map(c -> c.split(";", 2)[0])
                .reduce((a, b) -> a + "; " + b).orElse("");

        List<String> routes = new ArrayList<>();
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(Route.class));
        for (BeanDefinition candidate : scanner.findCandidateComponents("io.clickstream.studio")) {
            Class<?> view = Class.forName(candidate.getBeanClassName());
            if (view == EmbedView.class || view == LoginView.class) {
                continue;
            }
            routes.add("/" + view.getAnnotation(Route.class).value()
                    .replaceAll(":[A-Za-z]+\\??(\\([^)]*\\))?", dashboardId));
        }
        routes.add("/no-such-page");
        assertThat(routes).as("the studio's routes").hasSizeGreaterThan(10)
                .contains("/dashboards/" + dashboardId);
        for (String route : routes) {
            for (String[] headers : List.of(new String[0], cookie.isEmpty() ? new String[0]
                    : new String[] {"Cookie", cookie})) {
                HttpResponse<String> answer = get(route, headers);
                assertThat(answer.statusCode()).as(route).isEqualTo(302);
                assertThat(answer.headers().firstValue("Location").orElse("")).as(route).endsWith("/login");
                assertThat(answer.body()).as(route).doesNotContain(SECRET_NAME);
            }
        }
        for (String path : List.of("/api/v1/dashboards/" + dashboardId, "/api/v1/apps/" + APP + "/dashboards",
                "/api/v1/dashboards/" + dashboardId + "/embeds")) {
            assertThat(get(path).statusCode()).as(path).isEqualTo(401);
            assertThat(get(path, "Cookie", cookie.isEmpty() ? "x=y" : cookie).statusCode()).as(path).isEqualTo(401);
            HttpResponse<String> withToken = get(path, "Authorization", "Bearer " + token);
            assertThat(withToken.statusCode()).as("an embed token is no API token: " + path).isEqualTo(401);
            assertThat(withToken.body()).doesNotContain(SECRET_NAME);
        }
        assertRefused(token + "/../dashboards");
    }

    static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static String hmac(byte[] key, String payload) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII)));
    }
}
