package io.clickstream.studio.explore;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A generated month of a web and app shop ({@code shop}, Europe/Paris, November 2026) with enough users that every
 * analysis draws something worth looking at: sessions that browse pages, view items, add to cart and buy (each step
 * taken by fewer users), from several traffic sources, platforms and countries, users who return on later days.
 * The same seed gives the same events.
 */
public final class ShopJourneys {

    public static final String APP = "shop";
    public static final ZoneId ZONE = ZoneId.of("Europe/Paris");
    /** "Now" for the studio: noon on the last day of November. */
    public static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    public static final LocalDate FIRST_DAY = LocalDate.of(2026, 11, 1);

    private static final String[] PLATFORMS = {"Web", "Web", "Android", "iOS"};
    private static final String[] COUNTRIES = {"FR", "FR", "DE", "US", "GB"};
    private static final String[] SOURCES = {"google", "google", "newsletter", "facebook", null};
    private static final String[] PAGES = {"Home", "Search", "Category", "Deals", "Help"};
    private static final String[] ITEMS = {"shoes", "shirt", "bag", "watch"};

    private ShopJourneys() {
    }

    public static List<ModeledEvent> generate(long seed, int users) {
        Random random = new Random(seed);
        List<ModeledEvent> events = new ArrayList<>();
        int sequence = 0;
        for (int u = 0; u < users; u++) {
            String user = "user-" + u;
            String platform = PLATFORMS[random.nextInt(PLATFORMS.length)];
            String country = COUNTRIES[random.nextInt(COUNTRIES.length)];
            int firstDay = random.nextInt(29);
            int sessions = 1 + random.nextInt(4);
            for (int s = 0; s < sessions; s++) {
                int day = Math.min(28, firstDay + (s == 0 ? 0 : random.nextInt(10)));
                long time = FIRST_DAY.plusDays(day).atTime(7 + random.nextInt(15), random.nextInt(60))
                        .atZone(ZONE).toInstant().toEpochMilli();
                String session = user + "-s" + s;
                String source = SOURCES[random.nextInt(SOURCES.length)];
                String campaign = source == null ? null : source.equals("newsletter") ? "black-friday" : "always-on";
                List<String[]> steps = new ArrayList<>();
                steps.add(new String[] {"session_start", null});
                steps.add(new String[] {"page_view", "Home"});
                int browsing = random.nextInt(4);
                for (int p = 0; p < browsing; p++) {
                    steps.add(new String[] {"page_view", PAGES[1 + random.nextInt(PAGES.length - 1)]});
                }
                if (random.nextInt(10) < 7) {
                    steps.add(new String[] {"view_item", "Product"});
                    if (random.nextInt(10) < 5) {
                        steps.add(new String[] {"add_to_cart", "Cart"});
                        if (random.nextInt(10) < 5) {
                            steps.add(new String[] {"purchase", "Checkout"});
                        }
                    }
                }
                String item = ITEMS[random.nextInt(ITEMS.length)];
                for (String[] step : steps) {
                    time += 5_000L + random.nextInt(120_000);
                    Map<String, String> parameters = new LinkedHashMap<>();
                    if (!step[0].equals("session_start") && !step[0].equals("page_view")) {
                        parameters.put("item", item);
                    }
                    Double value = null;
                    if (step[0].equals("purchase")) {
                        value = (double) (20 + random.nextInt(180));
                        parameters.put("amount", String.valueOf(value.intValue()));
                    }
                    String page = step[1];
                    events.add(new ModeledEvent(APP, "ev-" + sequence++, step[0], time, user, session, platform,
                            country, page == null ? null : page, page == null ? null : "/" + page.toLowerCase(),
                            null, source, campaign, value, parameters));
                }
            }
        }
        events.sort(Comparator.comparingLong(ModeledEvent::timeMsec));
        return events;
    }

    public static void writeTo(Path lake, List<ModeledEvent> events) {
        ModeledLake.append(lake, events, Map.of(APP, ZONE));
    }
}
