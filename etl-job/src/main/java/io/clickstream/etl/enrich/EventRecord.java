package io.clickstream.etl.enrich;

import io.clickstream.model.SdkEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One event on its way to the {@code event} table: the columns of {@code ModeledTables.EVENT} as mutable fields,
 * plus the request context enrichers read ({@link #ip}, {@link #userAgent}, {@link #attributes}). Enrichers fill
 * or rewrite fields in place, which keeps the per-event path free of copies.
 */
public final class EventRecord {
    // request context
    public String appId;
    public String ip;
    public String userAgent;
    public String rid;
    public Long uploadTs;
    /** The event's attributes as sent (reserved {@code _} keys included); custom parameters derive from it. */
    public Map<String, Object> attributes = Map.of();
    /** User attributes as sent, by name. */
    public Map<String, SdkEvent.UserAttribute> user = Map.of();
    public List<SdkEvent.Item> items = List.of();
    public Long sessionStartMsec;
    public Long sessionDurationMsec;
    public String countryCode;

    // event columns
    public String eventId;
    public String eventName;
    public long eventTimeMsec;
    public String platform;
    public String userPseudoId;
    public String userId;
    public String sessionId;
    public Long sessionNumber;
    public String deviceId;
    public String deviceMake;
    public String deviceBrand;
    public String deviceModel;
    public String deviceOs;
    public String deviceOsVersion;
    public Long screenWidth;
    public Long screenHeight;
    public Long viewportWidth;
    public Long viewportHeight;
    public String locale;
    public String systemLanguage;
    public String networkType;
    public String carrier;
    public String uaBrowser;
    public String uaBrowserVersion;
    public String uaOs;
    public String uaOsVersion;
    public String uaDevice;
    public String uaDeviceCategory;
    public String geoContinent;
    public String geoCountry;
    public String geoRegion;
    public String geoCity;
    public String trafficSource;
    public String trafficMedium;
    public String trafficCampaign;
    public String trafficContent;
    public String trafficTerm;
    public String trafficClid;
    public String trafficClidPlatform;
    public String trafficChannelGroup;
    public String trafficCategory;
    public String pageUrl;
    public String pageTitle;
    public String pageReferrer;
    public String pageHostname;
    public String screenName;
    public Double eventValue;
    public String eventValueCurrency;
    public Long engagementTimeMsec;
    public String appVersion;
    public String appPackageName;
    public String sdkName;
    public String sdkVersion;
    /** Non-reserved attributes as text; PII rules and plugins may edit it. */
    public Map<String, String> customParameters = new LinkedHashMap<>();
    public long ingestTimeMsec;
    public Long bundleSeq;
}
