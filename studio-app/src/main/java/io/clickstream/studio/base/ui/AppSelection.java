package io.clickstream.studio.base.ui;

import com.vaadin.flow.router.QueryParameters;
import io.clickstream.studio.base.AppChoice;
import io.clickstream.studio.base.DateRangeChoice;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the header has chosen for the current view: the app, the date range, and today's date in the app's time zone
 * (so presets resolve to the app's days). It lives in the URL as {@code ?app=<appId>&range=<token>} (see
 * {@link DateRangeChoice#token()}): a reload or a shared link shows the same, and back and forward step through
 * earlier choices. {@code app} is null only when no app exists yet.
 */
public record AppSelection(AppChoice app, DateRangeChoice range, LocalDate today) {

    /** The URL parameter naming the app. */
    public static final String APP = "app";
    /** The URL parameter naming the date range. */
    public static final String RANGE = "range";

    public boolean hasApp() {
        return app != null;
    }

    public String appId() {
        return app == null ? null : app.appId();
    }

    /** The first day of the range, in the app's zone. */
    public LocalDate from() {
        return range.start(today);
    }

    /** The last day of the range (inclusive), in the app's zone. */
    public LocalDate to() {
        return range.end(today);
    }

    /** Whether the range ends today, whose numbers are still growing. */
    public boolean partialToday() {
        return range.endsToday(today);
    }

    /** The dates and the zone in words: {@code Oct 22 – Nov 20, 2026 · Europe/Paris}. */
    public String describe() {
        return DateRangeChoice.days(from(), to()) + (app == null ? "" : " · " + app.zone().getId());
    }

    /** The URL parameters of this selection (and any others given, e.g. a view's own). */
    public QueryParameters query(Map<String, String> others) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (app != null) {
            parameters.put(APP, List.of(app.appId()));
        }
        parameters.put(RANGE, List.of(range.token()));
        others.forEach((key, value) -> parameters.put(key, List.of(value)));
        return new QueryParameters(parameters);
    }

    public QueryParameters query() {
        return query(Map.of());
    }
}
