package io.clickstream.metadata.apps;

import io.clickstream.model.LakeLayout;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * An app that sends events: the one record that deployables other than the studio read from the metadata store
 * (ingestion accepts only enabled apps and echoes only their allowed origins; the ETL computes event dates in the
 * app's time zone). Its id becomes a lake path segment, so it is restricted to letters, digits, '.', '_' and '-'.
 *
 * @param appId          1-128 characters of {@code [A-Za-z0-9._-]} (the lake partition name, {@code LakeLayout})
 * @param projectId      the project it belongs to
 * @param name           display name (the id when blank)
 * @param description    free text, may be empty
 * @param timeZone       IANA zone, e.g. {@code Europe/Paris}: event dates, dashboards and explorations use it
 * @param enabled        whether ingestion accepts its events
 * @param allowedOrigins web origins allowed to post from a browser ({@code https://shop.example}, or {@code *})
 * @param platforms      which SDKs it uses: {@code Web}, {@code Android}, {@code iOS}, ...
 */
public record AppRecord(String appId, String projectId, String name, String description, String timeZone,
                        boolean enabled, List<String> allowedOrigins, List<String> platforms) {

    public AppRecord {
        if (!isValidAppId(appId)) {
            throw new IllegalArgumentException("app id must be 1-128 letters, digits, '.', '_' or '-': '" + appId + "'");
        }
        Objects.requireNonNull(projectId, "projectId");
        name = name == null || name.isBlank() ? appId : name.strip();
        description = description == null ? "" : description;
        timeZone = timeZone == null || timeZone.isBlank() ? "UTC" : timeZone;
        try {
            timeZone = ZoneId.of(timeZone).getId();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone '" + timeZone + "' (use an IANA name such as "
                    + "Europe/Paris)");
        }
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(new LinkedHashSet<>(allowedOrigins));
        platforms = platforms == null ? List.of() : List.copyOf(new LinkedHashSet<>(platforms));
    }

    /** Whether {@code appId} can name an app (and so a lake partition). */
    public static boolean isValidAppId(String appId) {
        return LakeLayout.isSafeSegment(appId);
    }

    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }
}
