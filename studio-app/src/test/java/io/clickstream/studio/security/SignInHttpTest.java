package io.clickstream.studio.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.studio.fixture.BrowserSession;
import io.clickstream.studio.fixture.StudioTestProperties;
import io.clickstream.studio.project.AppInput;
import io.clickstream.studio.project.ProjectInput;
import io.clickstream.studio.project.ProjectService;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Sign-in over HTTP as a browser does it: each view requested by each role through the real filter chain and
 * Vaadin's access control, the first admin held at the change-password page, throttling, and the security headers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"clickstream.runtime=none", "clickstream.demo=false"})
class SignInHttpTest {

    static final Set<String> EVERYONE = Set.copyOf(Roles.ALL);
    static final Set<String> ADMIN = Set.of(Roles.ADMINISTRATOR);

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    ProjectService projects;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        StudioTestProperties.register(registry);
    }

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void each_view_over_http_opens_for_exactly_its_roles() {
        String appId = "http-app-" + System.nanoTime();
        asAdmin(() -> {
            projects.createProject(new ProjectInput(appId + "-project", null, null, null, null));
            projects.createApp(appId + "-project", new AppInput(appId, null, "HTTP app", null, null, null, null,
                    null, null));
        });
        Map<String, String> titles = new LinkedHashMap<>();
        titles.put("", "Overview");
        titles.put("tokens", "API tokens");
        titles.put("projects", "Projects");
        titles.put("apps/" + appId, "HTTP app");
        titles.put("admin/users", "Users");
        titles.put("admin/audit", "Audit log");
        Map<String, Set<String>> allowed = Map.of("", EVERYONE, "tokens", EVERYONE, "projects", ADMIN,
                "apps/" + appId, ADMIN, "admin/users", ADMIN, "admin/audit", ADMIN);

        BrowserSession anonymous = new BrowserSession(port);
        for (String route : titles.keySet()) {
            HttpResponse<String> page = anonymous.get("/" + route);
            assertThat(page.statusCode()).as("anonymous " + route).isEqualTo(302);
            assertThat(page.headers().firstValue("Location").orElse("")).endsWith("/login");
        }
        for (String role : Roles.ALL) {
            BrowserSession browser = signedIn(role);
            for (Map.Entry<String, String> view : titles.entrySet()) {
                String title = browser.viewTitle(view.getKey());
                String what = role + " opening '" + view.getKey() + "'";
                if (allowed.get(view.getKey()).contains(role)) {
                    assertThat(title).as(what).isEqualTo(view.getValue());
                } else {
                    assertThat(title).as(what).isNotEqualTo(view.getValue()).doesNotContain(view.getValue());
                }
            }
        }
    }

    @Test
    void the_first_admin_opens_nothing_but_the_change_password_page() {
        BrowserSession browser = new BrowserSession(port);
        assertThat(browser.signIn("admin", "admin")).doesNotContain("error");
        for (String route : List.of("", "projects", "admin/users", "tokens")) {
            assertThat(browser.viewTitle(route)).as(route).isEqualTo("Change password | Clickstream Studio");
        }
    }

    @Test
    void throttles_a_user_name_after_five_failures_without_telling_whether_it_exists() {
        String name = "throttled-" + System.nanoTime();
        asAdmin(() -> users.create(new UserService.NewUser(name, "right-password", List.of(Roles.READER))));
        BrowserSession browser = new BrowserSession(port);
        for (int i = 0; i < 5; i++) {
            assertThat(browser.signIn(name, "wrong-" + i)).endsWith("/login?error");
        }
        assertThat(browser.signIn(name, "right-password")).as("even the right password").endsWith("/login?throttled");
        for (int i = 0; i < 5; i++) {
            browser.signIn("nobody-" + name, "wrong-" + i);
        }
        assertThat(browser.signIn("nobody-" + name, "whatever")).as("an unknown user looks the same")
                .endsWith("/login?throttled");
    }

    @Test
    void sends_the_security_headers_and_hsts_only_behind_tls() {
        HttpResponse<String> page = new BrowserSession(port).get("/login");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("frame-ancestors 'self'").contains("default-src 'self'").contains("object-src 'none'");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(page.headers().firstValue("Referrer-Policy")).contains("strict-origin-when-cross-origin");
        assertThat(page.headers().firstValue("Strict-Transport-Security")).isEmpty();

        BrowserSession proxied = new BrowserSession(port);
        HttpResponse<String> behindTls = proxied.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(proxied.base() + "/login")).header("X-Forwarded-Proto", "https").GET().build());
        assertThat(behindTls.headers().firstValue("Strict-Transport-Security").orElseThrow())
                .contains("max-age=31536000").contains("includeSubDomains");
    }

    @Test
    void the_icons_of_the_sign_in_page_load_without_a_session() {
        BrowserSession signedOut = new BrowserSession(port);
        for (String icon : List.of("/icons/studio.svg", "/favicon.ico")) {
            HttpResponse<String> answer = signedOut.get(icon);
            assertThat(answer.statusCode()).as(icon).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Type").orElse("")).as(icon).startsWith("image/");
        }
        assertThat(signedOut.get("/login").body()).contains("icons/studio.svg");
    }

    private BrowserSession signedIn(String role) {
        String name = role.toLowerCase() + "-" + System.nanoTime();
        asAdmin(() -> users.create(new UserService.NewUser(name, "given-password", List.of(role))));
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                name, null, AuthorityUtils.createAuthorityList(Roles.authority(role))));
        users.changeOwnPassword("given-password", "own-password");
        SecurityContextHolder.clearContext();
        BrowserSession browser = new BrowserSession(port);
        assertThat(browser.signIn(name, "own-password")).doesNotContain("error");
        return browser;
    }

    private void asAdmin(Runnable action) {
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                "test-admin", null, AuthorityUtils.createAuthorityList(Roles.authority(Roles.ADMINISTRATOR))));
        try {
            action.run();
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
