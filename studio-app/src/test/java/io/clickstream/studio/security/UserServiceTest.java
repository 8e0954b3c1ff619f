package io.clickstream.studio.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickstream.metadata.ItemConflictException;
import io.clickstream.metadata.Versioned;
import io.clickstream.metadata.sqlite.SqliteMetadataStore;
import io.clickstream.studio.base.AuditedChange;
import io.clickstream.studio.base.ConflictException;
import io.clickstream.studio.base.InvalidInputException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** The rules of local accounts, on a real SQLite store (role checks are the HTTP and view tests' business). */
class UserServiceTest {

    @TempDir
    Path dir;
    SqliteMetadataStore store;
    UserService users;
    final List<AuditedChange> audited = new ArrayList<>();
    final BCryptPasswordEncoder encoder = new BCryptPasswordEncoder(4);

    @BeforeEach
    void setUp() {
        store = SqliteMetadataStore.open(dir.resolve("metadata.db"));
        users = new UserService(new UserRepository(store), new PersonalTokenRepository(store), encoder,
                event -> audited.add((AuditedChange) event), Clock.systemUTC());
        users.afterSingletonsInstantiated();
    }

    @AfterEach
    void tearDown() {
        SecurityContextHolder.clearContext();
        store.close();
    }

    @Test
    void the_first_start_creates_admin_admin_that_must_set_a_new_password() {
        Versioned<UserRecord> admin = users.list().get(0);
        assertThat(users.list()).hasSize(1);
        assertThat(admin.value().username()).isEqualTo("admin");
        assertThat(admin.value().roles()).containsExactly(Roles.ADMINISTRATOR);
        assertThat(encoder.matches("admin", admin.value().passwordHash())).isTrue();
        assertThat(users.passwordChangeRequired("admin")).isTrue();

        users.afterSingletonsInstantiated();
        assertThat(users.list()).as("a restart adds nobody").hasSize(1);

        signIn("admin");
        users.changeOwnPassword("admin", "a-better-password");
        assertThat(users.passwordChangeRequired("admin")).isFalse();
        assertThat(encoder.matches("a-better-password", users.list().get(0).value().passwordHash())).isTrue();
        assertThat(audited).extracting(AuditedChange::action).containsExactly("user.changePassword");
    }

    @Test
    void refuses_weak_or_wrong_passwords_field_by_field() {
        signIn("admin");
        assertThatThrownBy(() -> users.changeOwnPassword("wrong", "admin"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.messageOf("currentPassword")).contains("This is not your current password");
                    assertThat(e.messageOf("newPassword")).contains("Use at least 8 characters");
                });
        assertThat(UserService.passwordProblem("longusername", "LongUserName"))
                .contains("The password must not be the user name or 'admin'");
        assertThatThrownBy(() -> users.changeOwnPassword("admin", "short"))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.messageOf("newPassword")).contains("Use at least 8 characters"));
        assertThat(users.passwordChangeRequired("admin")).isTrue();
    }

    @Test
    void never_removes_the_last_enabled_administrator() {
        Versioned<UserRecord> admin = users.list().get(0);
        assertThatThrownBy(() -> users.update("admin", List.of(Roles.READER), true, admin.version()))
                .isInstanceOf(ConflictException.class).hasMessageContaining("'admin' is the last enabled administrator");
        assertThatThrownBy(() -> users.update("admin", List.of(Roles.ADMINISTRATOR), false, admin.version()))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> users.delete("admin", admin.version())).isInstanceOf(ConflictException.class);

        Versioned<UserRecord> second = users.create(new UserService.NewUser("second", "second-password",
                List.of(Roles.ADMINISTRATOR)));
        users.update("admin", List.of(Roles.READER), true, admin.version());
        assertThatThrownBy(() -> users.delete("second", second.version())).isInstanceOf(ConflictException.class);
        assertThat(users.list()).filteredOn(u -> u.value().isAdministrator()).hasSize(1);
    }

    @Test
    void validates_new_users_and_refuses_a_duplicate() {
        assertThatThrownBy(() -> users.create(new UserService.NewUser("no spaces", "x", List.of("Root"))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(f -> f.field()).containsExactly("username", "password", "roles"));
        users.create(new UserService.NewUser("ana", "ana-password", List.of(Roles.ANALYST)));
        assertThatThrownBy(() -> users.create(new UserService.NewUser("ana", "ana-password", List.of(Roles.READER))))
                .isInstanceOf(ItemConflictException.class).hasMessage("'ana' already exists");
        assertThat(audited.get(0).after()).doesNotContainKey("passwordHash").containsKey("roles");
    }

    @Test
    void a_stale_edit_is_refused_not_overwritten() {
        Versioned<UserRecord> ana = users.create(new UserService.NewUser("ana", "ana-password", List.of(Roles.ANALYST)));
        users.update("ana", List.of(Roles.READER), true, ana.version());
        assertThatThrownBy(() -> users.update("ana", List.of(Roles.OPERATOR), true, ana.version()))
                .isInstanceOf(ItemConflictException.class).hasMessageContaining("changed by someone else");
        assertThat(users.list()).filteredOn(u -> u.value().username().equals("ana"))
                .singleElement().satisfies(u -> assertThat(u.value().roles()).containsExactly(Roles.READER));
    }

    private static void signIn(String username) {
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                username, null, AuthorityUtils.createAuthorityList(Roles.authority(Roles.ADMINISTRATOR))));
    }
}
