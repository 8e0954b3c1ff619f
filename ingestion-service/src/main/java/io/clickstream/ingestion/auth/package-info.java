/**
 * Optional authentication of collect requests: bearer JWTs verified against an OIDC issuer's published keys (JWKS),
 * with the keys cached and fetched again when a token names a key id the cache does not hold (key rotation).
 */
package io.clickstream.ingestion.auth;
