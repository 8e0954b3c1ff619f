package io.clickstream.studio.project;

import java.util.List;

/**
 * An app as a form or an API request gives it. On a change, null fields keep their value.
 *
 * @param appId          1-128 letters, digits, '.', '_' or '-' (it names the app's lake partition); fixed once created
 * @param projectId      the project it belongs to (set by the URL on create; a change moves it)
 * @param name           display name (the id when blank)
 * @param description    free text
 * @param timeZone       IANA time zone of its reports, e.g. {@code Europe/Paris} (default UTC)
 * @param enabled        whether ingestion accepts its events (default true)
 * @param allowedOrigins web origins allowed to send from a browser ({@code https://shop.example}) or {@code *}
 * @param platforms      which SDKs it uses: {@code Web}, {@code Android}, {@code iOS}, {@code Server}
 * @param version        on a change, the version read (alternative to {@code If-Match})
 */
public record AppInput(String appId, String projectId, String name, String description, String timeZone,
                       Boolean enabled, List<String> allowedOrigins, List<String> platforms, Long version) {
}
