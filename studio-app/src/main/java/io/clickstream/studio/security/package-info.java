/**
 * Who may use the studio: local users from configuration with BCrypt-hashed passwords, the four roles of the
 * design, and the Spring Security chain that sends anonymous visitors to the login view. OIDC login will join here.
 */
package io.clickstream.studio.security;
