package io.clickstream.studio.explore;

import io.clickstream.model.ModeledTables;
import io.clickstream.studio.explore.model.DateSpan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Random event streams that hit the edges of the analyses: events in the same millisecond, gaps of exactly a window
 * (and a millisecond either side), events a second before and half a minute after local midnight, ranges across
 * daylight-saving changes in zones with odd offsets, users without step one, repeated events, sessions split by
 * inactivity or missing, and late events written by a second "ETL run" into partitions that already have files.
 */
public final class RandomEvents {

    public static final String APP = "prop-app";
    static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("Europe/Paris"),
            ZoneId.of("America/New_York"), ZoneId.of("Asia/Kolkata"), ZoneId.of("Pacific/Chatham"));
    /** Range starts a few days before a daylight-saving change (EU and US, spring and autumn), and plain days. */
    static final List<LocalDate> STARTS = List.of(LocalDate.of(2026, 3, 26), LocalDate.of(2026, 10, 22),
            LocalDate.of(2026, 3, 5), LocalDate.of(2026, 10, 29), LocalDate.of(2026, 6, 10), LocalDate.of(2026, 12, 28));
    static final String[] NAMES = {"a", "a", "b", "b", "c", "d"};
    static final long HOUR = 3_600_000L;
    static final long DAY = 86_400_000L;

    /** A generated app: its zone, the range asked about, its events and its users' attributes. */
    public record Scenario(ZoneId zone, DateSpan range, List<ModeledEvent> events, List<ModeledEvent> late,
                           Map<String, Map<String, String>> attributes) {

        public List<ModeledEvent> all() {
            List<ModeledEvent> all = new ArrayList<>(events);
            all.addAll(late);
            return all;
        }

        /** Writes the scenario as a modeled lake: events, then late events as a later run, then users. */
        public void writeTo(Path lake) {
            writeTo(lake, Sessions.NONE);
        }

        /** {@link #writeTo(Path)}, and session rows of every session as {@code sessions} says. */
        public void writeTo(Path lake, Sessions sessions) {
            ModeledLake.append(lake, events, Map.of(APP, zone));
            ModeledLake.append(lake, late, Map.of(APP, zone));
            List<ModeledLake.UserRow> users = new ArrayList<>();
            attributes.forEach((user, properties) -> users.add(new ModeledLake.UserRow(APP, user,
                    range.from(), properties)));
            ModeledLake.appendUsers(lake, users);
            if (sessions != Sessions.NONE) {
                writeSessions(lake, sessions);
            }
        }

        /**
         * One session row per (user, session) of all events, as the ETL computes it from all of them: the partition
         * of its first event's date, start and end, and (unless written without) its event names, dates and times in
         * (time, id) order; mixed, a third of the rows without them and a third with names and dates only (as the
         * ETL wrote them before it wrote times).
         */
        private void writeSessions(Path lake, Sessions sessions) {
            Map<List<String>, List<ModeledEvent>> bySession = new TreeMap<>(Comparator
                    .<List<String>, String>comparing(k -> k.get(0)).thenComparing(k -> k.get(1)));
            for (ModeledEvent e : all()) {
                if (e.sessionId() != null) {
                    bySession.computeIfAbsent(List.of(e.userPseudoId(), e.sessionId()), k -> new ArrayList<>()).add(e);
                }
            }
            List<List<Object>> withSequences = new ArrayList<>();
            List<List<Object>> withoutTimes = new ArrayList<>();
            List<List<Object>> without = new ArrayList<>();
            for (List<ModeledEvent> session : bySession.values()) {
                session.sort(Comparator.comparingLong(ModeledEvent::timeMsec).thenComparing(ModeledEvent::eventId));
                ModeledEvent first = session.get(0);
                List<Object> row = new ArrayList<>(List.of(first.sessionId(), first.userPseudoId(), first.timeMsec(),
                        session.get(session.size() - 1).timeMsec(), (long) session.size(), APP, first.eventDate(zone)));
                int kind = sessions == Sessions.WITHOUT_SEQUENCES ? 0
                        : sessions == Sessions.MIXED ? Math.floorMod(first.sessionId().hashCode(), 3) : 2;
                if (kind == 0) {
                    without.add(row);
                } else {
                    row.add(session.stream().map(ModeledEvent::eventName).toList());
                    row.add(session.stream().map(e -> e.eventDate(zone)).toList());
                    if (kind == 1) {
                        withoutTimes.add(row);
                    } else {
                        row.add(session.stream().map(ModeledEvent::timeMsec).toList());
                        withSequences.add(row);
                    }
                }
            }
            List<String> columns = List.of("session_id", "user_pseudo_id", "session_start", "session_end",
                    "event_count", "app_id", "event_date");
            ModeledLake.appendRows(lake, ModeledTables.SESSION, columns, without);
            List<String> named = new ArrayList<>(columns);
            named.addAll(List.of("event_names", "event_dates"));
            ModeledLake.appendRows(lake, ModeledTables.SESSION, named, withoutTimes);
            List<String> all = new ArrayList<>(named);
            all.add("event_times");
            ModeledLake.appendRows(lake, ModeledTables.SESSION, all, withSequences);
        }

        /** "Now" for the service: noon of the range's last day, so relative ranges are not used by accident. */
        public Instant now() {
            return range.to().atTime(12, 0).atZone(zone).toInstant();
        }
    }

    /** Which session rows a scenario's lake has: none, all with event sequences, all without, or some of each. */
    public enum Sessions { NONE, SEQUENCES, WITHOUT_SEQUENCES, MIXED }

    private RandomEvents() {
    }

    public static Scenario generate(long seed) {
        Random r = new Random(seed);
        ZoneId zone = ZONES.get(r.nextInt(ZONES.size()));
        LocalDate start = STARTS.get(r.nextInt(STARTS.size()));
        DateSpan range = new DateSpan(start, start.plusDays(2 + r.nextInt(10)));
        long rangeStart = start.atStartOfDay(zone).toInstant().toEpochMilli();
        long span = (range.to().toEpochDay() - range.from().toEpochDay() + 3) * DAY;
        int users = 1 + r.nextInt(6);
        List<ModeledEvent> events = new ArrayList<>();
        List<ModeledEvent> late = new ArrayList<>();
        Map<String, Map<String, String>> attributes = new HashMap<>();
        Set<Integer> ids = new HashSet<>();
        for (int u = 0; u < users; u++) {
            String user = "u" + u;
            if (r.nextInt(4) > 0) {
                Map<String, String> properties = new HashMap<>();
                properties.put("tier", r.nextBoolean() ? "gold" : "silver");
                properties.put("age", Integer.toString(18 + r.nextInt(50)));
                attributes.put(user, properties);
            }
            long t = rangeStart - DAY + (long) (r.nextDouble() * span);
            int session = 0;
            long previous = Long.MIN_VALUE;
            int count = r.nextInt(15);
            for (int i = 0; i < count; i++) {
                if (i > 0) {
                    t += delta(r, t, zone);
                }
                if (previous != Long.MIN_VALUE && (t - previous > 30 * 60_000L || r.nextInt(10) == 0)) {
                    session++;
                }
                previous = t;
                int id;
                do {
                    id = r.nextInt(1_000_000);
                } while (!ids.add(id));
                String name = NAMES[r.nextInt(NAMES.length)];
                Map<String, String> parameters = new HashMap<>();
                if (r.nextInt(3) > 0) {
                    parameters.put("amount", r.nextInt(6) == 0 ? "n/a" : r.nextBoolean()
                            ? Integer.toString(r.nextInt(50)) : (r.nextInt(500) / 4.0) + "");
                }
                if (r.nextBoolean()) {
                    parameters.put("item", new String[] {"x", "y", "z"}[r.nextInt(3)]);
                }
                ModeledEvent event = new ModeledEvent(APP, "e" + id, name, t, user,
                        r.nextInt(20) == 0 ? null : user + "-s" + session,
                        pick(r, "Web", "Android", null), pick(r, "US", "FR", "IN"),
                        pick(r, "Home", "Cart", "Product", null), pick(r, "/", "/cart", null),
                        pick(r, "Main", "Detail", null), pick(r, "google", "bing", null), pick(r, "c1", "c2", null),
                        r.nextInt(4) == 0 ? null : r.nextInt(400) / 8.0, parameters);
                (r.nextInt(5) == 0 ? late : events).add(event);
            }
        }
        return new Scenario(zone, range, events, late, attributes);
    }

    /** The time to the next event: often 0 or 1 ms, a window's length and its neighbours, or across midnight. */
    private static long delta(Random r, long t, ZoneId zone) {
        return switch (r.nextInt(10)) {
            case 0 -> 0;
            case 1 -> 1;
            case 2 -> DAY + (r.nextInt(3) - 1);
            case 3 -> HOUR + (r.nextInt(3) - 1);
            case 4 -> {
                // to one second before the next local midnight, the next event then 30 s after it
                long midnight = LocalDate.ofInstant(Instant.ofEpochMilli(t), zone).plusDays(1).atStartOfDay(zone)
                        .toInstant().toEpochMilli();
                yield Math.max(0, midnight - 1_000 - t);
            }
            case 5 -> 31_000;
            case 6 -> r.nextInt(10 * 60_000);
            case 7 -> r.nextInt((int) (6 * HOUR));
            default -> (long) (r.nextDouble() * 2 * DAY);
        };
    }

    @SafeVarargs
    private static <T> T pick(Random r, T... values) {
        return values[r.nextInt(values.length)];
    }

    public static Path tempLake() {
        try {
            return Files.createTempDirectory("explore-prop-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
