package io.clickstream.studio.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickstream.metadata.MetadataStore;
import io.clickstream.metadata.Versioned;
import io.clickstream.studio.fixture.ApiClient;
import io.clickstream.studio.fixture.StudioTestProperties;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
 * Personal API tokens end to end: made for a signed-in user, stored only as a hash, acting over HTTP with the
 * user's current role, recording their last use, stopped by revocation, a disabled user or a password reset.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"clickstream.runtime=none", "clickstream.demo=false"})
class ApiTokensTest {

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    MetadataStore store;
    ApiClient api;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        StudioTestProperties.register(registry);
    }

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void a_personal_token_acts_with_its_users_role_until_revoked() {
        String username = readerWithOwnPassword("tina");
        ApiTokenService.CreatedToken created = tokens.create("laptop script");

        assertThat(created.value()).startsWith("cs_" + created.token().id() + "_").hasSizeGreaterThan(50);
        assertThat(store.queryAll(PersonalTokenRepository.PARTITION, "").toString())
                .as("only the hash is stored").doesNotContain(created.value())
                .contains(ApiTokenService.sha256(created.value()));

        assertThat(api.call("GET", "/api/v1/projects", created.value(), null).status()).isEqualTo(200);
        assertThat(api.call("POST", "/api/v1/projects", created.value(), Map.of("id", "by-reader")).status())
                .as("a Reader's token cannot create").isEqualTo(403);
        assertThat(api.call("GET", "/api/v1/projects", created.value() + "x", null).status())
                .as("a wrong secret with a known id").isEqualTo(401);

        List<ApiTokenRecord> mine = tokens.mine();
        assertThat(mine).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("laptop script");
            assertThat(t.username()).isEqualTo(username);
            assertThat(t.lastUsedAt()).isNotNull();
        });

        tokens.revoke(created.token().id());
        assertThat(api.call("GET", "/api/v1/projects", created.value(), null).status()).isEqualTo(401);
        assertThat(tokens.mine()).isEmpty();
    }

    @Test
    void a_role_change_applies_to_existing_tokens_and_disabling_the_user_stops_them() {
        String username = readerWithOwnPassword("rolf");
        String token = tokens.create("ci").value();

        Versioned<UserRecord> user = asAdmin(() -> users.list().stream()
                .filter(u -> u.value().username().equals(username)).findFirst().orElseThrow());
        Versioned<UserRecord> promoted = asAdmin(() -> users.update(username, List.of(Roles.ADMINISTRATOR), true,
                user.version()));
        assertThat(api.call("POST", "/api/v1/projects", token, Map.of("id", "by-rolf")).status()).isEqualTo(201);

        asAdmin(() -> users.update(username, List.of(Roles.ADMINISTRATOR), false, promoted.version()));
        assertThat(api.call("GET", "/api/v1/projects", token, null).status()).isEqualTo(401);
    }

    @Test
    void after_a_password_reset_the_users_tokens_wait_for_the_new_password() {
        String username = readerWithOwnPassword("paula");
        String token = tokens.create("ci").value();
        asAdmin(() -> {
            Versioned<UserRecord> user = users.list().stream()
                    .filter(u -> u.value().username().equals(username)).findFirst().orElseThrow();
            return users.resetPassword(username, "temporary-password", user.version());
        });

        ApiClient.Answer answer = api.call("GET", "/api/v1/projects", token, null);
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.json().get("detail").asText()).contains("choose a new password");
    }

    @Test
    void only_the_owner_sees_and_revokes_a_token() {
        readerWithOwnPassword("owner");
        String id = tokens.create("mine").token().id();
        readerWithOwnPassword("other");
        assertThat(tokens.mine()).isEmpty();
        assertThatThrownBy(() -> tokens.revoke(id)).hasMessageContaining("You have no API token");
    }

    /** Creates a Reader who has set their own password, and signs in as them (as the form login would). */
    private String readerWithOwnPassword(String prefix) {
        String username = prefix + "-" + System.nanoTime();
        asAdmin(() -> users.create(new UserService.NewUser(username, "initial-password", List.of(Roles.READER))));
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                username, null, AuthorityUtils.createAuthorityList(Roles.authority(Roles.READER))));
        users.changeOwnPassword("initial-password", "my-own-password");
        return username;
    }

    private <T> T asAdmin(java.util.function.Supplier<T> action) {
        var previous = SecurityContextHolder.getContext().getAuthentication();
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                "test-admin", null, AuthorityUtils.createAuthorityList(Roles.authority(Roles.ADMINISTRATOR))));
        try {
            return action.get();
        } finally {
            SecurityContextHolder.getContext().setAuthentication(previous);
        }
    }
}
