package io.clickstream.studio.dashboard.builtin;

import io.clickstream.model.ModeledTables;
import io.clickstream.studio.explore.ModeledLake;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * A generated shop in Europe/Paris whose modeled tables hold what the built-in dashboards read: events with devices,
 * countries, traffic sources, pages, screens and engagement time; sessions and users derived from them in Java as the
 * ETL derives them (a session's row in the partition of its first event's day, engaged at 10 s or two views; a user's
 * in that of their first visit). Users arrive over {@code days} days before {@code now}, come back some later days,
 * and a few are active in the last hour. Written with the explore tests' {@link ModeledLake} in the real schema;
 * expected figures come from these Java rows ({@link DashboardReference}), never from SQL.
 */
public final class DashboardLake {

    public static final String APP = "paris-shop";
    public static final ZoneId ZONE = ZoneId.of("Europe/Paris");

    /** One generated event. */
    public record Event(String eventId, String name, long time, String user, String userId, String session,
                        String platform, String country, String deviceCategory, String os, String browser,
                        Long screenWidth, Long screenHeight, String appVersion, String deviceModel, String source,
                        String medium, String campaign, String channel, String pageTitle, String pageUrl,
                        String screenName, Long engagementMillis) {

        public LocalDate date() {
            return LocalDate.ofInstant(Instant.ofEpochMilli(time), ZONE);
        }

        public boolean isView() {
            return name.equals("_page_view") || name.equals("_screen_view");
        }

        /** The same event sent again as {@code id} at {@code timeMillis} (new traffic for a live view). */
        public Event sentAgain(String id, long timeMillis) {
            return new Event(id, name, timeMillis, user, userId, session, platform, country, deviceCategory, os,
                    browser, screenWidth, screenHeight, appVersion, deviceModel, source, medium, campaign, channel,
                    pageTitle, pageUrl, screenName, engagementMillis);
        }
    }

    /** A session row as the ETL writes it. */
    public record Session(String session, String user, long start, long end, long pageViews, long eventCount,
                          boolean engaged, String entryPage, String exitPage, String platform, String country,
                          String deviceCategory, String source, String medium, String campaign, String channel,
                          LocalDate date) {
    }

    /** A user row as the ETL writes it. */
    public record User(String user, long firstTouch, LocalDate firstVisit, String platform, String source,
                       String medium, String campaign, String channel) {
    }

    private static final String[][] CHANNELS = {
            // source, medium, campaign, channel group, weight
            {null, null, null, "Direct", "30"},
            {"google", "organic", null, "Organic Search", "25"},
            {"google", "cpc", "winter_sale", "Paid Search", "12"},
            {"facebook", "social", null, "Organic Social", "10"},
            {"newsletter", "email", "weekly", "Email", "8"},
            {"partner_blog", "affiliate", "spring", "Affiliates", "5"},
    };
    private static final String[] COUNTRIES = {"FR", "FR", "FR", "DE", "US", "US", "GB", "ES", "JP"};
    private static final String[][] PAGES = {
            {"Home", "https://shop.example.com/"}, {"Shoes", "https://shop.example.com/products/shoes"},
            {"Jackets", "https://shop.example.com/products/jackets"}, {"Sale", "https://shop.example.com/sale"},
            {"Cart", "https://shop.example.com/cart"}, {"Help", "https://shop.example.com/help/shipping"},
    };
    private static final String[] SCREENS = {"HomeScreen", "CatalogScreen", "ProductScreen", "CartScreen"};

    private final List<Event> events;
    private final List<Session> sessions;
    private final List<User> users;

    private DashboardLake(List<Event> events) {
        this.events = List.copyOf(events);
        this.sessions = deriveSessions(events);
        this.users = deriveUsers(events);
    }

    /** A lake of just these events (with their sessions and users). */
    public static DashboardLake of(List<Event> events) {
        return new DashboardLake(events);
    }

