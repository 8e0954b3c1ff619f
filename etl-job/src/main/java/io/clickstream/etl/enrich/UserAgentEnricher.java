package io.clickstream.etl.enrich;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import ua_parser.Client;
import ua_parser.Parser;

/**
 * Browser, OS and device from the request's User-Agent with uap-java (the ua-parser project's regexes). Parsing a
 * user agent costs tens of microseconds and traffic repeats a few thousand strings, so results are cached per task.
 */
public final class UserAgentEnricher implements EventEnricher {

    /** Loading the regex file takes about a second; one parser (immutable, thread-safe) serves the whole JVM. */
    private static volatile Parser shared;
    private static final int CACHE_SIZE = 10_000;

    private final Map<String, ParsedAgent> cache = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ParsedAgent> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    /** What the event table keeps of a user agent. */
    public record ParsedAgent(String browser, String browserMajor, String browserVersion, String os, String osVersion,
                              String device, String deviceCategory) {
    }

    static Parser parser() {
        Parser p = shared;
        if (p == null) {
            synchronized (UserAgentEnricher.class) {
                p = shared;
                if (p == null) {
                    p = new Parser();
                    shared = p;
                }
            }
        }
        return p;
    }

    @Override
    public boolean enrich(EventRecord event) {
        if (event.userAgent == null || event.userAgent.isEmpty()) {
            return true;
        }
        ParsedAgent a = cache.computeIfAbsent(event.userAgent, UserAgentEnricher::parse);
        event.uaBrowser = a.browser();
        event.uaBrowserVersion = a.browserVersion();
        event.uaOs = a.os();
        event.uaOsVersion = a.osVersion();
        event.uaDevice = a.device();
        event.uaDeviceCategory = a.deviceCategory();
        return true;
    }

    /** Parses one user agent string. */
    public static ParsedAgent parse(String userAgent) {
        Client c = parser().parse(userAgent);
        String browserVersion = version(c.userAgent.major, c.userAgent.minor, c.userAgent.patch);
        String osVersion = version(c.os.major, c.os.minor, c.os.patch);
        String device = c.device.family;
        return new ParsedAgent(c.userAgent.family, c.userAgent.major, browserVersion, c.os.family, osVersion, device,
                category(userAgent, c));
    }

    /** Desktop, Mobile, Tablet, Bot or Other: ua-parser has no such field, so it is derived from OS and device. */
    static String category(String userAgent, Client c) {
        String device = c.device.family == null ? "" : c.device.family;
        String os = c.os.family == null ? "" : c.os.family;
        String ua = userAgent.toLowerCase(Locale.ROOT);
        if (device.equals("Spider")) {
            return "Bot";
        }
        if (device.equals("iPad") || device.contains("Tablet") || device.startsWith("Kindle")
                || ua.contains("tablet") || (os.equals("Android") && !ua.contains("mobile"))) {
            return "Tablet";
        }
        if (os.equals("iOS") || os.equals("Android") || ua.contains("mobile") || device.equals("iPhone")) {
            return "Mobile";
        }
        if (os.startsWith("Windows") || os.equals("Mac OS X") || os.equals("Linux") || os.equals("Ubuntu")
                || os.equals("Chrome OS") || os.equals("Fedora") || os.equals("FreeBSD")) {
            return "Desktop";
        }
        return "Other";
    }

    private static String version(String major, String minor, String patch) {
        if (major == null) {
            return null;
        }
        StringBuilder v = new StringBuilder(major);
        if (minor != null) {
            v.append('.').append(minor);
            if (patch != null) {
                v.append('.').append(patch);
            }
        }
        return v.toString();
    }
}
