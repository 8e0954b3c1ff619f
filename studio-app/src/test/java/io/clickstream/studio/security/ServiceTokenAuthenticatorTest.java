package io.clickstream.studio.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;

class ServiceTokenAuthenticatorTest {

    static final String SECRET = "a-long-enough-secret-0123456789";

    @Test
    void acts_as_the_named_service_with_its_role() {
        ServiceTokenAuthenticator authenticator = new ServiceTokenAuthenticator(properties("deploys", SECRET,
                Roles.OPERATOR));

        var caller = authenticator.authenticate(SECRET).orElseThrow();

        assertThat(caller.getName()).isEqualTo("service:deploys");
        assertThat(caller.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_Operator");
        assertThat(authenticator.authenticate(SECRET + "x")).isEmpty();
        assertThat(authenticator.authenticate(SECRET.substring(1))).isEmpty();
    }

    @Test
    void refuses_to_start_with_a_short_secret_without_printing_it() {
        assertThatThrownBy(() -> new ServiceTokenAuthenticator(properties("ci", "short-secret-123", Roles.READER)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("clickstream.api.service-tokens.ci.token is 16 characters long")
                .hasMessageContaining("at least 24")
                .hasMessageNotContaining("short-secret-123");
    }

    @Test
    void refuses_to_start_with_an_unknown_role() {
        assertThatThrownBy(() -> new ServiceTokenAuthenticator(properties("ci", SECRET, "Root")))
                .hasMessageContaining("clickstream.api.service-tokens.ci.role must be one of");
    }

    @Test
    void never_shows_the_secret_in_the_configuration_record() {
        assertThat(new ServiceTokenProperties.ServiceToken(SECRET, Roles.READER).toString()).doesNotContain(SECRET);
    }

    private static ServiceTokenProperties properties(String name, String token, String role) {
        return new ServiceTokenProperties(Map.of(name, new ServiceTokenProperties.ServiceToken(token, role)));
    }
}
