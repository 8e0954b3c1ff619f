package io.clickstream.studio.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Sign-in settings ({@code clickstream.security.*}). The session timeout is Spring Boot's
 * {@code server.servlet.session.timeout}.
 *
 * @param signIn brute-force throttling of the sign-in form
 * @param oidc   single sign-on through an OpenID Connect provider; off unless {@code issuer} is set
 */
@Validated
@ConfigurationProperties("clickstream.security")
public record SecurityProperties(@DefaultValue @Valid SignIn signIn, @DefaultValue @Valid Oidc oidc) {

    /**
     * After {@code maxFailuresPerUser} failed sign-ins for one user name, or {@code maxFailuresPerAddress} from one
     * client address, further attempts are refused for {@code lockout}, whatever the password (so the lock says
     * nothing about whether the user exists or the password was right).
     */
    public record SignIn(@DefaultValue("5") @Min(1) int maxFailuresPerUser,
                         @DefaultValue("20") @Min(1) int maxFailuresPerAddress,
                         @DefaultValue("5m") @NotNull Duration lockout) {
    }

    /**
     * @param issuer        the provider's issuer URL (its {@code /.well-known/openid-configuration} is read at start)
     * @param clientId      the studio's client id at the provider
     * @param clientSecret  its secret
     * @param rolesClaim    the ID-token or user-info claim listing the user's groups
     * @param roleMapping   group name to studio role; a group named like a role (e.g. {@code Analyst}) maps to it
     *                      without an entry
     * @param usernameClaim the claim shown as the user's name and written to the audit log ({@code sub} if absent)
     * @param scopes        scopes asked for
     * @param buttonLabel   the sign-in page's button
     */
    public record Oidc(URI issuer, String clientId, String clientSecret,
                       @DefaultValue("groups") String rolesClaim,
                       @DefaultValue Map<String, String> roleMapping,
                       @DefaultValue("preferred_username") String usernameClaim,
                       @DefaultValue({"openid", "profile", "email"}) List<String> scopes,
                       @DefaultValue("Sign in with single sign-on") String buttonLabel) {

        public Oidc {
            if (issuer != null && (clientId == null || clientId.isBlank())) {
                throw new IllegalArgumentException(
                        "clickstream.security.oidc.client-id is required with clickstream.security.oidc.issuer");
            }
            for (Map.Entry<String, String> entry : roleMapping.entrySet()) {
                if (!Roles.ALL.contains(entry.getValue())) {
                    throw new IllegalArgumentException("clickstream.security.oidc.role-mapping maps group '"
                            + entry.getKey() + "' to unknown role '" + entry.getValue() + "' (known: " + Roles.ALL
                            + ")");
                }
            }
        }

        public boolean enabled() {
            return issuer != null;
        }

        @Override
        public String toString() {
            return "Oidc[issuer=" + issuer + ", clientId=" + clientId + ", rolesClaim=" + rolesClaim + "]";
        }
    }
}
