package io.clickstream.studio.security;

import java.time.Instant;
import java.util.List;

/**
 * A local account of the studio, kept in the metadata store.
 *
 * @param username               how the user signs in; also the name in the audit log
 * @param roles                  any of {@link Roles#ALL}
 * @param passwordHash           BCrypt hash; never shown, logged or audited
 * @param enabled                a disabled user cannot sign in, and their API tokens stop working
 * @param passwordChangeRequired set for the first admin and after an administrator sets a password: until the user
 *                               chooses their own, nothing but the change-password page opens
 * @param createdAt              when the account was made
 */
public record UserRecord(String username, List<String> roles, String passwordHash, boolean enabled,
                         boolean passwordChangeRequired, Instant createdAt) {

    public UserRecord {
        roles = List.copyOf(roles);
    }

    public boolean isAdministrator() {
        return enabled && roles.contains(Roles.ADMINISTRATOR);
    }

    @Override
    public String toString() {
        return "UserRecord[" + username + ", roles=" + roles + ", enabled=" + enabled + "]";
    }
}
