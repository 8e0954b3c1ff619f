package io.clickstream.studio.security;

import io.clickstream.studio.base.AuditedChange;
import io.clickstream.studio.base.InvalidInputException;
import io.clickstream.studio.base.NotFoundException;
import jakarta.annotation.security.RolesAllowed;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;

/**
 * Personal API tokens of the signed-in user: created with a name and shown once ({@code cs_<id>_<secret>}), listed
 * with their last use, revoked. A token acts with its owner's roles at the time of each request.
 */
@Service
public class ApiTokenService {

    static final String PREFIX = "cs_";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();

    private final PersonalTokenRepository tokens;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ApiTokenService(PersonalTokenRepository tokens, ApplicationEventPublisher events, Clock clock) {
        this.tokens = tokens;
        this.events = events;
        this.clock = clock;
    }

    /** A token just made: {@code value} is the only time its secret exists outside the caller's hands. */
    public record CreatedToken(ApiTokenRecord token, String value) {
    }

    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR, Roles.ANALYST, Roles.READER})
    public List<ApiTokenRecord> mine() {
        return tokens.listOf(signedInUser());
    }

    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR, Roles.ANALYST, Roles.READER})
    public CreatedToken create(String name) {
        String username = UserService.signedInLocalUser();
        String label = name == null ? "" : name.strip();
        if (label.isEmpty() || label.length() > 80) {
            throw InvalidInputException.of("name", "Give the token a name of 1-80 characters, e.g. 'CI deploys'");
        }
        String id = randomId();
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String value = PREFIX + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        ApiTokenRecord token = new ApiTokenRecord(id, username, label, clock.instant(), null);
        tokens.create(token, sha256(value));
        events.publishEvent(new AuditedChange("apiToken.create", "apiToken", id, Map.of(),
                Map.of("name", label, "owner", username)));
        return new CreatedToken(token, value);
    }

    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR, Roles.ANALYST, Roles.READER})
    public void revoke(String id) {
        String username = signedInUser();
        ApiTokenRecord token = tokens.find(id).map(PersonalTokenRepository.Stored::token)
                .filter(t -> t.username().equals(username))
                .orElseThrow(() -> new NotFoundException("You have no API token '" + id + "'"));
        tokens.delete(token.id());
        events.publishEvent(new AuditedChange("apiToken.revoke", "apiToken", id,
                Map.of("name", token.name(), "owner", username), Map.of()));
    }

    /** The public id of a personal token value, or null when it does not look like one. */
    static String idOf(String value) {
        if (value == null || !value.startsWith(PREFIX)) {
            return null;
        }
        int end = value.indexOf('_', PREFIX.length());
        return end <= PREFIX.length() ? null : value.substring(PREFIX.length(), end);
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String signedInUser() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication.getName();
    }

    private static String randomId() {
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            id.append(ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)]);
        }
        return id.toString();
    }
}
