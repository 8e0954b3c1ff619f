package io.clickstream.studio.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * The security filter chain of {@code /api/**}, ahead of the studio's form-login chain: stateless (no session, no
 * CSRF token, no redirect to a login page), authenticated only by bearer tokens. Which role may call what is
 * decided by {@code @RolesAllowed} on the services and controllers (method security); this chain only requires a
 * known caller, except for the OpenAPI document, which describes the API and holds no data.
 */
@Configuration
class ApiSecurityConfiguration {

    @Bean
    @Order(1)
    SecurityFilterChain apiSecurityFilterChain(HttpSecurity http, List<BearerTokenAuthenticator> authenticators,
                                               ObjectMapper json) throws Exception {
        ProblemResponses problems = new ProblemResponses(json);
        return http.securityMatcher(ApiPaths.ALL)
                .csrf(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new BearerTokenFilter(authenticators, problems), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.GET, ApiPaths.OPENAPI, ApiPaths.OPENAPI + "/**").permitAll()
                        .anyRequest().authenticated())
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'none'; frame-ancestors 'none'")))
                .build();
    }

    /**
     * The actuator's endpoints, with the API's bearer tokens: {@code /actuator/health} is open (load balancers and
     * orchestrators probe it), {@code /actuator/prometheus} is for the roles that monitor pipelines (Administrator,
     * Operator), so that a scraper uses a service token of role Operator; every other actuator path is refused (they
     * are not exposed either).
     */
    @Bean
    @Order(2)
    SecurityFilterChain actuatorSecurityFilterChain(HttpSecurity http, List<BearerTokenAuthenticator> authenticators,
                                                    ObjectMapper json) throws Exception {
        ProblemResponses problems = new ProblemResponses(json);
        return http.securityMatcher("/actuator/**")
                .csrf(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new BearerTokenFilter(authenticators, problems), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/actuator/prometheus").hasAnyRole(
                                io.clickstream.studio.security.Roles.ADMINISTRATOR,
                                io.clickstream.studio.security.Roles.OPERATOR)
                        .anyRequest().denyAll())
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .build();
    }
}
