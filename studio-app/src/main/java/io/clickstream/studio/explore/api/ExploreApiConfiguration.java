package io.clickstream.studio.explore.api;

import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

/** Turns on method security, which enforces the roles on {@link ExploreController} on the server. */
@Configuration
@EnableMethodSecurity(securedEnabled = true)
class ExploreApiConfiguration {
}
