package io.clickstream.studio.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickstream.studio.base.ClickstreamProperties;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

class LocalUsersTest {

    static final BCryptPasswordEncoder ENCODER = new BCryptPasswordEncoder(4);

    @Test
    void loads_a_configured_user_with_roles_as_authorities() {
        String hash = ENCODER.encode("s3cret");
        LocalUsers users = new LocalUsers(List.of(user("ana", "{bcrypt}" + hash, Roles.ANALYST, Roles.READER)));

        UserDetails ana = users.loadUserByUsername("ana");

        assertThat(ENCODER.matches("s3cret", ana.getPassword())).isTrue();
        assertThat(ana.getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("ROLE_Analyst", "ROLE_Reader");
    }

    @Test
    void does_not_know_unconfigured_users() {
        LocalUsers users = new LocalUsers(List.of(user("ana", ENCODER.encode("x"), Roles.READER)));
        assertThatThrownBy(() -> users.loadUserByUsername("bob")).isInstanceOf(UsernameNotFoundException.class);
    }

    @Test
    void rejects_unknown_roles_at_startup() {
        assertThatThrownBy(() -> new LocalUsers(List.of(user("ana", ENCODER.encode("x"), "Superuser"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Superuser");
    }

    @Test
    void rejects_plain_text_passwords_at_startup() {
        assertThatThrownBy(() -> new LocalUsers(List.of(user("ana", "admin", Roles.READER))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BCrypt");
    }

    @Test
    void finds_users_whose_password_is_their_name() {
        LocalUsers users = new LocalUsers(List.of(
                user("admin", ENCODER.encode("admin"), Roles.ADMINISTRATOR),
                user("ana", ENCODER.encode("long and random"), Roles.ANALYST)));
        assertThat(users.usersWithGuessablePassword(ENCODER)).containsExactly("admin");
    }

    private static ClickstreamProperties.User user(String name, String hash, String... roles) {
        return new ClickstreamProperties.User(name, hash, List.of(roles));
    }
}
