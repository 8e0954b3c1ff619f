package io.clickstream.studio.metadata;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the Clickstream SDKs (web, Android, Swift and those built on them) send by themselves: their preset events,
 * the reserved attributes they add to events, and the reserved user attributes, each with a display name, a
 * description and a category. The metadata manager shows these until an analyst writes their own. Names start
 * with {@code _}, which the SDKs reserve for themselves.
 */
public final class Presets {

    /** A display name, description and category that an SDK-defined name comes with. */
    public record Preset(String displayName, String description, String category) {
    }

    static final String SESSION = "Session";
    static final String PAGES = "Pages and screens";
    static final String LIFECYCLE = "App lifecycle";
    static final String ENGAGEMENT = "Engagement";
    static final String USER = "User";
    static final String TRAFFIC = "Traffic source";
    static final String COMMERCE = "Commerce";
    static final String DIAGNOSTICS = "Diagnostics";

    private static final Map<String, Preset> EVENTS = new LinkedHashMap<>();
    private static final Map<String, Preset> PARAMETERS = new LinkedHashMap<>();
    private static final Map<String, Preset> USER_ATTRIBUTES = new LinkedHashMap<>();

    static {
        event("_first_open", "First open", LIFECYCLE,
                "A user opened the app for the first time after installing it, or visited the site for the first "
                        + "time in this browser. Counts new users.");
        event("_first_visit", "First visit", LIFECYCLE,
                "A user's first visit to the website, as some SDK versions name the first open on the web.");
        event("_session_start", "Session start", SESSION,
                "A new session began: the app came to the foreground, or the site was opened, after more than the "
                        + "session timeout (30 minutes by default) without activity.");
        event("_page_view", "Page view", PAGES,
                "A page of the website was shown, route changes of single-page apps included.");
        event("_screen_view", "Screen view", PAGES,
                "A screen of the mobile app was shown (an Android activity or fragment, an iOS view controller).");
        event("_user_engagement", "User engagement", ENGAGEMENT,
                "The user left a page or screen after looking at it for at least a second; the time they were "
                        + "active there is in Engagement time.");
        event("_scroll", "Scroll", ENGAGEMENT,
                "The user scrolled to the bottom (90 %) of a page for the first time during its view.");
        event("_search", "Site search", ENGAGEMENT,
                "A page was opened with a search query in its address (q, s, search, query or keyword parameter); "
                        + "the term is in Search term.");
        event("_click", "Outbound click", ENGAGEMENT,
                "The user clicked a link that leads away from the site's own domain.");
        event("_app_start", "App start", LIFECYCLE,
                "The app came to the foreground (on the web: the page became visible again).");
        event("_app_end", "App end", LIFECYCLE,
                "The app went to the background (on the web: the page was hidden or closed).");
        event("_app_update", "App update", LIFECYCLE,
                "The app started in a newer version than the last time; the old version is in Previous app version.");
        event("_os_update", "OS update", LIFECYCLE,
                "The device started the app on a newer operating system version than the last time.");
        event("_app_exception", "App crash", DIAGNOSTICS,
                "The app stopped on an uncaught exception; Exception message and Exception stack describe it.");
        event("_profile_set", "Profile set", USER,
                "The app set or changed the user id or user attributes.");
        event("_clickstream_error", "SDK error", DIAGNOSTICS,
                "The SDK dropped or cut invalid data of an event (a name or value too long, too many attributes); "
                        + "Error code and Error message tell which.");

        parameter("_page_url", "Page URL", PAGES, "The full address of the page, query string included.");
        parameter("_page_title", "Page title", PAGES, "The title of the page (its <title>).");
        parameter("_page_referrer", "Page referrer", PAGES,
                "The address of the page the user came from, on this site or another.");
        parameter("_page_referrer_title", "Page referrer title", PAGES, "The title of the previous page of the site.");
        parameter("_latest_referrer", "Latest referrer", TRAFFIC,
                "The last external address that sent the user to the site.");
        parameter("_latest_referrer_host", "Latest referrer host", TRAFFIC,
                "The host name of the latest external referrer.");
        parameter("_screen_name", "Screen name", PAGES, "The name of the app screen (its class name by default).");
        parameter("_screen_id", "Screen ID", PAGES, "An identifier of the screen class.");
        parameter("_screen_unique_id", "Screen instance ID", PAGES, "Identifies one instance of a screen.");
        parameter("_previous_screen_name", "Previous screen name", PAGES, "The screen shown before this one.");
        parameter("_previous_screen_id", "Previous screen ID", PAGES, "The identifier of the previous screen.");
        parameter("_previous_screen_unique_id", "Previous screen instance ID", PAGES,
                "The instance identifier of the previous screen.");
        parameter("_entrances", "Entrance", PAGES,
                "1 when this page or screen was the first of its session, otherwise 0.");
        parameter("_previous_timestamp", "Previous view time", PAGES,
                "When the previous page or screen view happened (epoch milliseconds).");
        parameter("_engagement_time_msec", "Engagement time", ENGAGEMENT,
                "Milliseconds the user was active on the page or screen.");
        parameter("_is_first_time", "First view", ENGAGEMENT,
                "True when the user sees this page or screen for the first time.");
        parameter("_session_id", "Session ID", SESSION, "Identifies the session the event belongs to.");
        parameter("_session_number", "Session number", SESSION,
                "How many sessions this user has started on this device, this one included.");
        parameter("_session_start_timestamp", "Session start time", SESSION,
                "When the session began (epoch milliseconds).");
        parameter("_session_duration", "Session duration", SESSION,
                "Milliseconds since the session began, at the time of the event.");
        parameter("_search_key", "Search parameter", ENGAGEMENT,
                "Which query parameter held the search term (q, s, search, query or keyword).");
        parameter("_search_term", "Search term", ENGAGEMENT, "What the user searched for.");
        parameter("_link_url", "Link URL", ENGAGEMENT, "The address of the clicked outbound link.");
        parameter("_link_domain", "Link domain", ENGAGEMENT, "The domain of the clicked outbound link.");
        parameter("_link_id", "Link ID", ENGAGEMENT, "The id attribute of the clicked link element.");
        parameter("_link_classes", "Link classes", ENGAGEMENT, "The class attribute of the clicked link element.");
        parameter("_outbound", "Outbound", ENGAGEMENT, "True when the clicked link leaves the site.");
        parameter("_previous_app_version", "Previous app version", LIFECYCLE,
                "The app version before the update.");
        parameter("_previous_os_version", "Previous OS version", LIFECYCLE,
                "The operating system version before the update.");
        parameter("_exception_message", "Exception message", DIAGNOSTICS, "The message of the uncaught exception.");
        parameter("_exception_stack", "Exception stack", DIAGNOSTICS, "The stack trace of the uncaught exception.");
        parameter("_error_code", "Error code", DIAGNOSTICS, "Which validation rule the SDK applied.");
        parameter("_error_message", "Error message", DIAGNOSTICS, "What the SDK dropped or cut, and why.");
        parameter("_value", "Value", COMMERCE, "The monetary value of the event, such as a purchase total.");
        parameter("_currency", "Currency", COMMERCE, "The ISO 4217 currency code of Value (USD, EUR, ...).");
        for (String[] source : new String[][] {
                {"source", "Traffic source", "Where the visit came from (google, newsletter, ...)."},
                {"medium", "Traffic medium", "How the visit came (organic, cpc, email, ...)."},
                {"campaign", "Traffic campaign", "The marketing campaign that brought the visit."},
                {"content", "Traffic content", "Which ad or link of the campaign was followed."},
                {"term", "Traffic term", "The paid search keyword of the visit."},
                {"clid", "Click ID", "The ad platform's click identifier (gclid, fbclid, ...)."},
                {"clid_platform", "Click ID platform", "Which ad platform issued the click identifier."},
                {"channel_group", "Channel group", "The channel the visit is attributed to (Direct, Paid search, ...)."},
                {"category", "Traffic category", "The kind of source (search, social, ...)."}}) {
            parameter("_traffic_source_" + source[0], source[1], TRAFFIC, source[2]);
        }

        userAttribute("_user_id", "User ID", "The id the app gave the signed-in user (setUserId).");
        userAttribute("_user_first_touch_timestamp", "First touch time",
                "When the SDK saw this user for the first time (epoch milliseconds).");
    }

