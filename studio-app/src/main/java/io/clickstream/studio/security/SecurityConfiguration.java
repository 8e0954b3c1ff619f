package io.clickstream.studio.security;

import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import io.clickstream.studio.security.ui.LoginView;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * The studio's browser security: form sign-in through the Vaadin {@link LoginView} against the users in the store
 * (throttled), OIDC sign-in beside it when {@code clickstream.security.oidc.issuer} is set, Vaadin's navigation
 * access control ({@code @RolesAllowed} on every view), and the security headers. {@code @RolesAllowed} on services and
 * API controllers is enforced by {@link ServiceMethodSecurity}. The API's stateless bearer-token chain is in the {@code api} package.
 */
@Configuration
@EnableWebSecurity
class SecurityConfiguration {

    /** Registration id of the OIDC provider: its sign-in starts at {@value #OIDC_LOGIN_PATH}. */
    static final String OIDC_REGISTRATION = "oidc";
    static final String LOGIN_ROUTE = "login";
    public static final String OIDC_LOGIN_PATH = "/oauth2/authorization/" + OIDC_REGISTRATION;

    /** Framing is limited to the studio itself (embed pages set their own policy, which is then kept). */
    static final String CONTENT_SECURITY_POLICY = ContentSecurityPolicy.framedBy("'self'");

    @Bean
    SecurityFilterChain studioSecurityFilterChain(HttpSecurity http, SecurityProperties properties,
                                                  ObjectProvider<ClientRegistrationRepository> oidcClients)
            throws Exception {
        // The login page is named here too: this configurer initialises before Vaadin's, and without it Spring
        // would generate its own login page.
        http.formLogin(form -> form.loginPage("/" + LOGIN_ROUTE).failureHandler(signInFailure()));
        http.headers(headers -> headers
                .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                // CSP frame-ancestors replaces X-Frame-Options, and unlike it can be set per route.
                .frameOptions(frame -> frame.disable())
                .httpStrictTransportSecurity(hsts -> hsts.includeSubDomains(true).maxAgeInSeconds(31_536_000))
                .referrerPolicy(referrer -> referrer.policy(
                        ReferrerPolicyHeaderWriter.ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN)));
        // The studio's icon (the pages' SVG favicon) is drawn on the sign-in page too: without this rule a signed-out
        // browser was sent to /login for it, which it refused after a loop of redirects (no icon in the tab).
        http.authorizeHttpRequests(requests -> requests.requestMatchers("/icons/**").permitAll());
        ClientRegistrationRepository clients = oidcClients.getIfAvailable();
        http.with(VaadinSecurityConfigurer.vaadin(), vaadin -> {
            vaadin.loginView(LoginView.class, "/login?logout");
            if (clients != null) {
                OidcClientInitiatedLogoutSuccessHandler logout = new OidcClientInitiatedLogoutSuccessHandler(clients);
                logout.setPostLogoutRedirectUri("{baseUrl}/login?logout");
                logout.setDefaultTargetUrl("/login?logout");
                vaadin.logoutSuccessHandler(logout);
            }
        });
        if (clients != null) {
            http.oauth2Login(oauth -> oauth.loginPage("/" + LOGIN_ROUTE)
                    .clientRegistrationRepository(clients)
                    .userInfoEndpoint(info -> info.oidcUserService(new OidcRoleMapping(properties.oidc())))
                    .failureHandler(signInFailure()));
        }
        return http.build();
    }

    /** Sends a refused sign-in back to the login view with the reason it may show. */
    private static AuthenticationFailureHandler signInFailure() {
        return (request, response, exception) -> {
            String reason = exception instanceof SignInThrottle.ThrottledException ? "throttled"
                    : exception instanceof OAuth2AuthenticationException oauth
                            && OidcRoleMapping.NO_ROLE.equals(oauth.getError().getErrorCode()) ? "norole"
                    : exception instanceof OAuth2AuthenticationException ? "sso" : "error";
            response.sendRedirect(request.getContextPath() + "/login?" + reason);
        };
    }


    /**
     * Password sign-in as a bean: Spring Security uses it as the global authentication provider, and Spring Boot
     * then sets up no fallback user of its own (its generated-password "user" would otherwise sign in too).
     */
    @Bean
    AuthenticationProvider passwordSignIn(UserRepository users, PasswordEncoder encoder, SignInThrottle throttle) {
        return new PasswordSignIn(users, encoder, throttle);
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }
}
