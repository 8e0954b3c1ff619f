package io.clickstream.studio.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates an API request from its {@code Authorization: Bearer} header through the
 * {@link BearerTokenAuthenticator}s. A request without the header goes on unauthenticated (public paths such as the
 * OpenAPI document answer; the rest get {@code 401}); a token nobody knows is {@code 401} at once. The token itself
 * never reaches a log or a message.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

    private static final String PREFIX = "bearer ";

    private final List<BearerTokenAuthenticator> authenticators;
    private final ProblemResponses problems;

    BearerTokenFilter(List<BearerTokenAuthenticator> authenticators, ProblemResponses problems) {
        this.authenticators = List.copyOf(authenticators);
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null) {
            chain.doFilter(request, response);
            return;
        }
        if (!header.regionMatches(true, 0, PREFIX, 0, PREFIX.length()) || header.length() == PREFIX.length()) {
            problems.commence(request, response, new TokenRejectedException(
                    "The Authorization header must be 'Bearer <token>'"));
            return;
        }
        String token = header.substring(PREFIX.length()).strip();
        Optional<Authentication> caller;
        try {
            caller = authenticate(token);
        } catch (AuthenticationException e) {
            problems.commence(request, response, new TokenRejectedException(e.getMessage()));
            return;
        }
        if (caller.isEmpty()) {
            problems.commence(request, response, new TokenRejectedException(
                    "The bearer token is unknown, revoked, or belongs to a disabled user"));
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(caller.get());
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private Optional<Authentication> authenticate(String token) {
        for (BearerTokenAuthenticator authenticator : authenticators) {
            Optional<Authentication> caller = authenticator.authenticate(token);
            if (caller.isPresent()) {
                return caller;
            }
        }
        return Optional.empty();
    }

    /** A bearer token was presented and refused; its message is safe to send back. */
    static final class TokenRejectedException extends AuthenticationException {
        TokenRejectedException(String message) {
            super(message);
        }
    }
}
