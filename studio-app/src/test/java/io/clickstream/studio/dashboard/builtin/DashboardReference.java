package io.clickstream.studio.dashboard.builtin;

import io.clickstream.studio.dashboard.builtin.DashboardLake.Event;
import io.clickstream.studio.dashboard.builtin.DashboardLake.Session;
import io.clickstream.studio.dashboard.builtin.DashboardLake.User;
import io.clickstream.studio.explore.DashboardQueries.Acquisition;
import io.clickstream.studio.explore.DashboardQueries.Activity;
import io.clickstream.studio.explore.DashboardQueries.NewAndReturning;
import io.clickstream.studio.explore.DashboardQueries.Sessions;
import io.clickstream.studio.explore.DashboardQueries.ValueCount;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The built-in dashboards' figures counted in plain Java from the generated rows of {@link DashboardLake}, by the
 * definitions the dashboards document, without SQL: the reference the engine's answers are compared with.
 */
final class DashboardReference {

    static final String NOT_SET = "(not set)";

    private final DashboardLake lake;
    private final LocalDate from;
    private final LocalDate to;

    DashboardReference(DashboardLake lake, LocalDate from, LocalDate to) {
        this.lake = lake;
        this.from = from;
        this.to = to;
    }

    boolean inRange(LocalDate day) {
        return !day.isBefore(from) && !day.isAfter(to);
    }

    List<Event> events() {
        return lake.events().stream().filter(e -> inRange(e.date())).toList();
    }

    List<Session> sessions() {
        return lake.sessions().stream().filter(s -> inRange(s.date())).toList();
    }

    Set<String> newUsers() {
        return lake.users().stream().filter(u -> inRange(u.firstVisit())).map(User::user).collect(Collectors.toSet());
    }

    Activity activity(LocalDate day, List<Event> events) {
        return new Activity(day, events.size(), events.stream().map(Event::user).distinct().count(),
                events.stream().map(Event::session).filter(Objects::nonNull).distinct().count(),
                events.stream().map(Event::engagementMillis).filter(Objects::nonNull).mapToLong(Long::longValue).sum(),
                events.stream().filter(Event::isView).count());
    }

    Activity totals() {
        return activity(null, events());
    }

    /** Every day of the range, zero where nothing happened. */
    List<Activity> perDay() {
        Map<LocalDate, List<Event>> byDay = events().stream().collect(Collectors.groupingBy(Event::date));
        return days().stream().map(d -> activity(d, byDay.getOrDefault(d, List.of()))).toList();
    }

    List<Long> newUsersPerDay() {
        Map<LocalDate, Long> byDay = lake.users().stream().filter(u -> inRange(u.firstVisit()))
                .collect(Collectors.groupingBy(User::firstVisit, Collectors.counting()));
        return days().stream().map(d -> byDay.getOrDefault(d, 0L)).toList();
    }

    Sessions sessionTotals() {
        List<Session> sessions = sessions();
        return new Sessions(null, sessions.size(), sessions.stream().filter(Session::engaged).count(),
                sessions.stream().mapToLong(s -> s.end() - s.start()).sum());
    }

    List<Sessions> sessionsPerDay() {
        Map<LocalDate, List<Session>> byDay = sessions().stream().collect(Collectors.groupingBy(Session::date));
        return days().stream().map(d -> {
            List<Session> day = byDay.getOrDefault(d, List.of());
            return new Sessions(d, day.size(), day.stream().filter(Session::engaged).count(),
                    day.stream().mapToLong(s -> s.end() - s.start()).sum());
        }).toList();
    }

    /** Acquisition by a session value: users, new users, sessions, engaged; top 10 by users, then value. */
    List<Acquisition> acquisition(Function<Session, String> dimension) {
        Set<String> fresh = newUsers();
        Map<String, List<Session>> byValue = sessions().stream()
                .collect(Collectors.groupingBy(s -> orNotSet(dimension.apply(s))));
        return byValue.entrySet().stream().map(entry -> {
            Set<String> users = entry.getValue().stream().map(Session::user).collect(Collectors.toSet());
            return new Acquisition(entry.getKey(), users.size(), users.stream().filter(fresh::contains).count(),
                    entry.getValue().size(), entry.getValue().stream().filter(Session::engaged).count());
        }).sorted(Comparator.comparingLong(Acquisition::users).reversed().thenComparing(Acquisition::value))
                .limit(10).toList();
    }

