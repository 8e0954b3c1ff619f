package io.clickstream.etl.enrich;

import java.util.List;
import java.util.Locale;

/**
 * Well-known traffic sources: which referrer hosts and {@code utm_source} names are search engines, social
 * networks, video or shopping sites, under one canonical source name each.
 */
final class SourceCatalog {

    static final String SEARCH = "Search";
    static final String SOCIAL = "Social";
    static final String VIDEO = "Video";
    static final String SHOPPING = "Shopping";
    static final String INTERNAL = "Internal";

    /** A known source: its canonical name, category, and the host fragments and source aliases that name it. */
    record Known(String name, String category, List<String> hostFragments, List<String> aliases) {
    }

    // Order matters where hosts overlap: shopping.google before google, youtube before google.
    private static final List<Known> KNOWN = List.of(
            new Known("google shopping", SHOPPING, List.of("shopping.google."), List.of("google shopping")),
            new Known("youtube", VIDEO, List.of("youtube.", "youtu.be"), List.of("youtube", "yt")),
            new Known("google", SEARCH, List.of("google."), List.of("google", "adwords", "googleads")),
            new Known("bing", SEARCH, List.of("bing.com"), List.of("bing", "microsoft", "msn")),
            new Known("yahoo", SEARCH, List.of("yahoo."), List.of("yahoo")),
            new Known("duckduckgo", SEARCH, List.of("duckduckgo.com"), List.of("duckduckgo", "ddg")),
            new Known("baidu", SEARCH, List.of("baidu.com"), List.of("baidu")),
            new Known("yandex", SEARCH, List.of("yandex."), List.of("yandex")),
            new Known("ecosia", SEARCH, List.of("ecosia.org"), List.of("ecosia")),
            new Known("naver", SEARCH, List.of("naver.com"), List.of("naver")),
            new Known("sogou", SEARCH, List.of("sogou.com"), List.of("sogou")),
            new Known("qwant", SEARCH, List.of("qwant.com"), List.of("qwant")),
            new Known("startpage", SEARCH, List.of("startpage.com"), List.of("startpage")),
            new Known("facebook", SOCIAL, List.of("facebook.com", "fb.com", "fb.me"), List.of("facebook", "fb", "meta")),
            new Known("instagram", SOCIAL, List.of("instagram.com"), List.of("instagram", "ig")),
            new Known("twitter", SOCIAL, List.of("twitter.com", "t.co", "x.com"), List.of("twitter", "x")),
            new Known("linkedin", SOCIAL, List.of("linkedin.com", "lnkd.in"), List.of("linkedin")),
            new Known("reddit", SOCIAL, List.of("reddit.com"), List.of("reddit")),
            new Known("pinterest", SOCIAL, List.of("pinterest."), List.of("pinterest")),
            new Known("tiktok", SOCIAL, List.of("tiktok.com"), List.of("tiktok")),
            new Known("snapchat", SOCIAL, List.of("snapchat.com"), List.of("snapchat")),
            new Known("weibo", SOCIAL, List.of("weibo.com"), List.of("weibo")),
            new Known("vk", SOCIAL, List.of("vk.com"), List.of("vk", "vkontakte")),
            new Known("quora", SOCIAL, List.of("quora.com"), List.of("quora")),
            new Known("threads", SOCIAL, List.of("threads.net"), List.of("threads")),
            new Known("wechat", SOCIAL, List.of("weixin.qq.com"), List.of("wechat", "weixin")),
            new Known("vimeo", VIDEO, List.of("vimeo.com"), List.of("vimeo")),
            new Known("twitch", VIDEO, List.of("twitch.tv"), List.of("twitch")),
            new Known("dailymotion", VIDEO, List.of("dailymotion.com"), List.of("dailymotion")),
            new Known("amazon", SHOPPING, List.of("amazon."), List.of("amazon")),
            new Known("ebay", SHOPPING, List.of("ebay."), List.of("ebay")),
            new Known("walmart", SHOPPING, List.of("walmart.com"), List.of("walmart")),
            new Known("etsy", SHOPPING, List.of("etsy.com"), List.of("etsy")),
            new Known("aliexpress", SHOPPING, List.of("aliexpress."), List.of("aliexpress")));

    private SourceCatalog() {
    }

    /** The known source of a referrer host, or null. */
    static Known byHost(String host) {
        if (host == null) {
            return null;
        }
        String h = host.toLowerCase(Locale.ROOT);
        for (Known k : KNOWN) {
            for (String fragment : k.hostFragments()) {
                if (h.equals(fragment) || h.startsWith(fragment) || h.contains("." + fragment)) {
                    return k;
                }
            }
        }
        return null;
    }

    /** The known source of a {@code utm_source} value (a name or a host), or null. */
    static Known bySource(String source) {
        if (source == null) {
            return null;
        }
        String s = source.toLowerCase(Locale.ROOT).trim();
        for (Known k : KNOWN) {
            if (k.aliases().contains(s)) {
                return k;
            }
        }
        return s.indexOf('.') > 0 ? byHost(s) : null;
    }
}
