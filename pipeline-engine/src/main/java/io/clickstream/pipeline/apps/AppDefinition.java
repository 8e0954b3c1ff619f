package io.clickstream.pipeline.apps;

import io.clickstream.model.LakeLayout;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Set;

/**
 * An app that may send events: its id (also the lake partition name), display name, time zone (event dates are
 * computed in it), whether ingestion accepts it, and the web origins allowed to post from a browser.
 */
public record AppDefinition(String appId, String name, ZoneId timeZone, boolean enabled, Set<String> allowedOrigins) {

    public AppDefinition {
        if (!LakeLayout.isSafeSegment(appId)) {
            throw new IllegalArgumentException(
                    "app id must be 1-128 letters, digits, '.', '_' or '-': '" + appId + "'");
        }
        Objects.requireNonNull(timeZone, "timeZone");
        name = name == null || name.isBlank() ? appId : name;
        allowedOrigins = Set.copyOf(allowedOrigins);
    }
}
