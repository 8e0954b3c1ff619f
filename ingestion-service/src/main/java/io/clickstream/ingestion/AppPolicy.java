package io.clickstream.ingestion;

import java.util.Objects;
import java.util.Set;

/**
 * What the collector needs to know about one app: whether it may send events and from which web origins.
 *
 * @param appId          the {@code appId} query parameter the SDK sends
 * @param enabled        a disabled app is refused (403) like an unknown one
 * @param allowedOrigins origins allowed to post from a browser; empty allows none, a {@code "*"} entry allows any
 *                       (the request's origin is still echoed, never {@code *}, because the web SDK sends
 *                       credentials)
 */
public record AppPolicy(String appId, boolean enabled, Set<String> allowedOrigins) {

    public AppPolicy {
        Objects.requireNonNull(appId, "appId");
        allowedOrigins = allowedOrigins == null ? Set.of() : Set.copyOf(allowedOrigins);
    }

    /** An enabled app that accepts no cross-origin requests (mobile SDKs and servers send no Origin). */
    public static AppPolicy enabled(String appId) {
        return new AppPolicy(appId, true, Set.of());
    }

    /** True when a browser request from {@code origin} may be answered with that origin echoed. */
    public boolean allowsOrigin(String origin) {
        if (origin == null || origin.isEmpty()) {
            return false;
        }
        return allowedOrigins.contains("*") || allowedOrigins.contains(origin);
    }
}