    /** {@code userCount} users arriving over the {@code days} days before {@code now}; every event before it. */
    public static DashboardLake generate(long seed, Instant now, int userCount, int days) {
        Random random = new Random(seed);
        List<Event> events = new ArrayList<>();
        int sequence = 0;
        LocalDate today = LocalDate.ofInstant(now, ZONE);
        for (int u = 0; u < userCount; u++) {
            String user = "u" + u;
            String userId = random.nextInt(4) == 0 ? "login-" + u : null;
            int platformPick = random.nextInt(20);
            String platform = platformPick < 12 ? "Web" : platformPick < 17 ? "Android" : "iOS";
            String country = COUNTRIES[random.nextInt(COUNTRIES.length)];
            boolean phone = !platform.equals("Web") || random.nextInt(3) == 0;
            String category = platform.equals("Web") ? (phone ? "Mobile" : "Desktop") : "Mobile";
            String os = switch (platform) {
                case "Android" -> "Android";
                case "iOS" -> "iOS";
                default -> phone ? "iOS" : random.nextBoolean() ? "Windows" : "Mac OS X";
            };
            String browser = platform.equals("Web") ? (random.nextInt(3) == 0 ? "Safari" : "Chrome") : null;
            Long width = phone ? 390L : random.nextBoolean() ? 1920L : 1440L;
            Long height = phone ? 844L : width == 1920L ? 1080L : 900L;
            String version = platform.equals("Web") ? null : random.nextBoolean() ? "2.1.0" : "2.0.3";
            String model = platform.equals("Android") ? "Pixel 8" : platform.equals("iOS") ? "iPhone15,2" : null;
            String[] first = pick(random);
            LocalDate firstDay = today.minusDays(random.nextInt(days));
            List<LocalDate> visitDays = new ArrayList<>();
            visitDays.add(firstDay);
            for (LocalDate d = firstDay.plusDays(1); !d.isAfter(today); d = d.plusDays(1)) {
                if (random.nextInt(100) < 22) {
                    visitDays.add(d);
                }
            }
            for (int v = 0; v < visitDays.size(); v++) {
                LocalDate day = visitDays.get(v);
                String[] channel = v == 0 ? first : random.nextInt(3) == 0 ? pick(random) : CHANNELS[0];
                long dayStart = day.atStartOfDay(ZONE).toInstant().toEpochMilli();
                long limit = day.equals(today) ? now.toEpochMilli() - 60_000 : dayStart + 86_400_000L - 600_000L;
                long start = dayStart + (long) (random.nextDouble() * Math.max(1, limit - dayStart - 600_000L));
                if (day.equals(today) && u % 7 == 0) {
                    // Active in the last hour: Realtime has something to show.
                    start = now.toEpochMilli() - 60_000L * (2 + random.nextInt(50));
                }
                String session = user + "-s" + (v + 1);
                int count = 1 + random.nextInt(7);
                long t = start;
                for (int e = 0; e < count && t < now.toEpochMilli(); e++) {
                    String name;
                    if (e == 0) {
                        name = "_session_start";
                    } else if (e % 3 == 2) {
                        name = "_user_engagement";
                    } else if (random.nextInt(6) == 0) {
                        name = "add_to_cart";
                    } else {
                        name = platform.equals("Web") ? "_page_view" : "_screen_view";
                    }
                    String[] page = PAGES[random.nextInt(PAGES.length)];
                    boolean web = platform.equals("Web");
                    String url = web ? page[1] + (e == 1 && channel[0] != null ? "?utm_source=" + channel[0] : "") : null;
                    events.add(new Event("ev" + (sequence++), name, t, user, userId, session, platform, country,
                            category, os, browser, width, height, version, model, channel[0], channel[1], channel[2],
                            channel[3], web ? page[0] : null, url,
                            web ? null : SCREENS[random.nextInt(SCREENS.length)],
                            name.equals("_user_engagement") ? 1_000L + random.nextInt(60_000) : null));
                    t += 1_000L * (3 + random.nextInt(40));
                }
            }
        }
        events.sort(Comparator.comparingLong(Event::time));
        return new DashboardLake(events);
    }

    public List<Event> events() {
        return events;
    }

    public List<Session> sessions() {
        return sessions;
    }

    public List<User> users() {
        return users;
    }

