package io.clickstream.studio.security;

import io.clickstream.metadata.Versioned;
import io.clickstream.studio.base.AuditedChange;
import io.clickstream.studio.base.ConflictException;
import io.clickstream.studio.base.FieldMessage;
import io.clickstream.studio.base.InvalidInputException;
import io.clickstream.studio.base.NotFoundException;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Local users: what administrators do in the Users page (create, change roles, disable, set a password, delete;
 * the last administrator cannot be removed), and what every user does with their own password. On the first start
 * it creates {@code admin}/{@code admin}, which must choose a new password before anything else opens.
 */
@Service
public class UserService implements SmartInitializingSingleton {

    public static final String FIRST_ADMIN = "admin";
    public static final int MIN_PASSWORD_LENGTH = 8;

    private static final Logger log = LoggerFactory.getLogger(UserService.class);
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    private final UserRepository users;
    private final PersonalTokenRepository tokens;
    private final PasswordEncoder passwords;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    UserService(UserRepository users, PersonalTokenRepository tokens, PasswordEncoder passwords,
                ApplicationEventPublisher events, Clock clock) {
        this.users = users;
        this.tokens = tokens;
        this.passwords = passwords;
        this.events = events;
        this.clock = clock;
    }

    /** A new account's details, as the Users page and the API take them. */
    public record NewUser(String username, String password, List<String> roles) {
    }

    public static boolean isValidUsername(String username) {
        return username != null && USERNAME.matcher(username).matches();
    }

    /** Creates the first administrator before the web server opens, when the store has no users yet. */
    @Override
    public void afterSingletonsInstantiated() {
        if (users.isEmpty()) {
            users.create(new UserRecord(FIRST_ADMIN, List.of(Roles.ADMINISTRATOR), passwords.encode(FIRST_ADMIN),
                    true, true, clock.instant()));
            log.warn("SECURITY: created the first administrator '{}' with the password '{}'. Sign in and choose a "
                    + "new password: until then nothing else opens.", FIRST_ADMIN, FIRST_ADMIN);
        }
    }

    @RolesAllowed(Roles.ADMINISTRATOR)
    public List<Versioned<UserRecord>> list() {
        return users.list();
    }

    @RolesAllowed(Roles.ADMINISTRATOR)
    public Versioned<UserRecord> create(NewUser user) {
        List<FieldMessage> errors = new ArrayList<>();
        if (!isValidUsername(user.username())) {
            errors.add(new FieldMessage("username", "Use 1-64 letters, digits, '.', '_', '@' or '-'"));
        }
        passwordProblem(user.username(), user.password()).ifPresent(m -> errors.add(new FieldMessage("password", m)));
        rolesProblem(user.roles()).ifPresent(m -> errors.add(new FieldMessage("roles", m)));
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        Versioned<UserRecord> created = users.create(new UserRecord(user.username(), user.roles(),
                passwords.encode(user.password()), true, true, clock.instant()));
        events.publishEvent(new AuditedChange("user.create", "user", user.username(), Map.of(),
                summary(created.value())));
        return created;
    }

    /** Changes roles and whether the account may sign in; refuses to leave the studio without an administrator. */
    @RolesAllowed(Roles.ADMINISTRATOR)
    public Versioned<UserRecord> update(String username, List<String> roles, boolean enabled, long version) {
        rolesProblem(roles).ifPresent(m -> {
            throw InvalidInputException.of("roles", m);
        });
        Versioned<UserRecord> current = require(username);
        UserRecord changed = new UserRecord(username, roles, current.value().passwordHash(), enabled,
                current.value().passwordChangeRequired(), current.value().createdAt());
        if (current.value().isAdministrator() && !changed.isAdministrator()) {
            requireAnotherAdministrator(username);
        }
        Versioned<UserRecord> updated = users.update(changed, version);
        events.publishEvent(new AuditedChange(enabled == current.value().enabled() ? "user.update"
                : enabled ? "user.enable" : "user.disable", "user", username, summary(current.value()),
                summary(changed)));
        return updated;
    }

