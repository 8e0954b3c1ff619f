package io.clickstream.ingestion;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Bearer-token authentication of a pipeline's collect endpoint: every {@code POST} must carry
 * {@code Authorization: Bearer <JWT>} signed by one of the OIDC issuer's keys (its JWKS, found through
 * {@code <issuer>/.well-known/openid-configuration}), with this issuer as {@code iss}, the audience among
 * {@code aud}, and a current {@code exp}/{@code nbf}.
 *
 * @param issuer             the issuer identifier, exactly as the tokens' {@code iss} claim spells it
 * @param audience           a value the tokens' {@code aud} claim must contain
 * @param clockSkew          tolerance applied to {@code exp} and {@code nbf}
 * @param minRefreshInterval a token signed with a key id not in the cached JWKS makes the collector fetch the JWKS
 *                           again (key rotation), but not more often than this, so that forged key ids cannot make
 *                           it hammer the issuer
 */
public record BearerAuth(URI issuer, String audience, Duration clockSkew, Duration minRefreshInterval) {

    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
    public static final Duration DEFAULT_MIN_REFRESH_INTERVAL = Duration.ofSeconds(10);

    public BearerAuth {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(clockSkew, "clockSkew");
        Objects.requireNonNull(minRefreshInterval, "minRefreshInterval");
        if (!"https".equals(issuer.getScheme()) && !"http".equals(issuer.getScheme())) {
            throw new IllegalArgumentException("the auth issuer must be an http(s) URL: " + issuer);
        }
        if (audience == null || audience.isBlank()) {
            throw new IllegalArgumentException("an audience is required with an auth issuer");
        }
        if (clockSkew.isNegative() || minRefreshInterval.isNegative()) {
            throw new IllegalArgumentException("clock skew and refresh interval must not be negative");
        }
    }

    /** Tokens of {@code issuer} for {@code audience}, 30 s clock skew, JWKS refetched at most every 10 s. */
    public static BearerAuth of(String issuer, String audience) {
        return new BearerAuth(URI.create(issuer), audience, DEFAULT_CLOCK_SKEW, DEFAULT_MIN_REFRESH_INTERVAL);
    }

    public BearerAuth withMinRefreshInterval(Duration interval) {
        return new BearerAuth(issuer, audience, clockSkew, interval);
    }

    /** The OIDC discovery document's URL: the issuer with {@code /.well-known/openid-configuration} appended. */
    public URI discoveryUri() {
        String text = issuer.toString();
        return URI.create((text.endsWith("/") ? text.substring(0, text.length() - 1) : text)
                + "/.well-known/openid-configuration");
    }
}
