package io.clickstream.studio.dashboard.builtin;

import io.clickstream.studio.explore.DashboardQueries;
import io.clickstream.studio.explore.DashboardQueries.Acquisition;
import io.clickstream.studio.explore.DashboardQueries.Activity;
import io.clickstream.studio.explore.DashboardQueries.EventRow;
import io.clickstream.studio.explore.DashboardQueries.Minute;
import io.clickstream.studio.explore.DashboardQueries.NewAndReturning;
import io.clickstream.studio.explore.DashboardQueries.NewUsers;
import io.clickstream.studio.explore.DashboardQueries.Sessions;
import io.clickstream.studio.explore.DashboardQueries.ValueCount;
import io.clickstream.studio.explore.EventQueries;
import io.clickstream.studio.explore.Explorations;
import io.clickstream.studio.explore.NamedCount;
import io.clickstream.studio.explore.model.DateSpan;
import io.clickstream.studio.explore.model.Granularity;
import io.clickstream.studio.explore.model.LifecycleQuery;
import io.clickstream.studio.explore.model.LifecycleResult;
import io.clickstream.studio.explore.model.RetentionResult;
import io.clickstream.studio.explore.model.TimeRange;
import io.clickstream.studio.explore.sql.DashboardSql.Dimension;
import io.clickstream.studio.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * The figures of the built-in dashboards of one app over its dates (days in the app's time zone, both inclusive),
 * for every role. Per-day series have a point for every day of the range, zero on days without events, so lines
 * never skip days. Definitions are those of {@code DashboardSql}.
 *
 * <p>A dashboard's questions run side by side on the query pool of {@link DashboardQueries}, and its figures are kept
 * per app and dates until the app's data version changes (each ETL commit that touches it), so that a view can draw
 * them at once, in the request that opens it ({@link #cached}), rather than after a round trip through the
 * background.
 */
@Service
public class BuiltInDashboards {

    static final int TOP = 10;
    static final int REALTIME_MINUTES = 60;
    static final int LATEST_EVENTS = 12;
    static final int COHORT_PERIODS = 8;
    /** Dashboards kept (a few KB each): every app and range opened lately. */
    static final int CACHED_REPORTS = 200;

    /** The dimensions of the Acquisition dashboard, in the order of its tabs. */
    public static final List<Dimension> ACQUISITION = List.of(Dimension.CHANNEL_GROUP, Dimension.SOURCE,
            Dimension.MEDIUM, Dimension.CAMPAIGN, Dimension.COUNTRY);
    /** The dimensions of the Devices dashboard, in the order of its charts. */
    public static final List<Dimension> DEVICES = List.of(Dimension.DEVICE_CATEGORY, Dimension.PLATFORM, Dimension.OS,
            Dimension.BROWSER, Dimension.SCREEN_RESOLUTION, Dimension.APP_VERSION, Dimension.DEVICE_MODEL);

    /** The Overview: headline numbers, days, top events, platforms and countries. */
    public record Overview(Activity totals, long newUsers, List<Activity> perDay, List<NewUsers> newUsersPerDay,
                           List<NamedCount> topEvents, List<ValueCount> platforms, List<ValueCount> countries) {
        public boolean isEmpty() {
            return totals.events() == 0;
        }
    }

    /** Acquisition: users and sessions in total and per day, and per value of each acquisition dimension. */
    public record AcquisitionReport(Activity totals, long newUsers, Sessions sessions, List<Activity> perDay,
                                    List<NewUsers> newUsersPerDay, List<Sessions> sessionsPerDay,
                                    Map<Dimension, List<Acquisition>> breakdowns) {
        /** Engaged sessions over sessions, 0 without sessions. */
        public double engagementRate() {
            return sessions.sessions() == 0 ? 0 : (double) sessions.engaged() / sessions.sessions();
        }
    }

    /** Engagement: per-user ratios, per day, pages, screens, entry and exit pages. */
    public record EngagementReport(Activity totals, Sessions sessions, List<Activity> perDay, List<ValueCount> pages,
                                   List<ValueCount> screens, List<ValueCount> entryPages, List<ValueCount> exitPages) {
        public double sessionsPerUser() {
            return totals.users() == 0 ? 0 : (double) sessions.sessions() / totals.users();
        }

        public double engagementSecondsPerUser() {
            return totals.users() == 0 ? 0 : totals.engagementMillis() / 1000.0 / totals.users();
        }

        public double viewsPerUser() {
            return totals.users() == 0 ? 0 : (double) totals.views() / totals.users();
        }

        public double averageSessionSeconds() {
            return sessions.sessions() == 0 ? 0 : sessions.durationMillis() / 1000.0 / sessions.sessions();
        }
    }

    /** Retention: new and returning users per day, new-user cohorts, weekly lifecycle and stickiness per day. */
    public record RetentionReport(List<NewAndReturning> perDay, RetentionResult cohorts, Granularity cohortPeriod,
                                  LifecycleResult lifecycle) {
    }

    /** Devices: users per value of each device dimension. */
    public record DevicesReport(Map<Dimension, List<ValueCount>> breakdowns) {
    }

    /**
     * Realtime: the minutes of the last hour (the last one still going on), users in the last 30 minutes, totals of
     * the hour, its top events, countries and platforms, and the latest events.
     */
    public record RealtimeReport(Instant start, List<Minute> minutes, long usersLast30Minutes, ValueCount lastHour,
                                 List<ValueCount> topEvents, List<ValueCount> countries, List<ValueCount> platforms,
                                 List<EventRow> latest) {
    }

    private final DashboardQueries queries;
    private final EventQueries events;
    private final Explorations explore;
    private final Clock clock;
    private final Map<ReportKey, CachedReport> reports = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ReportKey, CachedReport> eldest) {
            return size() > CACHED_REPORTS;
        }
    };

    private record ReportKey(Class<?> kind, String appId, LocalDate from, LocalDate to) {
    }

    private record CachedReport(String dataVersion, Object report) {
    }

    BuiltInDashboards(DashboardQueries queries, EventQueries events, Explorations explore, Clock clock) {
        this.queries = queries;
        this.events = events;
        this.explore = explore;
        this.clock = clock;
    }

    /**
     * A dashboard's figures ({@code kind}: {@link Overview}, {@link AcquisitionReport}, {@link EngagementReport},
     * {@link RetentionReport} or {@link DevicesReport}) if they are at hand for the app's current data, without
     * running a query; empty when they must be computed.
     */
    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR, Roles.ANALYST, Roles.READER})
    public <T> Optional<T> cached(Class<T> kind, String appId, LocalDate from, LocalDate to) {
        String version = queries.dataVersion(appId);
        CachedReport cached;
        synchronized (reports) {
            cached = reports.get(new ReportKey(kind, appId, from, to));
        }
        return cached != null && cached.dataVersion().equals(version) ? Optional.of(kind.cast(cached.report()))
                : Optional.empty();
    }

    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR, Roles.ANALYST, Roles.READER})
    public Overview overview(String appId, LocalDate from, LocalDate to) {
        DateSpan range = new DateSpan(from, to);
        return report(Overview.class, appId, from, to, () -> {
            CompletableFuture<Activity> totals = queries.async(() -> queries.activity(appId, range));
            CompletableFuture<Long> newUsers = queries.async(() -> queries.newUsers(appId, range));
            CompletableFuture<List<Activity>> perDay = queries.async(() -> queries.activityPerDay(appId, range));
            CompletableFuture<List<NewUsers>> newPerDay = queries.async(() -> queries.newUsersPerDay(appId, range));
            CompletableFuture<List<NamedCount>> top = queries.async(() -> events.topEvents(appId, range, TOP));
            CompletableFuture<List<ValueCount>> platforms = queries.async(
                    () -> queries.usersBy(appId, range, Dimension.PLATFORM, TOP));
            CompletableFuture<List<ValueCount>> countries = queries.async(
                    () -> queries.usersBy(appId, range, Dimension.COUNTRY, TOP));
            return new Overview(join(totals), join(newUsers),
                    everyDay(range, join(perDay), Activity::day, day -> new Activity(day, 0, 0, 0, 0, 0)),
                    everyDay(range, join(newPerDay), NewUsers::day, day -> new NewUsers(day, 0)),
                    join(top), join(platforms), join(countries));
        });
    }

    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR, Roles.ANALYST, Roles.READER})
    public AcquisitionReport acquisition(String appId, LocalDate from, LocalDate to) {
        DateSpan range = new DateSpan(from, to);
        return report(AcquisitionReport.class, appId, from, to, () -> {
            Map<Dimension, CompletableFuture<List<Acquisition>>> asked = new EnumMap<>(Dimension.class);
            for (Dimension dimension : ACQUISITION) {
                asked.put(dimension, queries.async(() -> queries.acquisition(appId, range, dimension, TOP)));
            }
            CompletableFuture<Activity> totals = queries.async(() -> queries.activity(appId, range));
            CompletableFuture<Long> newUsers = queries.async(() -> queries.newUsers(appId, range));
            CompletableFuture<Sessions> sessions = queries.async(() -> queries.sessions(appId, range));
            CompletableFuture<List<Activity>> perDay = queries.async(() -> queries.activityPerDay(appId, range));
            CompletableFuture<List<NewUsers>> newPerDay = queries.async(() -> queries.newUsersPerDay(appId, range));
            CompletableFuture<List<Sessions>> sessionsPerDay = queries.async(() -> queries.sessionsPerDay(appId, range));
            Map<Dimension, List<Acquisition>> breakdowns = new EnumMap<>(Dimension.class);
            asked.forEach((dimension, answer) -> breakdowns.put(dimension, join(answer)));
            return new AcquisitionReport(join(totals), join(newUsers), join(sessions),
                    everyDay(range, join(perDay), Activity::day, day -> new Activity(day, 0, 0, 0, 0, 0)),
                    everyDay(range, join(newPerDay), NewUsers::day, day -> new NewUsers(day, 0)),
                    everyDay(range, join(sessionsPerDay), Sessions::day, day -> new Sessions(day, 0, 0, 0)),
                    breakdowns);
        });
    }

    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR, Roles.ANALYST, Roles.READER})
    public EngagementReport engagement(String appId, LocalDate from, LocalDate to) {
        DateSpan range = new DateSpan(from, to);
        return report(EngagementReport.class, appId, from, to, () -> {
            CompletableFuture<Activity> totals = queries.async(() -> queries.activity(appId, range));
            CompletableFuture<Sessions> sessions = queries.async(() -> queries.sessions(appId, range));
            CompletableFuture<List<Activity>> perDay = queries.async(() -> queries.activityPerDay(appId, range));
            CompletableFuture<List<ValueCount>> pages = queries.async(() -> queries.views(appId, range, false, TOP));
            CompletableFuture<List<ValueCount>> screens = queries.async(() -> queries.views(appId, range, true, TOP));
            CompletableFuture<List<ValueCount>> entries = queries.async(() -> queries.landings(appId, range, false, TOP));
            CompletableFuture<List<ValueCount>> exits = queries.async(() -> queries.landings(appId, range, true, TOP));
            return new EngagementReport(join(totals), join(sessions),
                    everyDay(range, join(perDay), Activity::day, day -> new Activity(day, 0, 0, 0, 0, 0)),
                    join(pages), join(screens), join(entries), join(exits));
        });
    }

    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR, Roles.ANALYST, Roles.READER})
    public RetentionReport retention(String appId, LocalDate from, LocalDate to) {
        DateSpan range = new DateSpan(from, to);
        // Days for a range of up to two weeks, weeks beyond: a table of at most 8 periods either way.
        Granularity period = ChronoUnit.DAYS.between(from, to) < 14 ? Granularity.DAY : Granularity.WEEK;
        return report(RetentionReport.class, appId, from, to, () -> {
            CompletableFuture<List<NewAndReturning>> perDay = queries.async(() -> queries.newAndReturning(appId, range));
            CompletableFuture<RetentionResult> cohorts = queries.async(
                    () -> queries.cohorts(appId, range, period, COHORT_PERIODS));
            CompletableFuture<LifecycleResult> lifecycle = queries.async(() -> explore.lifecycle(appId,
                    new LifecycleQuery(TimeRange.between(from, to), null, null)));
            return new RetentionReport(
                    everyDay(range, join(perDay), NewAndReturning::day, day -> new NewAndReturning(day, 0, 0)),
                    join(cohorts), period, join(lifecycle));
        });
    }

    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR, Roles.ANALYST, Roles.READER})
    public DevicesReport devices(String appId, LocalDate from, LocalDate to) {
        DateSpan range = new DateSpan(from, to);
        return report(DevicesReport.class, appId, from, to, () -> {
            Map<Dimension, CompletableFuture<List<ValueCount>>> asked = new EnumMap<>(Dimension.class);
            for (Dimension dimension : DEVICES) {
                asked.put(dimension, queries.async(() -> queries.usersBy(appId, range, dimension, TOP)));
            }
            Map<Dimension, List<ValueCount>> breakdowns = new EnumMap<>(Dimension.class);
            asked.forEach((dimension, answer) -> breakdowns.put(dimension, join(answer)));
            return new DevicesReport(breakdowns);
        });
    }

    /** The last hour up to now, in minutes (the app's zone says which days to read). */
    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR, Roles.ANALYST, Roles.READER})
    public RealtimeReport realtime(String appId, ZoneId zone) {
        Instant now = clock.instant();
        Instant end = now.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        Instant start = end.minus(REALTIME_MINUTES, ChronoUnit.MINUTES);
        // Events carry the date of their instant in the app's zone: the hour may span two of them.
        DateSpan dates = new DateSpan(LocalDate.ofInstant(start, zone), LocalDate.ofInstant(end, zone));
        long from = start.toEpochMilli();
        long until = end.toEpochMilli();
        Map<Integer, Minute> byMinute = queries.perMinute(appId, dates, from, until).stream()
                .collect(Collectors.toMap(Minute::minute, Function.identity()));
        List<Minute> minutes = new ArrayList<>();
        for (int m = 0; m < REALTIME_MINUTES; m++) {
            minutes.add(byMinute.getOrDefault(m, new Minute(m, 0, 0)));
        }
        long last30 = queries.windowTotals(appId, dates, until - 30 * 60_000L, until).users();
        return new RealtimeReport(start, minutes, last30, queries.windowTotals(appId, dates, from, until),
                queries.windowBy(appId, dates, from, until, null, TOP),
                queries.windowBy(appId, dates, from, until, Dimension.COUNTRY, TOP),
                queries.windowBy(appId, dates, from, until, Dimension.PLATFORM, TOP),
                queries.events(appId, new DateSpan(dates.from().minusDays(1), dates.to()), null, null, 0, LATEST_EVENTS));
    }

    /** Raw events of the range, newest first, of one user, session or event ({@code who}) and event name if given. */
    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR, Roles.ANALYST, Roles.READER})
    public List<EventRow> events(String appId, LocalDate from, LocalDate to, String who, String eventName, int offset,
                                 int limit) {
        return queries.events(appId, new DateSpan(from, to), blankToNull(who), blankToNull(eventName), offset, limit);
    }

    /** Every column of one event of the range. */
    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR, Roles.ANALYST, Roles.READER})
    public Map<String, Object> event(String appId, LocalDate from, LocalDate to, String eventId) {
        return queries.event(appId, new DateSpan(from, to), eventId);
    }

    /** The app's event names, sorted (for the Details filter). */
    @RolesAllowed({Roles.ADMINISTRATOR, Roles.OPERATOR, Roles.ANALYST, Roles.READER})
    public List<String> eventNames(String appId) {
        return List.copyOf(new TreeSet<>(explore.metadata(appId).events()));
    }

    /** The report from the cache if it was computed on the app's current data, else computed now and kept. */
    private <T> T report(Class<T> kind, String appId, LocalDate from, LocalDate to, Supplier<T> compute) {
        // The version is read before the queries: a commit landing meanwhile makes the kept figures stale at once.
        String version = queries.dataVersion(appId);
        ReportKey key = new ReportKey(kind, appId, from, to);
        synchronized (reports) {
            CachedReport cached = reports.get(key);
            if (cached != null && cached.dataVersion().equals(version)) {
                return kind.cast(cached.report());
            }
        }
        T report = compute.get();
        synchronized (reports) {
            reports.put(key, new CachedReport(version, report));
        }
        return report;
    }

    private static <T> T join(CompletableFuture<T> answer) {
        return DashboardQueries.join(answer);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static <T> List<T> everyDay(DateSpan range, List<T> rows, Function<T, LocalDate> day,
                                        Function<LocalDate, T> zero) {
        Map<LocalDate, T> byDay = rows.stream().filter(r -> day.apply(r) != null)
                .collect(Collectors.toMap(day, Function.identity(), (a, b) -> a));
        return range.days().stream().map(d -> byDay.getOrDefault(d, zero.apply(d))).toList();
    }
}
