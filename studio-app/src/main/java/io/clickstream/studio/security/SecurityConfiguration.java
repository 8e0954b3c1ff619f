package io.clickstream.studio.security;

import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import io.clickstream.studio.base.ClickstreamProperties;
import io.clickstream.studio.security.ui.LoginView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Form login through the Vaadin {@link LoginView} against the configured local users. Vaadin's navigation access
 * control enforces {@code @RolesAllowed} on every view on the server.
 */
@Configuration
@EnableWebSecurity
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    SecurityFilterChain studioSecurityFilterChain(HttpSecurity http) throws Exception {
        return http.with(VaadinSecurityConfigurer.vaadin(), vaadin -> vaadin.loginView(LoginView.class)).build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    @Bean
    LocalUsers localUsers(ClickstreamProperties properties) {
        return new LocalUsers(properties.security().users());
    }

    /** Says loudly at startup when an account can be guessed, such as the out-of-the-box admin/admin. */
    @Bean
    ApplicationRunner guessablePasswordWarning(LocalUsers users, PasswordEncoder encoder) {
        return args -> {
            if (users.isEmpty()) {
                log.warn("No users are configured (clickstream.security.users): nobody can log in.");
            }
            for (String username : users.usersWithGuessablePassword(encoder)) {
                log.warn("SECURITY: user '{}' still has the default password (the same as the user name). Set "
                        + "clickstream.security.users[n].password-hash to a BCrypt hash of a real password "
                        + "before exposing this studio to a network.", username);
            }
        };
    }
}
