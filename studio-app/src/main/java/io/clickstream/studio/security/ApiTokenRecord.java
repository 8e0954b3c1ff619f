package io.clickstream.studio.security;

import java.time.Instant;

/**
 * A personal API token as listed to its owner: never the secret, which is shown once at creation and stored only
 * as a SHA-256 hash.
 *
 * @param id         public part of the token ({@code cs_<id>_<secret>}), used to revoke it
 * @param username   whose role it acts with
 * @param name       what its owner called it ("CI deploys")
 * @param createdAt  when it was made
 * @param lastUsedAt when it last authenticated a request (to the minute), or null
 */
public record ApiTokenRecord(String id, String username, String name, Instant createdAt, Instant lastUsedAt) {
}