    private Presets() {
    }

    public static Optional<Preset> event(String name) {
        return Optional.ofNullable(EVENTS.get(name));
    }

    public static Optional<Preset> parameter(String name) {
        return Optional.ofNullable(PARAMETERS.get(name));
    }

    public static Optional<Preset> userAttribute(String name) {
        return Optional.ofNullable(USER_ATTRIBUTES.get(name));
    }

    /** Every preset event, by name, in a stable order. */
    public static Map<String, Preset> events() {
        return Collections.unmodifiableMap(EVENTS);
    }

    /** Every preset event attribute, by name. */
    public static Map<String, Preset> parameters() {
        return Collections.unmodifiableMap(PARAMETERS);
    }

    /** Every preset user attribute, by name. */
    public static Map<String, Preset> userAttributes() {
        return Collections.unmodifiableMap(USER_ATTRIBUTES);
    }

    private static void event(String name, String displayName, String category, String description) {
        EVENTS.put(name, new Preset(displayName, description, category));
    }

    private static void parameter(String name, String displayName, String category, String description) {
        PARAMETERS.put(name, new Preset(displayName, description, category));
    }

    private static void userAttribute(String name, String displayName, String description) {
        USER_ATTRIBUTES.put(name, new Preset(displayName, description, USER));
    }
}