    /** Writes the event, session and user tables under {@code <lakeDir>/modeled/}. */
    public void writeTo(Path lakeDir) {
        List<String> eventColumns = List.of("event_id", "event_name", "event_timestamp", "event_time_msec", "platform",
                "user_pseudo_id", "user_id", "session_id", "device_os", "device_screen_width", "device_screen_height",
                "device_ua_browser", "device_ua_device_category", "device_model", "geo_country",
                "traffic_source_source", "traffic_source_medium", "traffic_source_campaign",
                "traffic_source_channel_group", "page_url", "page_title", "screen_name", "engagement_time_msec",
                "app_version", "custom_parameters", "app_id", "event_date");
        List<List<Object>> eventRows = new ArrayList<>();
        for (Event e : events) {
            eventRows.add(row(e.eventId(), e.name(), e.time(), e.time(), e.platform(), e.user(), e.userId(),
                    e.session(), e.os(), e.screenWidth(), e.screenHeight(), e.browser(), e.deviceCategory(),
                    e.deviceModel(), e.country(), e.source(), e.medium(), e.campaign(), e.channel(), e.pageUrl(),
                    e.pageTitle(), e.screenName(), e.engagementMillis(), e.appVersion(), Map.of(), APP, e.date()));
        }
        ModeledLake.appendRows(lakeDir, ModeledTables.EVENT, eventColumns, eventRows);
        List<String> sessionColumns = List.of("session_id", "user_pseudo_id", "session_start", "session_end",
                "duration_msec", "page_views", "event_count", "engaged", "entry_page", "exit_page", "platform",
                "geo_country", "device_ua_device_category", "traffic_source_source", "traffic_source_medium",
                "traffic_source_campaign", "traffic_source_channel_group", "app_id", "event_date");
        List<List<Object>> sessionRows = new ArrayList<>();
        for (Session s : sessions) {
            sessionRows.add(row(s.session(), s.user(), s.start(), s.end(), s.end() - s.start(), s.pageViews(),
                    s.eventCount(), s.engaged(), s.entryPage(), s.exitPage(), s.platform(), s.country(),
                    s.deviceCategory(), s.source(), s.medium(), s.campaign(), s.channel(), APP, s.date()));
        }
        ModeledLake.appendRows(lakeDir, ModeledTables.SESSION, sessionColumns, sessionRows);
        List<String> userColumns = List.of("user_pseudo_id", "first_touch", "first_visit_date", "first_platform",
                "first_traffic_source_source", "first_traffic_source_medium", "first_traffic_source_campaign",
                "first_traffic_source_channel_group", "user_properties", "app_id", "event_date");
        List<List<Object>> userRows = new ArrayList<>();
        for (User u : users) {
            userRows.add(row(u.user(), u.firstTouch(), u.firstVisit(), u.platform(), u.source(), u.medium(),
                    u.campaign(), u.channel(), Map.of(), APP, u.firstVisit()));
        }
        ModeledLake.appendRows(lakeDir, ModeledTables.USER, userColumns, userRows);
    }

    private static List<Object> row(Object... values) {
        List<Object> row = new ArrayList<>(values.length);
        java.util.Collections.addAll(row, values);
        return row;
    }

    private static String[] pick(Random random) {
        int total = 0;
        for (String[] channel : CHANNELS) {
            total += Integer.parseInt(channel[4]);
        }
        int at = random.nextInt(total);
        for (String[] channel : CHANNELS) {
            at -= Integer.parseInt(channel[4]);
            if (at < 0) {
                return channel;
            }
        }
        return CHANNELS[0];
    }

    private static List<Session> deriveSessions(List<Event> events) {
        Map<String, List<Event>> bySession = events.stream()
                .collect(Collectors.groupingBy(Event::session, LinkedHashMap::new, Collectors.toList()));
        List<Session> sessions = new ArrayList<>();
        bySession.forEach((id, list) -> {
            list.sort(Comparator.comparingLong(Event::time).thenComparing(Event::eventId));
            Event first = list.get(0);
            List<Event> views = list.stream().filter(Event::isView).toList();
            long start = first.time();
            long end = list.get(list.size() - 1).time();
            Event sourced = list.stream().filter(e -> e.source() != null).findFirst().orElse(null);
            sessions.add(new Session(id, first.user(), start, end, views.size(), list.size(),
                    end - start >= 10_000 || views.size() >= 2,
                    views.isEmpty() ? null : page(views.get(0)), views.isEmpty() ? null : page(views.get(views.size() - 1)),
                    first.platform(), first.country(), first.deviceCategory(),
                    sourced == null ? null : sourced.source(), sourced == null ? null : sourced.medium(),
                    sourced == null ? null : sourced.campaign(), sourced == null ? "Direct" : sourced.channel(),
                    first.date()));
        });
        return sessions;
    }

    private static String page(Event view) {
        return view.pageUrl() != null ? view.pageUrl() : view.screenName();
    }

    private static List<User> deriveUsers(List<Event> events) {
        Map<String, Event> firsts = new LinkedHashMap<>();
        for (Event e : events) {
            firsts.merge(e.user(), e, (a, b) -> a.time() <= b.time() ? a : b);
        }
        return firsts.values().stream().map(e -> new User(e.user(), e.time(), e.date(), e.platform(), e.source(),
                e.medium(), e.campaign(), e.channel())).toList();
    }

    /** The local date of an instant in the shop's zone. */
    public static LocalDate dateOf(Instant instant) {
        return LocalDate.ofInstant(instant, ZONE);
    }

    static long minutesBetween(Instant a, Instant b) {
        return ChronoUnit.MINUTES.between(a, b);
    }
}
