package io.clickstream.etl.parse;

import io.clickstream.etl.enrich.EventRecord;
import io.clickstream.model.RawEnvelope;
import io.clickstream.model.SdkEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps one validated SDK event and its envelope to an {@link EventRecord}: reserved attributes become columns,
 * the others custom parameters, and event times are shifted when the client clock is off by more than the
 * threshold (the shift is {@code ingest_time - upload_timestamp}, as the reference does).
 */
public final class EventMapping {

    private final long skewThresholdMsec;

    public EventMapping(long skewThresholdMsec) {
        this.skewThresholdMsec = skewThresholdMsec;
    }

    /** Milliseconds to add to client times of this request: 0 unless the clocks differ by more than the threshold. */
    public long clockShift(RawEnvelope env) {
        if (env.uploadTs() == null || env.uploadTs() <= 0) {
            return 0;
        }
        long diff = env.ingestTime() - env.uploadTs();
        return Math.abs(diff) > skewThresholdMsec ? diff : 0;
    }

    public EventRecord toRecord(RawEnvelope env, SdkEvent ev, long shift) {
        EventRecord r = new EventRecord();
        r.appId = env.appId();
        r.ip = env.ip();
        r.userAgent = env.ua();
        r.rid = env.rid();
        r.uploadTs = env.uploadTs();
        r.attributes = ev.attributes();
        r.user = ev.user();
        r.items = ev.items();
        r.countryCode = ev.countryCode();

        r.eventId = ev.eventId();
        r.eventName = ev.eventType();
        r.eventTimeMsec = ev.timestamp() + shift;
        r.platform = ev.platform() != null ? ev.platform() : env.platform();
        r.userPseudoId = ev.uniqueId();
        r.userId = ev.userId();
        r.sessionId = ev.attributeText("_session_id");
        r.sessionNumber = ev.attributeLong("_session_number");
        Long sessionStart = ev.attributeLong("_session_start_timestamp");
        r.sessionStartMsec = sessionStart == null ? null : sessionStart + shift;
        r.sessionDurationMsec = ev.attributeLong("_session_duration");
        r.deviceId = ev.deviceId();
        r.deviceMake = ev.make();
        r.deviceBrand = ev.brand();
        r.deviceModel = ev.model();
        r.deviceOs = ev.osName();
        r.deviceOsVersion = ev.osVersion();
        r.screenWidth = ev.screenWidth();
        r.screenHeight = ev.screenHeight();
        r.viewportWidth = ev.viewportWidth();
        r.viewportHeight = ev.viewportHeight();
        r.locale = ev.locale();
        r.systemLanguage = ev.systemLanguage();
        r.networkType = ev.networkType();
        r.carrier = ev.carrier();
        r.trafficSource = ev.attributeText("_traffic_source_source");
        r.trafficMedium = ev.attributeText("_traffic_source_medium");
        r.trafficCampaign = ev.attributeText("_traffic_source_campaign");
        r.trafficContent = ev.attributeText("_traffic_source_content");
        r.trafficTerm = ev.attributeText("_traffic_source_term");
        r.trafficClid = ev.attributeText("_traffic_source_clid");
        r.trafficClidPlatform = ev.attributeText("_traffic_source_clid_platform");
        r.trafficChannelGroup = ev.attributeText("_traffic_source_channel_group");
        r.trafficCategory = ev.attributeText("_traffic_source_category");
        r.pageUrl = ev.attributeText("_page_url");
        r.pageTitle = ev.attributeText("_page_title");
        r.pageReferrer = ev.attributeText("_page_referrer");
        if (r.pageReferrer == null) {
            r.pageReferrer = ev.attributeText("_latest_referrer");
        }
        r.pageHostname = hostOf(r.pageUrl);
        if (r.pageHostname == null) {
            r.pageHostname = ev.hostName();
        }
        r.screenName = ev.attributeText("_screen_name");
        r.eventValue = ev.attributeDouble("_value");
        r.eventValueCurrency = ev.attributeText("_currency");
        r.engagementTimeMsec = ev.attributeLong("_engagement_time_msec");
        r.appVersion = ev.appVersion();
        r.appPackageName = ev.appPackageName();
        r.sdkName = ev.sdkName();
        r.sdkVersion = ev.sdkVersion();
        Map<String, String> custom = new LinkedHashMap<>();
        for (Map.Entry<String, Object> a : ev.attributes().entrySet()) {
            if (!a.getKey().startsWith("_") && a.getValue() != null) {
                custom.put(a.getKey(), a.getValue().toString());
            }
        }
        r.customParameters = custom;
        r.ingestTimeMsec = env.ingestTime();
        r.bundleSeq = env.bundleSeq();
        return r;
    }

    /**
     * Host of an absolute URL ({@code scheme://[user@]host[:port][/?#...]}), lower-cased, or null for anything
     * else. Hand-rolled because it runs for most events and {@code java.net.URI} parsing costs microseconds.
     */
    public static String hostOf(String url) {
        if (url == null) {
            return null;
        }
        int scheme = url.indexOf("://");
        if (scheme <= 0) {
            return null;
        }
        int start = scheme + 3;
        int end = url.length();
        for (int i = start; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        int at = url.lastIndexOf('@', end - 1);
        if (at >= start) {
            start = at + 1;
        }
        if (start < end && url.charAt(start) == '[') {
            int close = url.indexOf(']', start);
            if (close < 0 || close >= end) {
                return null;
            }
            end = close + 1;
        } else {
            int colon = url.indexOf(':', start);
            if (colon >= 0 && colon < end) {
                end = colon;
            }
        }
        if (end <= start) {
            return null;
        }
        String host = url.substring(start, end);
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c <= ' ' || c == '%' || c == '\\') {
                return null;
            }
        }
        return host.toLowerCase(java.util.Locale.ROOT);
    }
}
