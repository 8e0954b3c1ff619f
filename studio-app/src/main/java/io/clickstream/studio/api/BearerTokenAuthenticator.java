package io.clickstream.studio.api;

import java.util.Optional;
import org.springframework.security.core.Authentication;

/**
 * Turns the secret of an {@code Authorization: Bearer <token>} header into who is calling, with their roles as
 * {@code ROLE_<Role>} authorities. Every bean of this type is asked in turn; the first that knows the token wins.
 * The security feature provides two: personal tokens (stored hashed, per user) and service tokens (configuration).
 */
public interface BearerTokenAuthenticator {

    /**
     * The caller this token stands for, or empty when this authenticator does not know it. Throws an
     * {@link org.springframework.security.core.AuthenticationException} (answered {@code 401} with its message) when it
     * knows the token but refuses it, e.g. while its user must first change the initial password.
     */
    Optional<Authentication> authenticate(String token);
}
