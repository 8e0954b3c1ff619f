/**
 * Who may use the studio and what they may do: the four {@link io.clickstream.studio.security.Roles}, local users in
 * the metadata store (BCrypt, the first {@code admin}/{@code admin} forced to choose a new password, throttled
 * sign-in), OIDC sign-in with roles mapped from a claim, personal API tokens (hashed, revocable) and service tokens
 * from configuration, both plugged into the API's bearer authentication. The browser's security filter chain and
 * headers are configured here.
 */
package io.clickstream.studio.security;
