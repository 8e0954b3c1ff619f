package io.clickstream.studio.overview;

import io.clickstream.studio.explore.DailyCount;
import io.clickstream.studio.explore.model.DateSpan;
import io.clickstream.studio.explore.EventTotals;
import io.clickstream.studio.explore.NamedCount;
import java.util.List;

/**
 * What the Overview dashboard shows for one app: headline totals, a point for every day of the range (zero on
 * days without events, so lines do not skip days), and the most frequent events.
 */
public record Overview(String appId, DateSpan range, EventTotals totals, List<DailyCount> eventsPerDay,
                       List<DailyCount> activeUsersPerDay, List<NamedCount> topEvents) {

    public Overview {
        eventsPerDay = List.copyOf(eventsPerDay);
        activeUsersPerDay = List.copyOf(activeUsersPerDay);
        topEvents = List.copyOf(topEvents);
    }

    /** True when the app has no events in the range. */
    public boolean isEmpty() {
        return totals.events() == 0;
    }
}
