package io.clickstream.studio.base;

/**
 * A curl command that sends one event to a collect endpoint, as the app and pipeline pages show it: the collector
 * protocol's JSON array, with a browser-like user agent so that the ETL does not filter the event as a bot.
 */
public final class CollectCommand {

    /** A browser-like user agent: the ETL drops events whose user agent is an HTTP tool such as curl's own. */
    public static final String BROWSER_USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0";

    private CollectCommand() {
    }

    /** The command for an app and a collect URL ({@code http://host:port/collect}). */
    public static String curl(String appId, String endpoint) {
        String appJson = appId.replace("\\", "\\\\").replace("\"", "\\\"");
        return """
                curl -A '%s' \\
                  -H 'Content-Type: application/json; charset=utf-8' \\
                  '%s?appId=%s&platform=Web' \\
                  -d '[{"event_type": "button_click", "event_id": "'"$(date +%%s%%N)"'",
                        "timestamp": '"$(date +%%s%%3N)"', "app_id": "%s",
                        "unique_id": "user-1", "platform": "Web"}]'
                """.formatted(BROWSER_USER_AGENT, shell(endpoint), shell(appId), shell(appJson));
    }

    /** Inside single quotes of a shell command. App ids and URLs have no quotes, but stay safe anyway. */
    private static String shell(String value) {
        return value.replace("'", "'\\''");
    }
}
