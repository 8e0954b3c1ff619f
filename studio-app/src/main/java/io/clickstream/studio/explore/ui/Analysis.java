package io.clickstream.studio.explore.ui;

import com.vaadin.flow.component.icon.VaadinIcon;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The six analyses of the Explore views: their route under {@code explore/}, title, icon and a line of help. */
enum Analysis {
    EVENT("event", "Event trends", VaadinIcon.LINE_CHART,
            "How often events happen over time: users, events, sessions or a value, per day, week or month."),
    FUNNEL("funnel", "Funnel", VaadinIcon.FILTER,
            "How many users go through ordered steps, how many convert at each step and how long it takes."),
    PATH("path", "Paths", VaadinIcon.SITEMAP,
            "Where journeys go: the events or pages users move through, from a start or back from an end."),
    RETENTION("retention", "Retention", VaadinIcon.GRID_BIG,
            "How many users come back: cohorts by their first event, and their returns period after period."),
    ATTRIBUTION("attribution", "Attribution", VaadinIcon.CONNECT,
            "Which touch points lead to conversions: credit by first touch, last touch, linear, position or decay."),
    LIFECYCLE("lifecycle", "Lifecycle", VaadinIcon.RECYCLE,
            "New, retained, resurrected and dormant users week by week, and daily stickiness (DAU/WAU, DAU/MAU).");

    private final String path;
    private final String title;
    private final VaadinIcon icon;
    private final String description;

    Analysis(String path, String title, VaadinIcon icon, String description) {
        this.path = path;
        this.title = title;
        this.icon = icon;
        this.description = description;
    }

    /** The last segment of the view's route ({@code explore/funnel}) and the name the engine's API uses. */
    String path() {
        return path;
    }

    String route() {
        return "explore/" + path;
    }

    String title() {
        return title;
    }

    VaadinIcon icon() {
        return icon;
    }

    String description() {
        return description;
    }

    static Optional<Analysis> of(String name) {
        return Arrays.stream(values()).filter(a -> a.path.equals(name == null ? null : name.toLowerCase(Locale.ROOT)))
                .findFirst();
    }
}
