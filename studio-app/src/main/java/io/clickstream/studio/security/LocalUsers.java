package io.clickstream.studio.security;

import io.clickstream.studio.base.ClickstreamProperties;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The accounts configured under {@code clickstream.security.users}, checked once at startup: unknown roles and
 * hashes that are not BCrypt stop the app rather than lock everyone out later.
 */
final class LocalUsers implements UserDetailsService {

    private static final String BCRYPT_PREFIX = "{bcrypt}";

    private final Map<String, ClickstreamProperties.User> byName = new LinkedHashMap<>();

    LocalUsers(List<ClickstreamProperties.User> users) {
        for (ClickstreamProperties.User user : users) {
            for (String role : user.roles()) {
                if (!Roles.ALL.contains(role)) {
                    throw new IllegalArgumentException("clickstream.security.users: user '" + user.username()
                            + "' has unknown role '" + role + "' (known: " + Roles.ALL + ")");
                }
            }
            if (!bcryptHash(user).startsWith("$2")) {
                throw new IllegalArgumentException("clickstream.security.users: the password-hash of user '"
                        + user.username() + "' is not a BCrypt hash ($2a$...)");
            }
            if (byName.putIfAbsent(user.username(), user) != null) {
                throw new IllegalArgumentException("clickstream.security.users: user '" + user.username()
                        + "' is defined twice");
            }
        }
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        ClickstreamProperties.User user = byName.get(username);
        if (user == null) {
            throw new UsernameNotFoundException("no such user");
        }
        return User.withUsername(user.username())
                .password(bcryptHash(user))
                .roles(user.roles().toArray(String[]::new))
                .build();
    }

    /** Users whose password is their own user name, such as the demo's admin/admin. */
    List<String> usersWithGuessablePassword(PasswordEncoder encoder) {
        return byName.values().stream()
                .filter(u -> encoder.matches(u.username(), bcryptHash(u)))
                .map(ClickstreamProperties.User::username)
                .toList();
    }

    boolean isEmpty() {
        return byName.isEmpty();
    }

    private static String bcryptHash(ClickstreamProperties.User user) {
        String hash = user.passwordHash().strip();
        return hash.startsWith(BCRYPT_PREFIX) ? hash.substring(BCRYPT_PREFIX.length()) : hash;
    }
}
