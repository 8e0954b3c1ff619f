package io.clickstream.studio.pipeline.ui;

import com.vaadin.flow.component.html.Span;
import io.clickstream.pipeline.lifecycle.PipelineStatus;
import java.time.Duration;
import java.time.Instant;

/** The small pieces the pipeline pages share: status and alarm badges, ages in words. */
final class StatusBadges {

    private StatusBadges() {
    }

    /** A pipeline's status as a coloured pill: green Active, amber Warning, red Failed, grey Stopped, blue steps. */
    static Span status(PipelineStatus status) {
        Span badge = new Span(status.label());
        badge.addClassName("cs-status");
        badge.addClassName("cs-status-" + status.label().toLowerCase(java.util.Locale.ROOT));
        badge.getElement().getThemeList().add(switch (status) {
            case ACTIVE -> "badge success pill";
            case FAILED -> "badge error primary pill";
            case WARNING -> "badge error pill";
            case STOPPED, DELETED -> "badge contrast pill";
            default -> "badge pill";
        });
        return badge;
    }

    /** How many alarms fire: a red pill, or a quiet "No alarms". */
    static Span alarms(int firing) {
        Span badge = new Span(firing == 0 ? "No alarms" : firing + (firing == 1 ? " alarm" : " alarms"));
        badge.addClassName("cs-alarm-badge");
        badge.getElement().getThemeList().add(firing == 0 ? "badge contrast pill small" : "badge error primary pill");
        return badge;
    }

    /** {@code 12 s ago}, {@code 3 min ago}, {@code 2 h ago}, {@code 4 d ago}. */
    static String ago(Instant then, Instant now) {
        if (then == null) {
            return "never";
        }
        return duration(Duration.between(then, now).isNegative() ? Duration.ZERO : Duration.between(then, now))
                + " ago";
    }

    static String duration(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min";
        }
        if (s < 86_400) {
            return s / 3600 + " h";
        }
        return s / 86_400 + " d";
    }
}
