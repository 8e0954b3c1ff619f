package io.clickstream.studio.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import io.clickstream.studio.fixture.BrowserSession;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * OIDC sign-in end to end against mock-oauth2-server: the studio redirects to the provider, the provider redirects
 * back with a code, the studio exchanges it, maps the {@code groups} claim to studio roles (a user without a
 * studio group is refused), and signing out ends the provider's session too (RP-initiated logout). Every hop is a
 * real HTTP request with the browser's cookies.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"clickstream.runtime=none", "clickstream.demo=false",
                "clickstream.security.oidc.client-id=studio", "clickstream.security.oidc.client-secret=studio-secret",
                "clickstream.security.oidc.role-mapping[studio-analysts]=Analyst"})
class OidcSignInTest {

    static final MockOAuth2Server PROVIDER = new MockOAuth2Server();

    static {
        PROVIDER.start();
    }

    @LocalServerPort
    int port;
    BrowserSession browser;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        registry.add("clickstream.security.oidc.issuer", () -> PROVIDER.issuerUrl("default").toString());
        registry.add("clickstream.data-dir", () -> tempDir());
    }

    static String tempDir() {
        try {
            return java.nio.file.Files.createTempDirectory("studio-oidc-").toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopProvider() {
        PROVIDER.shutdown();
    }

    @BeforeEach
    void newBrowser() {
        browser = new BrowserSession(port);
    }

    @Test
    void signs_in_through_the_provider_with_roles_from_the_groups_claim_and_signs_out() throws Exception {
        PROVIDER.enqueueCallback(new DefaultOAuth2TokenCallback("default", "ana-subject", "JWT", List.of("studio"),
                Map.of("preferred_username", "ana", "groups", List.of("studio-analysts", "unrelated"))));

        HttpResponse<String> login = get("/login");
        assertThat(login.statusCode()).isEqualTo(200);

        // 1. The studio sends the browser to the provider's authorize endpoint.
        HttpResponse<String> start = get("/oauth2/authorization/oidc");
        assertThat(start.statusCode()).isEqualTo(302);
        URI authorize = location(start);
        assertThat(authorize.toString()).startsWith(PROVIDER.issuerUrl("default") + "/authorize")
                .contains("client_id=studio").contains("response_type=code").contains("scope=openid");

        // 2. The provider signs the user in and redirects back with a code.
        HttpResponse<String> callback = send(authorize);
        assertThat(callback.statusCode()).isEqualTo(302);
        URI back = location(callback);
        assertThat(back.getPath()).isEqualTo("/login/oauth2/code/oidc");
        assertThat(back.getQuery()).contains("code=");

        // 3. The studio exchanges the code, maps the roles and opens a session.
        HttpResponse<String> signedIn = send(back);
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(location(signedIn).getPath()).isEqualTo("/");
        assertThat(location(signedIn).getQuery()).isNull();

        // The session holds an Analyst: the views every role may open do, the Administrator's do not.
        assertThat(browser.viewTitle("")).isEqualTo("Overview");
        assertThat(browser.viewTitle("tokens")).isEqualTo("API tokens");
        assertThat(browser.viewTitle("admin/users")).isNotEqualTo("Users");

        // 4. Signing out goes through the provider's end-session endpoint and back to the login page.
        String logoutUrl = browser.signOut();
        assertThat(logoutUrl).startsWith(PROVIDER.issuerUrl("default") + "/endsession")
                .contains("post_logout_redirect_uri=");
        assertThat(get("/").statusCode()).as("signed out: sent to the login page").isEqualTo(302);
    }

    @Test
    void refuses_a_user_whose_groups_map_to_no_studio_role() throws Exception {
        PROVIDER.enqueueCallback(new DefaultOAuth2TokenCallback("default", "eve-subject", "JWT", List.of("studio"),
                Map.of("preferred_username", "eve", "groups", List.of("marketing"))));
        HttpResponse<String> callback = send(location(get("/oauth2/authorization/oidc")));
        HttpResponse<String> refused = send(location(callback));
        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(location(refused).toString()).endsWith("/login?norole");
        assertThat(get("/").statusCode()).as("no session").isEqualTo(302);
    }

    @Test
    void takes_a_group_named_like_a_role_as_that_role() throws Exception {
        PROVIDER.enqueueCallback(new DefaultOAuth2TokenCallback("default", "root-subject", "JWT", List.of("studio"),
                Map.of("preferred_username", "root", "groups", List.of("administrator"))));
        send(location(send(location(get("/oauth2/authorization/oidc")))));
        assertThat(browser.viewTitle("admin/users")).isEqualTo("Users");
    }

    private HttpResponse<String> get(String path) {
        return browser.get(path);
    }

    private HttpResponse<String> send(URI uri) {
        return browser.get(uri.toString());
    }

    private URI location(HttpResponse<String> response) {
        String location = response.headers().firstValue("Location").orElseThrow(
                () -> new AssertionError("no redirect: " + response.statusCode() + " " + response.body()));
        return response.uri().resolve(location);
    }
}