    /** Sets a new password that the user must replace at their next sign-in. */
    @RolesAllowed(Roles.ADMINISTRATOR)
    public Versioned<UserRecord> resetPassword(String username, String password, long version) {
        passwordProblem(username, password).ifPresent(m -> {
            throw InvalidInputException.of("password", m);
        });
        UserRecord user = require(username).value();
        Versioned<UserRecord> updated = users.update(new UserRecord(username, user.roles(),
                passwords.encode(password), user.enabled(), true, user.createdAt()), version);
        events.publishEvent(new AuditedChange("user.resetPassword", "user", username, Map.of(),
                Map.of("passwordChangeRequired", true)));
        return updated;
    }

    /** Deletes the account and its API tokens. */
    @RolesAllowed(Roles.ADMINISTRATOR)
    public void delete(String username, long version) {
        Versioned<UserRecord> current = require(username);
        if (current.value().isAdministrator()) {
            requireAnotherAdministrator(username);
        }
        users.delete(username, version);
        tokens.deleteAllOf(username);
        events.publishEvent(new AuditedChange("user.delete", "user", username, summary(current.value()), Map.of()));
    }

    /** The signed-in local user replaces their own password (the current one proves it is them). */
    @PermitAll
    public void changeOwnPassword(String currentPassword, String newPassword) {
        String username = signedInLocalUser();
        Versioned<UserRecord> current = require(username);
        List<FieldMessage> errors = new ArrayList<>();
        if (currentPassword == null || !passwords.matches(currentPassword, current.value().passwordHash())) {
            errors.add(new FieldMessage("currentPassword", "This is not your current password"));
        }
        passwordProblem(username, newPassword).ifPresent(m -> errors.add(new FieldMessage("newPassword", m)));
        if (errors.isEmpty() && passwords.matches(newPassword, current.value().passwordHash())) {
            errors.add(new FieldMessage("newPassword", "Choose a password different from the current one"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        UserRecord user = current.value();
        users.update(new UserRecord(username, user.roles(), passwords.encode(newPassword), user.enabled(), false,
                user.createdAt()), current.version());
        events.publishEvent(new AuditedChange("user.changePassword", "user", username, Map.of(), Map.of()));
    }

    /** Whether this local user must choose a new password before anything else opens. */
    public boolean passwordChangeRequired(String username) {
        return users.find(username).map(u -> u.value().passwordChangeRequired()).orElse(false);
    }

    /** The signed-in user's name when they signed in with a local password (not single sign-on). */
    static String signedInLocalUser() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof UsernamePasswordAuthenticationToken) || !authentication.isAuthenticated()) {
            throw new AuthenticationCredentialsNotFoundException("only a user signed in with a password can do this");
        }
        return authentication.getName();
    }

    static java.util.Optional<String> passwordProblem(String username, String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            return java.util.Optional.of("Use at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (password.length() > 72) {
            return java.util.Optional.of("Use at most 72 characters");
        }
        if (password.equalsIgnoreCase(username) || password.equalsIgnoreCase(FIRST_ADMIN)) {
            return java.util.Optional.of("The password must not be the user name or 'admin'");
        }
        return java.util.Optional.empty();
    }

    private static java.util.Optional<String> rolesProblem(List<String> roles) {
        if (roles == null || roles.isEmpty()) {
            return java.util.Optional.of("Choose at least one role");
        }
        for (String role : roles) {
            if (!Roles.ALL.contains(role)) {
                return java.util.Optional.of("Unknown role '" + role + "' (known: " + String.join(", ", Roles.ALL) + ")");
            }
        }
        return java.util.Optional.empty();
    }

    private Versioned<UserRecord> require(String username) {
        return users.find(username).orElseThrow(() -> new NotFoundException("No user '" + username + "'"));
    }

    private void requireAnotherAdministrator(String username) {
        boolean another = users.list().stream()
                .anyMatch(u -> !u.value().username().equals(username) && u.value().isAdministrator());
        if (!another) {
            throw new ConflictException("'" + username + "' is the last enabled administrator: make another user an "
                    + "administrator first");
        }
    }

    private static Map<String, Object> summary(UserRecord user) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("roles", String.join(", ", user.roles()));
        summary.put("enabled", user.enabled());
        return summary;
    }
}
