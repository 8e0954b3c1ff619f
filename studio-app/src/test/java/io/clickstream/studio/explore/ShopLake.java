package io.clickstream.studio.explore;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A hand-made lake of the app {@code shop} (Europe/Paris) in November 2026 whose answers are known by heart: a
 * view_item -> add_to_cart -> purchase funnel with the rolling-window edge (23:59:59 -> 00:00:30 the next day), a
 * user who converts a millisecond too late, a user without step one, and returns on later days.
 */
public final class ShopLake {

    public static final String APP = "shop";
    public static final ZoneId ZONE = ZoneId.of("Europe/Paris");
    public static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    private ShopLake() {
    }

    static long at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(ZONE).toInstant().toEpochMilli();
    }

    static ModeledEvent event(String id, String user, String name, long time, String platform, Map<String, String> p) {
        return new ModeledEvent(APP, id, name, time, user, user + "-" + (time / 3_600_000L), platform, "FR",
                "Title " + name, "/" + name, null, "google", "c1", null, p);
    }

    public static List<ModeledEvent> events() {
        List<ModeledEvent> events = new ArrayList<>();
        // u1: views at 23:59:59, adds to cart 31 s later, just after midnight: converts within one (rolling) day.
        events.add(event("e01", "u1", "view_item", at("2026-11-10T23:59:59"), "Web", Map.of("item", "x")));
        events.add(event("e02", "u1", "add_to_cart", at("2026-11-11T00:00:30"), "Web", Map.of("item", "x")));
        events.add(event("e03", "u1", "purchase", at("2026-11-11T00:10:30"), "Web", Map.of("amount", "30")));
        // u2: adds to cart one day and one millisecond after the view: too late for a one-day window.
        events.add(event("e04", "u2", "view_item", at("2026-11-12T08:00:00"), "Android", Map.of("item", "y")));
        events.add(event("e05", "u2", "add_to_cart", at("2026-11-13T08:00:00") + 1, "Android", Map.of("item", "y")));
        // u3: no view at all (no step one), comes back on later days.
        events.add(event("e06", "u3", "add_to_cart", at("2026-11-10T10:00:00"), "Web", Map.of()));
        events.add(event("e07", "u3", "purchase", at("2026-11-10T10:05:00"), "Web", Map.of("amount", "12.5")));
        // u4: views twice, adds to cart within the window of the first view.
        events.add(event("e08", "u4", "view_item", at("2026-11-10T09:00:00"), "iOS", Map.of("item", "x")));
        events.add(event("e09", "u4", "view_item", at("2026-11-12T09:00:00"), "iOS", Map.of("item", "x")));
        events.add(event("e10", "u4", "add_to_cart", at("2026-11-10T21:00:00"), "iOS", Map.of("item", "x")));
        // returns of u1 and u4 on the 12th (day 2 of the 10th's cohort for u4, day 2 of u1's 10th too)
        events.add(event("e11", "u1", "view_item", at("2026-11-12T12:00:00"), "Web", Map.of("item", "z")));
        return events;
    }

    public static void writeTo(Path lake) {
        ModeledLake.append(lake, events(), Map.of(APP, ZONE));
    }
}
