package io.clickstream.pipeline.demo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A seeded model of an online shop's traffic: users acquired over a span of days through several channels, who
 * come back with decaying probability, view pages or screens, search, and go through a view-item, add-to-cart,
 * checkout, purchase funnel. Each session becomes one {@link DemoVisit} shaped like the official SDKs' uploads.
 * The same seed always gives the same visits, event ids included, so a repeated backfill is recognised as duplicates.
 */
public final class DemoTrafficModel implements Iterable<DemoVisit> {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private static final String[][] WEB_CLIENTS = {
            // user agent, os name, device make, weight
            {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Windows", "", "30"},
            {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", "Mac OS X", "Apple", "14"},
            {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Mac OS X", "Apple", "10"},
            {"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0", "Windows", "", "7"},
            {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Windows", "", "8"},
            {"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", "iOS", "Apple", "16"},
            {"Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36", "Android", "samsung", "12"},
            {"Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", "Linux", "", "3"},
    };
    private static final String[][] ANDROID_DEVICES = {
            {"samsung", "SM-S918B", "14"}, {"Google", "Pixel 8", "15"}, {"Xiaomi", "23049PCD8G", "13"}, {"OnePlus", "CPH2581", "14"},
    };
    private static final String[][] IOS_DEVICES = {{"iPhone15,2", "18.1"}, {"iPhone14,5", "17.6"}, {"iPad13,18", "18.0"}};
    private static final String[][] COUNTRIES = {
            // country code, locale, weight
            {"US", "en_US", "34"}, {"GB", "en_GB", "10"}, {"DE", "de_DE", "9"}, {"FR", "fr_FR", "7"}, {"JP", "ja_JP", "7"},
            {"BR", "pt_BR", "6"}, {"IN", "en_IN", "9"}, {"CA", "en_CA", "5"}, {"AU", "en_AU", "4"}, {"ES", "es_ES", "4"},
            {"CN", "zh_CN", "5"},
    };
    /** Landing sources: query string added to the landing URL, referrer, weight. */
    private static final String[][] SOURCES = {
            {"", "", "30"},
            {"", "https://www.google.com/", "24"},
            {"?utm_source=google&utm_medium=cpc&utm_campaign=winter_sale&gclid=", "https://www.google.com/", "10"},
            {"", "https://www.bing.com/", "4"},
            {"", "https://www.facebook.com/", "6"},
            {"?utm_source=facebook&utm_medium=paid_social&utm_campaign=retarget&fbclid=", "https://m.facebook.com/", "5"},
            {"?utm_source=newsletter&utm_medium=email&utm_campaign=weekly", "", "8"},
            {"", "https://www.reddit.com/", "4"},
            {"", "https://news.ycombinator.com/", "3"},
            {"", "https://www.youtube.com/", "3"},
            {"?utm_source=partner_blog&utm_medium=affiliate&utm_campaign=spring", "https://partner-blog.example.org/", "3"},
    };
    private static final String[] PAGES = {"/", "/products", "/products/shoes", "/products/jackets", "/products/bags",
            "/sale", "/about", "/blog/how-to-choose-running-shoes", "/help/shipping"};
    private static final String[] SCREENS = {"HomeScreen", "CatalogScreen", "ProductScreen", "SearchScreen", "ProfileScreen"};
    private static final String[][] PRODUCTS = {
            {"sku-1001", "Trail Runner 3", "Shoes", "Running", "Acme", "129.00"},
            {"sku-1002", "City Sneaker", "Shoes", "Casual", "Acme", "89.00"},
            {"sku-2001", "Storm Jacket", "Jackets", "Outdoor", "Northpeak", "219.00"},
            {"sku-2002", "Light Puffer", "Jackets", "Outdoor", "Northpeak", "159.00"},
            {"sku-3001", "Daypack 20L", "Bags", "Backpacks", "Carryall", "74.50"},
            {"sku-3002", "Weekender", "Bags", "Travel", "Carryall", "139.90"},
    };
    private static final String HOST = "shop.example.com";

    private final long seed;
    private final String appId;
    private final int users;
    private final LocalDate firstDay;
    private final int days;
    private final ZoneId zone;
    private final long notAfterMillis;

    /**
     * @param seed           seed of the random choices
     * @param appId          app id stamped on every event
     * @param users          number of distinct users acquired over the span
     * @param firstDay       first day of the span, in {@code zone}
     * @param days           number of days
     * @param zone           the shop's time zone (daily rhythm)
     * @param notAfterMillis no event is later than this (normally "now")
     */
    public DemoTrafficModel(long seed, String appId, int users, LocalDate firstDay, int days, ZoneId zone,
                            long notAfterMillis) {
        this.seed = seed;
        this.appId = appId;
        this.users = users;
        this.firstDay = firstDay;
        this.days = days;
        this.zone = zone;
        this.notAfterMillis = notAfterMillis;
    }

    /** The last {@code days} days up to now, in UTC. */
    public static DemoTrafficModel lastDays(String appId, int users, int days, long seed) {
        long now = System.currentTimeMillis();
        LocalDate today = LocalDate.ofInstant(Instant.ofEpochMilli(now), ZoneId.of("UTC"));
        return new DemoTrafficModel(seed, appId, users, today.minusDays(days - 1L), days, ZoneId.of("UTC"), now);
    }

    @Override
    public Iterator<DemoVisit> iterator() {
        return new Iterator<>() {
            private int user = 0;
            private final List<DemoVisit> pending = new ArrayList<>();

            @Override
            public boolean hasNext() {
                while (pending.isEmpty() && user < users) {
                    pending.addAll(visitsOf(user++));
                }
                return !pending.isEmpty();
            }

            @Override
            public DemoVisit next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return pending.remove(0);
            }
        };
    }

    /** One fresh visit of a random returning or new user at the given time: the live trickle after the backfill. */
    public DemoVisit liveVisit(long atMillis, SplittableRandom random) {
        User u = user(random.nextInt(Math.max(1, users)));
        return session(u, atMillis, 1 + random.nextInt(5), random.nextInt(3) == 0, random);
    }

    private List<DemoVisit> visitsOf(int index) {
        User u = user(index);
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + index * 7919L + 1);
        List<DemoVisit> out = new ArrayList<>();
        // Newer days acquire a bit more users: a growing shop.
        double position = Math.sqrt(random.nextDouble());
        int acquisitionDay = Math.min(days - 1, (int) (position * days));
        int sessionNumber = 1;
        LocalDate day = firstDay.plusDays(acquisitionDay);
        double returnProbability = 0.35 + 0.4 * random.nextDouble();
        while (!day.isAfter(firstDay.plusDays(days - 1L))) {
            long start = sessionStart(day, random);
            if (start > notAfterMillis - 60_000) {
                break;
            }
            out.add(session(u, start, sessionNumber, sessionNumber == 1, random));
            sessionNumber++;
            if (random.nextDouble() > returnProbability) {
                break;
            }
            returnProbability *= 0.85;
            day = day.plusDays(1 + (long) (random.nextDouble() * random.nextDouble() * 9));
        }
        return out;
    }

    private long sessionStart(LocalDate day, SplittableRandom random) {
        // Busy evenings, quiet nights.
        int hour;
        do {
            hour = random.nextInt(24);
        } while (random.nextDouble() > hourWeight(hour));
        ZonedDateTime t = day.atStartOfDay(zone).plusHours(hour).plusMinutes(random.nextInt(60))
                .plusSeconds(random.nextInt(60));
        return t.toInstant().toEpochMilli();
    }

    private static double hourWeight(int hour) {
        if (hour < 6) {
            return 0.15;
        }
        if (hour < 9) {
            return 0.5;
        }
        if (hour < 18) {
            return 0.8;
        }
        return 1.0;
    }

    private record User(String uniqueId, String deviceId, String platform, String userAgent, String osName,
                        String osVersion, String make, String model, String countryCode, String locale,
                        String[] source, boolean logsIn, String userId) {
    }

    private User user(int index) {
        SplittableRandom r = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (index + 1)));
        String uniqueId = new UUID(r.nextLong(), r.nextLong()).toString();
        String deviceId = new UUID(r.nextLong(), r.nextLong()).toString();
        String[] country = pick(COUNTRIES, r);
        String[] source = pick(SOURCES, r);
        double p = r.nextDouble();
        boolean logsIn = r.nextDouble() < 0.3;
        String userId = logsIn ? "u" + (100_000 + index) : null;
        if (p < 0.62) {
            String[] client = pick(WEB_CLIENTS, r);
            return new User(uniqueId, deviceId, "Web", client[0], client[1], null, client[2], null, country[0],
                    country[1], source, logsIn, userId);
        } else if (p < 0.87) {
            String[] d = ANDROID_DEVICES[r.nextInt(ANDROID_DEVICES.length)];
            String ua = "Dalvik/2.1.0 (Linux; U; Android " + d[2] + "; " + d[1] + " Build/UP1A.231005.007)";
            return new User(uniqueId, deviceId, "Android", ua, "Android", d[2], d[0], d[1], country[0], country[1],
                    source, logsIn, userId);
        } else {
            String[] d = IOS_DEVICES[r.nextInt(IOS_DEVICES.length)];
            String ua = "ShopApp/4.2.0 CFNetwork/1496.0.7 Darwin/23.5.0";
            return new User(uniqueId, deviceId, "iOS", ua, "iOS", d[1], "apple", d[0], country[0], country[1], source,
                    logsIn, userId);
        }
    }

