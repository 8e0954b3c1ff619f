package io.clickstream.studio.overview;

import io.clickstream.studio.explore.DailyCount;
import io.clickstream.studio.explore.model.DateSpan;
import io.clickstream.studio.explore.EventQueries;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/** Assembles the Overview dashboard of an app over the last {@value #DAYS} days (UTC). */
@Service
public class OverviewService {

    static final int DAYS = 30;
    static final int TOP_EVENTS = 10;

    private final EventQueries queries;
    private final Clock clock;

    OverviewService(EventQueries queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    /** Apps that have modeled events; empty until the first ETL run has written Parquet. */
    public List<String> apps() {
        return queries.apps();
    }

    public Overview overview(String appId) {
        DateSpan range = DateSpan.lastDays(DAYS, LocalDate.now(clock));
        return new Overview(appId, range,
                queries.totals(appId, range),
                everyDay(range, queries.eventsPerDay(appId, range)),
                everyDay(range, queries.activeUsersPerDay(appId, range)),
                queries.topEvents(appId, range, TOP_EVENTS));
    }

    private static List<DailyCount> everyDay(DateSpan range, List<DailyCount> counts) {
        Map<LocalDate, Long> byDay = counts.stream()
                .collect(Collectors.toMap(DailyCount::day, DailyCount::count, Long::sum));
        return range.days().stream()
                .map(day -> new DailyCount(day, byDay.getOrDefault(day, 0L)))
                .toList();
    }
}
