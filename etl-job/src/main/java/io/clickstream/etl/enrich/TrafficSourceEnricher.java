package io.clickstream.etl.enrich;

import io.clickstream.etl.parse.EventMapping;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Traffic source of an event: the SDK's {@code _traffic_source_*} attributes when present; else {@code utm_*}
 * parameters and click ids in the page URL; else an external referrer (search engines are organic, others
 * referrals); internal navigation is left empty and inherits its session's source. Then the source category
 * (search, social, video, shopping) and the channel group from the app's ordered rules.
 */
public final class TrafficSourceEnricher implements EventEnricher {

    /** Click id parameter -> {source, medium, clid platform}. */
    private static final Map<String, String[]> CLICK_IDS = Map.ofEntries(
            Map.entry("gclid", new String[] {"google", "cpc", "google_ads"}),
            Map.entry("gbraid", new String[] {"google", "cpc", "google_ads"}),
            Map.entry("wbraid", new String[] {"google", "cpc", "google_ads"}),
            Map.entry("dclid", new String[] {"google", "display", "google_display"}),
            Map.entry("msclkid", new String[] {"bing", "cpc", "microsoft_ads"}),
            Map.entry("fbclid", new String[] {"facebook", "referral", "facebook"}),
            Map.entry("ttclid", new String[] {"tiktok", "cpc", "tiktok_ads"}),
            Map.entry("twclid", new String[] {"twitter", "cpc", "twitter_ads"}),
            Map.entry("li_fat_id", new String[] {"linkedin", "cpc", "linkedin_ads"}),
            Map.entry("sccid", new String[] {"snapchat", "cpc", "snapchat_ads"}),
            Map.entry("epik", new String[] {"pinterest", "cpc", "pinterest_ads"}),
            Map.entry("yclid", new String[] {"yandex", "cpc", "yandex_ads"}));

    private final Map<String, String> rulesByApp;
    private final Map<String, ChannelRules> compiled = new HashMap<>();
    private final Map<String, String> channels = new HashMap<>();
    private ChannelRules defaults;

    /** @param rulesByApp rule text per app id, {@code "*"} for all others; empty for the built-in list */
    public TrafficSourceEnricher(Map<String, String> rulesByApp) {
        this.rulesByApp = rulesByApp;
    }

    @Override
    public void configure(EnrichmentContext context) {
        String all = rulesByApp.get("*");
        defaults = all == null ? ChannelRules.defaults() : ChannelRules.parse(all);
    }

    @Override
    public boolean enrich(EventRecord e) {
        if (e.trafficSource == null) {
            fromUrl(e);
        }
        if (e.trafficSource == null) {
            fromReferrer(e);
        }
        if (e.trafficSource == null) {
            return true;
        }
        if (e.trafficCategory == null) {
            SourceCatalog.Known known = SourceCatalog.bySource(e.trafficSource);
            e.trafficCategory = known == null ? null : known.category();
        }
        if (e.trafficChannelGroup == null) {
            // Rules only test whether a click id is present, so the channel depends on a few low-cardinality
            // values: cache it instead of running ~30 regexes per event.
            String key = e.appId + '\u0001' + e.trafficSource + '\u0001' + e.trafficMedium + '\u0001'
                    + e.trafficCampaign + '\u0001' + e.trafficCategory + '\u0001' + (e.trafficClid != null);
            String channel = channels.get(key);
            if (channel == null) {
                channel = String.valueOf(rulesFor(e.appId).channelOf(e.trafficSource, e.trafficMedium,
                        e.trafficCampaign, e.trafficCategory, e.trafficClid == null ? null : "x"));
                if (channels.size() < 10_000) {
                    channels.put(key, channel);
                }
            }
            e.trafficChannelGroup = channel.equals("null") ? null : channel;
        }
        return true;
    }

    private ChannelRules rulesFor(String appId) {
        String text = rulesByApp.get(appId);
        return text == null ? defaults : compiled.computeIfAbsent(appId, a -> ChannelRules.parse(text));
    }

    private static void fromUrl(EventRecord e) {
        String url = e.pageUrl;
        int q = url == null ? -1 : url.indexOf('?');
        if (q < 0) {
            return;
        }
        int hash = url.indexOf('#', q);
        String query = url.substring(q + 1, hash < 0 ? url.length() : hash);
        String clidName = null, clidValue = null;
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = pair.substring(0, eq).toLowerCase(Locale.ROOT);
            String value = decode(pair.substring(eq + 1));
            if (value.isEmpty()) {
                continue;
            }
            switch (key) {
                case "utm_source" -> e.trafficSource = value;
                case "utm_medium" -> e.trafficMedium = value;
                case "utm_campaign" -> e.trafficCampaign = value;
                case "utm_content" -> e.trafficContent = value;
                case "utm_term" -> e.trafficTerm = value;
                default -> {
                    if (clidName == null && CLICK_IDS.containsKey(key)) {
                        clidName = key;
                        clidValue = value;
                    }
                }
            }
        }
        if (clidName != null) {
            String[] c = CLICK_IDS.get(clidName);
            e.trafficClid = clidValue;
            e.trafficClidPlatform = c[2];
            if (e.trafficSource == null) {
                e.trafficSource = c[0];
            }
            if (e.trafficMedium == null) {
                e.trafficMedium = c[1];
            }
        }
        if (e.trafficSource == null && (e.trafficMedium != null || e.trafficCampaign != null)) {
            e.trafficSource = "(not set)";
        }
    }

    private static void fromReferrer(EventRecord e) {
        String refHost = EventMapping.hostOf(e.pageReferrer);
        if (refHost == null) {
            return;
        }
        String pageHost = e.pageHostname;
        if (pageHost != null && sameSite(refHost, pageHost)) {
            return;
        }
        SourceCatalog.Known known = SourceCatalog.byHost(refHost);
        if (known != null) {
            e.trafficSource = known.name();
            e.trafficMedium = SourceCatalog.SEARCH.equals(known.category()) ? "organic" : "referral";
            e.trafficCategory = known.category();
        } else {
            e.trafficSource = refHost.startsWith("www.") ? refHost.substring(4) : refHost;
            e.trafficMedium = "referral";
        }
    }

    private static boolean sameSite(String a, String b) {
        String x = a.startsWith("www.") ? a.substring(4) : a;
        String y = b.startsWith("www.") ? b.substring(4) : b;
        return x.equals(y) || x.endsWith("." + y) || y.endsWith("." + x);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException ex) {
            return s;
        }
    }
}
