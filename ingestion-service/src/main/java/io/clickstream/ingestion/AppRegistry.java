package io.clickstream.ingestion;

import java.util.Optional;

/**
 * Which app ids the collector accepts. Looked up on every request, so implementations must be fast and
 * thread-safe; a change they report takes effect on the next request, without a restart.
 */
@FunctionalInterface
public interface AppRegistry {

    /** The app's policy, or empty when the id is unknown. */
    Optional<AppPolicy> find(String appId);
}
