package io.clickstream.studio.security;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;

/**
 * The OIDC provider of {@code clickstream.security.oidc.*}, read from its discovery document when the studio starts
 * (so a wrong issuer stops the start with the reason instead of failing every sign-in later).
 */
@Configuration
@ConditionalOnProperty("clickstream.security.oidc.issuer")
class OidcConfiguration {

    @Bean
    ClientRegistrationRepository oidcClientRegistrations(SecurityProperties properties) {
        SecurityProperties.Oidc oidc = properties.oidc();
        ClientRegistration registration = ClientRegistrations.fromIssuerLocation(oidc.issuer().toString())
                .registrationId(SecurityConfiguration.OIDC_REGISTRATION)
                .clientId(oidc.clientId())
                .clientSecret(oidc.clientSecret())
                .scope(oidc.scopes())
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .userNameAttributeName("sub")
                .build();
        return new InMemoryClientRegistrationRepository(registration);
    }
}
