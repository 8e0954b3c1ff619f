package io.clickstream.studio.security;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Service tokens for automation ({@code clickstream.api.service-tokens.<name>.token} and {@code .role}). They are
 * checked when the studio starts (by {@link ServiceTokenAuthenticator}, so a bad one never reaches a binding error
 * that would print its value).
 */
@ConfigurationProperties("clickstream.api")
public record ServiceTokenProperties(@DefaultValue Map<String, ServiceToken> serviceTokens) {

    /** One service token: its secret and the role it acts with. */
    public record ServiceToken(String token, String role) {

        @Override
        public String toString() {
            return "ServiceToken[role=" + role + "]";
        }
    }
}
