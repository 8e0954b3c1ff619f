package io.clickstream.studio.security;

import io.clickstream.metadata.Versioned;
import io.clickstream.studio.api.BearerTokenAuthenticator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Authenticates personal API tokens: one store read by the token's public id, a constant-time comparison of the
 * hashes, then the owner's current roles (a disabled owner's tokens stop working at once). The last use is written
 * at most once a minute per token, so a busy token costs no write per request.
 */
@Component
class PersonalTokenAuthenticator implements BearerTokenAuthenticator {

    static final Duration LAST_USE_RESOLUTION = Duration.ofMinutes(1);

    private final PersonalTokenRepository tokens;
    private final UserRepository users;
    private final Clock clock;

    PersonalTokenAuthenticator(PersonalTokenRepository tokens, UserRepository users, Clock clock) {
        this.tokens = tokens;
        this.users = users;
        this.clock = clock;
    }

    @Override
    public Optional<Authentication> authenticate(String token) {
        String id = ApiTokenService.idOf(token);
        if (id == null) {
            return Optional.empty();
        }
        PersonalTokenRepository.Stored stored = tokens.find(id).orElse(null);
        if (stored == null || !MessageDigest.isEqual(ApiTokenService.sha256(token).getBytes(StandardCharsets.UTF_8),
                stored.hash().getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        Optional<Versioned<UserRecord>> owner = users.find(stored.token().username());
        if (owner.isEmpty() || !owner.get().value().enabled()) {
            return Optional.empty();
        }
        if (owner.get().value().passwordChangeRequired()) {
            throw new CredentialsExpiredException("The token's user must first sign in to the studio and choose a "
                    + "new password");
        }
        Instant now = clock.instant();
        Instant lastUse = stored.token().lastUsedAt();
        if (lastUse == null || Duration.between(lastUse, now).compareTo(LAST_USE_RESOLUTION) >= 0) {
            tokens.touch(stored, now);
        }
        UserRecord user = owner.get().value();
        return Optional.of(new PreAuthenticatedAuthenticationToken(user.username(), null,
                AuthorityUtils.createAuthorityList(user.roles().stream().map(Roles::authority).toList())));
    }
}
