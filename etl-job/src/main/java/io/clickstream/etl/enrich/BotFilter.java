package io.clickstream.etl.enrich;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Drops events sent by bots and crawlers: what ua-parser classifies as a spider, plus self-declared automation
 * (headless browsers, HTTP libraries) that it leaves as ordinary clients. Runs after {@link UserAgentEnricher}.
 */
public final class BotFilter implements EventEnricher {

    private static final Pattern AUTOMATION = Pattern.compile(
            "bot\\b|crawl|spider|slurp|headlesschrome|phantomjs|python-requests|python-urllib|curl/|wget/"
                    + "|go-http-client|okhttp/[0-2]\\.|java/|apache-httpclient|scrapy|lighthouse|pingdom|uptime");

    /** Verdicts per user agent: traffic repeats few strings and the pattern scans the whole string. */
    private final Map<String, Boolean> automation = new HashMap<>();

    @Override
    public boolean enrich(EventRecord event) {
        if ("Bot".equals(event.uaDeviceCategory)) {
            return false;
        }
        if (event.userAgent == null) {
            return true;
        }
        Boolean bot = automation.get(event.userAgent);
        if (bot == null) {
            bot = AUTOMATION.matcher(event.userAgent.toLowerCase(Locale.ROOT)).find();
            if (automation.size() >= 10_000) {
                automation.clear();
            }
            automation.put(event.userAgent, bot);
        }
        return !bot;
    }
}