    /** Picks one row, weighted by its last column. */
    private static String[] pick(String[][] options, SplittableRandom r) {
        int total = 0;
        for (String[] o : options) {
            total += Integer.parseInt(o[o.length - 1]);
        }
        int x = r.nextInt(total);
        for (String[] o : options) {
            x -= Integer.parseInt(o[o.length - 1]);
            if (x < 0) {
                return o;
            }
        }
        return options[options.length - 1];
    }

    private DemoVisit session(User u, long start, int sessionNumber, boolean firstSession, SplittableRandom r) {
        SessionWriter w = new SessionWriter(u, start, sessionNumber, r);
        boolean web = u.platform().equals("Web");
        if (firstSession) {
            w.event("_first_open", null);
        }
        w.event("_session_start", null);
        int views = 1 + (int) (r.nextDouble() * r.nextDouble() * 9);
        String landing = PAGES[r.nextInt(PAGES.length)];
        boolean loggedIn = false;
        for (int v = 0; v < views; v++) {
            String page = v == 0 ? landing : PAGES[r.nextInt(PAGES.length)];
            if (web) {
                w.pageView(page, v == 0 ? u.source() : null);
            } else {
                w.screenView(SCREENS[v == 0 ? 0 : r.nextInt(SCREENS.length)], v == 0 ? u.source() : null);
            }
            w.advance(5_000 + r.nextInt(60_000));
            if (v == 0 && r.nextDouble() < 0.2) {
                w.event("search", "search_term", r.nextBoolean() ? "running shoes" : "rain jacket");
            }
        }
        if (u.logsIn() && (sessionNumber > 1 || r.nextDouble() < 0.5)) {
            w.loggedIn = true;
            loggedIn = true;
            w.event(sessionNumber == 1 ? "sign_up" : "login", "method", r.nextBoolean() ? "email" : "google");
        }
        if (r.nextDouble() < 0.55) {
            String[] product = PRODUCTS[r.nextInt(PRODUCTS.length)];
            w.itemEvent("view_item", product, 1, false);
            w.advance(10_000 + r.nextInt(40_000));
            if (r.nextDouble() < 0.38) {
                int quantity = 1 + (r.nextDouble() < 0.2 ? 1 : 0);
                w.itemEvent("add_to_cart", product, quantity, false);
                w.advance(5_000 + r.nextInt(30_000));
                if (r.nextDouble() < 0.55) {
                    w.itemEvent("begin_checkout", product, quantity, false);
                    w.advance(30_000 + r.nextInt(120_000));
                    if (r.nextDouble() < 0.62 || loggedIn && r.nextDouble() < 0.8) {
                        w.itemEvent("purchase", product, quantity, true);
                    }
                }
            }
        }
        w.event("_user_engagement", "_engagement_time_msec", Long.toString(w.elapsed()));
        return w.finish(u);
    }

