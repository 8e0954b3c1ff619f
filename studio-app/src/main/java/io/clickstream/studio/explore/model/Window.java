package io.clickstream.studio.explore.model;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * A conversion or attribution window: a rolling duration ({@code {"value":1,"unit":"DAY"}} is 24 hours from the
 * first step, whatever the calendar says), the same session ({@code {"unit":"SESSION"}}) or, for attribution, the
 * same day in the app's time zone ({@code {"unit":"SAME_DAY"}}).
 */
public record Window(Long value, Unit unit) {

    /** Unit of a window. */
    public enum Unit {
        SECOND(1_000L), MINUTE(60_000L), HOUR(3_600_000L), DAY(86_400_000L), SESSION(0), SAME_DAY(0);

        private final long millis;

        Unit(long millis) {
            this.millis = millis;
        }

        @JsonCreator
        public static Unit of(String text) {
            return Lenient.parse(Unit.class, text);
        }

        public boolean isDuration() {
            return millis > 0;
        }
    }

    public static Window of(long value, Unit unit) {
        return new Window(value, unit);
    }

    /** The duration in milliseconds; only for duration units. */
    public long millis() {
        return value * unit.millis;
    }
}