    /** Users and events by an event value; top 10 by users, then value. */
    List<ValueCount> usersBy(Function<Event, String> dimension) {
        Map<String, List<Event>> byValue = events().stream().collect(Collectors.groupingBy(e -> orNotSet(dimension.apply(e))));
        return byValue.entrySet().stream()
                .map(entry -> new ValueCount(entry.getKey(), entry.getValue().stream().map(Event::user).distinct().count(),
                        entry.getValue().size()))
                .sorted(Comparator.comparingLong(ValueCount::users).reversed().thenComparing(ValueCount::value))
                .limit(10).toList();
    }

    /** Page views by title (or screen views by name): views as events, users; top 10 by views, then name. */
    List<ValueCount> views(boolean screens) {
        String name = screens ? "_screen_view" : "_page_view";
        Map<String, List<Event>> byPage = events().stream().filter(e -> e.name().equals(name))
                .filter(e -> (screens ? e.screenName() : e.pageTitle()) != null)
                .collect(Collectors.groupingBy(e -> screens ? e.screenName() : e.pageTitle()));
        return byPage.entrySet().stream()
                .map(entry -> new ValueCount(entry.getKey(), entry.getValue().stream().map(Event::user).distinct().count(),
                        entry.getValue().size()))
                .sorted(Comparator.comparingLong(ValueCount::events).reversed().thenComparing(ValueCount::value))
                .limit(10).toList();
    }

    /** Sessions by entry (or exit) page without its query string; top 10 by sessions, then page. */
    List<ValueCount> landings(boolean exits) {
        Map<String, Long> byPage = sessions().stream().map(s -> exits ? s.exitPage() : s.entryPage())
                .filter(Objects::nonNull).map(p -> p.contains("?") ? p.substring(0, p.indexOf('?')) : p)
                .collect(Collectors.groupingBy(p -> p, Collectors.counting()));
        return byPage.entrySet().stream().map(e -> new ValueCount(e.getKey(), 0, e.getValue()))
                .sorted(Comparator.comparingLong(ValueCount::events).reversed().thenComparing(ValueCount::value))
                .limit(10).toList();
    }

    List<NewAndReturning> newAndReturning() {
        Map<String, LocalDate> firstVisit = lake.users().stream()
                .collect(Collectors.toMap(User::user, User::firstVisit));
        Map<LocalDate, Set<String>> active = new TreeMap<>();
        events().forEach(e -> active.computeIfAbsent(e.date(), d -> new HashSet<>()).add(e.user()));
        return days().stream().map(d -> {
            Set<String> users = active.getOrDefault(d, Set.of());
            return new NewAndReturning(d, users.size(), users.stream().filter(u -> d.equals(firstVisit.get(u))).count());
        }).toList();
    }

    /**
     * New-user cohorts by week (Monday) of the first visit in the range: per cohort, users active in week n after
     * (n = 0..periods), null for weeks starting after the range.
     */
    Map<LocalDate, List<Long>> weeklyCohorts(int periods) {
        Map<LocalDate, Set<String>> cohorts = new TreeMap<>();
        lake.users().stream().filter(u -> inRange(u.firstVisit()))
                .forEach(u -> cohorts.computeIfAbsent(monday(u.firstVisit()), w -> new HashSet<>()).add(u.user()));
        Map<String, Set<LocalDate>> activeWeeks = new LinkedHashMap<>();
        events().forEach(e -> activeWeeks.computeIfAbsent(e.user(), u -> new HashSet<>()).add(monday(e.date())));
        Map<LocalDate, List<Long>> table = new TreeMap<>();
        cohorts.forEach((week, users) -> {
            List<Long> counts = new ArrayList<>();
            for (int n = 0; n <= periods; n++) {
                LocalDate target = week.plusWeeks(n);
                counts.add(target.isAfter(to) ? null
                        : users.stream().filter(u -> activeWeeks.getOrDefault(u, Set.of()).contains(target)).count());
            }
            table.put(week, counts);
        });
        return table;
    }

    List<LocalDate> days() {
        return from.datesUntil(to.plusDays(1)).toList();
    }

    static LocalDate monday(LocalDate day) {
        return day.with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
    }

    static long daysBetween(LocalDate a, LocalDate b) {
        return ChronoUnit.DAYS.between(a, b);
    }

    static String orNotSet(String value) {
        return value == null ? NOT_SET : value;
    }
}