    /** Writes the events of one session into a JSON array the way the SDKs shape them. */
    private final class SessionWriter {
        private final User u;
        private final long start;
        private final int sessionNumber;
        private final String sessionId;
        private final SplittableRandom r;
        private final StringWriter text = new StringWriter(4096);
        private final JsonGenerator g;
        private long now;
        private int count;
        private String page;
        private String previousPage;
        boolean loggedIn;

        SessionWriter(User u, long start, int sessionNumber, SplittableRandom r) {
            this.u = u;
            this.start = start;
            this.now = start;
            this.sessionNumber = sessionNumber;
            this.r = r;
            this.sessionId = u.uniqueId().substring(0, 8) + "-" + Long.toString(start, 36);
            try {
                g = JSON.createGenerator(text);
                g.writeStartArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void advance(long millis) {
            now = Math.min(now + millis, notAfterMillis);
        }

        long elapsed() {
            return now - start;
        }

        void event(String name, String key, String value) {
            write(name, () -> {
                if (key != null) {
                    if (key.startsWith("_engagement")) {
                        g.writeNumberField(key, Long.parseLong(value));
                    } else {
                        g.writeStringField(key, value);
                    }
                }
            }, null, 1, false);
        }

        void event(String name, Object ignored) {
            write(name, () -> { }, null, 1, false);
        }

        void pageView(String path, String[] source) {
            previousPage = page;
            page = "https://" + HOST + path;
            String url = source != null && !source[0].isEmpty()
                    ? page + source[0] + (source[0].endsWith("clid=") ? Long.toHexString(r.nextLong()) : "") : page;
            String referrer = source != null ? source[1] : previousPage;
            write("_page_view", () -> {
                g.writeStringField("_page_url", url);
                g.writeStringField("_page_title", title(path));
                if (referrer != null && !referrer.isEmpty()) {
                    g.writeStringField("_page_referrer", referrer);
                    g.writeStringField("_latest_referrer", referrer);
                }
            }, null, 1, false);
        }

        void screenView(String screen, String[] source) {
            write("_screen_view", () -> {
                g.writeStringField("_screen_name", screen);
                g.writeStringField("_screen_id", screen.toLowerCase() + "-id");
                if (source != null && source[0].contains("utm_source=")) {
                    String q = source[0].substring(1);
                    for (String pair : q.split("&")) {
                        String[] kv = pair.split("=", 2);
                        if (kv[0].startsWith("utm_") && kv.length == 2) {
                            g.writeStringField("_traffic_source_" + kv[0].substring(4), kv[1]);
                        }
                    }
                }
            }, null, 1, false);
        }

        void itemEvent(String name, String[] product, int quantity, boolean purchase) {
            write(name, () -> {
                if (purchase) {
                    g.writeNumberField("_value", Double.parseDouble(product[5]) * quantity);
                    g.writeStringField("_currency", "USD");
                    g.writeStringField("transaction_id", "T" + Long.toHexString(r.nextLong()).substring(0, 10));
                }
            }, product, quantity, purchase);
        }

        private interface Body {
            void write() throws IOException;
        }

        private void write(String name, Body attributes, String[] product, int quantity, boolean purchase) {
            try {
                g.writeStartObject();
                g.writeStringField("unique_id", u.uniqueId());
                g.writeStringField("event_type", name);
                g.writeStringField("event_id", new UUID(r.nextLong(), r.nextLong()).toString());
                g.writeStringField("app_id", appId);
                g.writeNumberField("timestamp", now);
                g.writeStringField("device_id", u.deviceId());
                g.writeStringField("platform", u.platform());
                g.writeStringField("os_name", u.osName());
                if (u.osVersion() != null) {
                    g.writeStringField("os_version", u.osVersion());
                }
                if (!u.make().isEmpty()) {
                    g.writeStringField("make", u.make());
                }
                if (u.model() != null) {
                    g.writeStringField("model", u.model());
                    g.writeStringField("brand", u.make());
                    g.writeStringField("network_type", r.nextBoolean() ? "WIFI" : "Mobile");
                    g.writeStringField("app_version", "4.2.0");
                    g.writeStringField("app_package_name", "com.example.shop");
                    g.writeStringField("sdk_name", u.platform().equals("iOS") ? "aws-solution-clickstream-sdk-swift"
                            : "aws-solution-clickstream-sdk-android");
                    g.writeStringField("sdk_version", "0.12.5");
                } else {
                    g.writeNumberField("viewport_width", 1280);
                    g.writeNumberField("viewport_height", 720);
                    g.writeStringField("host_name", HOST);
                    g.writeStringField("sdk_name", "aws-solution-clickstream-sdk");
                    g.writeStringField("sdk_version", "0.12.5");
                }
                g.writeNumberField("screen_width", u.model() != null ? 1080 : 1920);
                g.writeNumberField("screen_height", u.model() != null ? 2340 : 1080);
                g.writeNumberField("zone_offset", 0);
                g.writeStringField("locale", u.locale());
                g.writeStringField("system_language", u.locale().substring(0, 2));
                g.writeStringField("country_code", u.countryCode());
                g.writeObjectFieldStart("user");
                g.writeObjectFieldStart("_user_first_touch_timestamp");
                g.writeNumberField("value", start);
                g.writeNumberField("set_timestamp", start);
                g.writeEndObject();
                if (loggedIn && u.userId() != null) {
                    g.writeObjectFieldStart("_user_id");
                    g.writeStringField("value", u.userId());
                    g.writeNumberField("set_timestamp", now);
                    g.writeEndObject();
                }
                g.writeEndObject();
                g.writeObjectFieldStart("attributes");
                g.writeStringField("_session_id", sessionId);
                g.writeNumberField("_session_start_timestamp", start);
                g.writeNumberField("_session_duration", now - start);
                g.writeNumberField("_session_number", sessionNumber);
                if (page != null && !name.equals("_page_view")) {
                    g.writeStringField("_page_url", page);
                }
                attributes.write();
                g.writeEndObject();
                if (product != null) {
                    g.writeArrayFieldStart("items");
                    g.writeStartObject();
                    g.writeStringField("id", product[0]);
                    g.writeStringField("name", product[1]);
                    g.writeStringField("category", product[2]);
                    g.writeStringField("category2", product[3]);
                    g.writeStringField("brand", product[4]);
                    g.writeNumberField("price", Double.parseDouble(product[5]));
                    g.writeNumberField("quantity", quantity);
                    g.writeStringField("currency", "USD");
                    g.writeEndObject();
                    g.writeEndArray();
                }
                g.writeEndObject();
                count++;
                advance(200 + r.nextInt(1500));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        DemoVisit finish(User user) {
            try {
                g.writeEndArray();
                g.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new DemoVisit(user.platform(), user.userAgent(), !user.platform().equals("Web"), text.toString(),
                    count, start);
        }
    }

    private static String title(String path) {
        if (path.equals("/")) {
            return "Shop - Home";
        }
        String last = path.substring(path.lastIndexOf('/') + 1).replace('-', ' ');
        return "Shop - " + Character.toUpperCase(last.charAt(0)) + last.substring(1);
    }
}
