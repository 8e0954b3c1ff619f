package io.clickstream.studio.security;

import io.clickstream.studio.api.BearerTokenAuthenticator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Authenticates the service tokens of the configuration, acting as {@code service:<name>} with the configured role.
 * Refuses to start with a secret shorter than {@value #MIN_LENGTH} characters or an unknown role. A presented token
 * is compared with every configured one in constant time (SHA-256 digests, {@link MessageDigest#isEqual}), so
 * timing tells nothing about which prefix matched.
 */
@Component
class ServiceTokenAuthenticator implements BearerTokenAuthenticator {

    static final int MIN_LENGTH = 24;
    private static final Logger log = LoggerFactory.getLogger(ServiceTokenAuthenticator.class);

    private record Configured(String name, byte[] digest, String role) {
    }

    private final List<Configured> tokens = new ArrayList<>();

    ServiceTokenAuthenticator(ServiceTokenProperties properties) {
        for (Map.Entry<String, ServiceTokenProperties.ServiceToken> entry : properties.serviceTokens().entrySet()) {
            String name = entry.getKey();
            String secret = entry.getValue().token();
            String role = entry.getValue().role();
            String key = "clickstream.api.service-tokens." + name;
            if (secret == null || secret.length() < MIN_LENGTH) {
                throw new IllegalStateException(key + ".token is " + (secret == null ? 0 : secret.length())
                        + " characters long; a service token needs at least " + MIN_LENGTH + " (e.g. the output of "
                        + "`openssl rand -base64 32`)");
            }
            if (!Roles.ALL.contains(role)) {
                throw new IllegalStateException(key + ".role must be one of " + String.join(", ", Roles.ALL)
                        + ", not '" + role + "'");
            }
            tokens.add(new Configured(name, digest(secret), role));
        }
        if (!tokens.isEmpty()) {
            log.info("API service tokens configured: {}", tokens.stream().map(t -> t.name() + " (" + t.role() + ")").toList());
        }
    }

    @Override
    public Optional<Authentication> authenticate(String token) {
        byte[] presented = digest(token);
        Configured match = null;
        for (Configured configured : tokens) {
            if (MessageDigest.isEqual(presented, configured.digest()) && match == null) {
                match = configured;
            }
        }
        if (match == null) {
            return Optional.empty();
        }
        return Optional.of(new PreAuthenticatedAuthenticationToken("service:" + match.name(), null,
                AuthorityUtils.createAuthorityList(Roles.authority(match.role()))));
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
