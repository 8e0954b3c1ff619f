/**
 * The JSON API framework under {@code /api/v1} that every feature's {@code @RestController} uses: a stateless
 * security filter chain authenticating {@code Authorization: Bearer} tokens through
 * {@link io.clickstream.studio.api.BearerTokenAuthenticator}s (401 for a missing or unknown token, 403 for a role
 * that may not), RFC 9457 problem details for every error (services throw the exceptions of the {@code base}
 * package; {@code ApiExceptionHandler} maps them), optimistic locking over HTTP ({@link
 * io.clickstream.studio.api.ApiVersions}: ETag / If-Match), and the OpenAPI document at
 * {@code /api/v1/openapi.json}. Roles are checked by {@code @RolesAllowed} on the service methods the views call
 * too, so the API and the UI enforce the same rules.
 */
package io.clickstream.studio.api;
