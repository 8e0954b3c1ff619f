package io.clickstream.studio.explore;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

/**
 * One modeled event as tests generate it: the columns explorations read, with the event date computed in the
 * app's zone exactly as the ETL's decoder does ({@code LocalDate.ofInstant(timestamp, zone)}).
 */
public record ModeledEvent(String appId, String eventId, String eventName, long timeMsec, String userPseudoId,
                           String sessionId, String platform, String geoCountry, String pageTitle, String pageUrl,
                           String screenName, String trafficSource, String campaign, Double eventValue,
                           Map<String, String> parameters) {

    public ModeledEvent {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }

    public LocalDate eventDate(ZoneId zone) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(timeMsec), zone);
    }

    /** The value of a property as explorations name it (column, {@code event.<p>}); user attributes are elsewhere. */
    public Object column(String name) {
        return switch (name) {
            case "event_name" -> eventName;
            case "platform" -> platform;
            case "geo_country" -> geoCountry;
            case "page_title" -> pageTitle;
            case "page_url" -> pageUrl;
            case "screen_name" -> screenName;
            case "traffic_source_source" -> trafficSource;
            case "traffic_source_campaign" -> campaign;
            case "event_value" -> eventValue;
            default -> throw new IllegalArgumentException("the tests do not generate column " + name);
        };
    }
}
