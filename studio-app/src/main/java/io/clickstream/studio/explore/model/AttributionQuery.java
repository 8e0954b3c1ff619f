package io.clickstream.studio.explore.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.List;

/**
 * Credits each goal event in the range to the user's touch points before it (at or before its time, within the
 * {@code window}: the same day, the same session, or N days), by the {@code model}. Touch points are the events of
 * {@code touchPoints.events}, labelled by event name, traffic source or campaign ({@code touchPoints.type}); a
 * touch without a label is not a touch. Each goal counts 1, or its {@code goalValueProperty} when given.
 */
public record AttributionQuery(TimeRange timeRange, Model model, EventSpec goal, String goalValueProperty,
                               Window window, TouchPoints touchPoints, Double timeDecayHalfLifeDays,
                               List<Condition> conditions, Join join) {

    public AttributionQuery {
        conditions = conditions == null ? List.of() : conditions;
        model = model == null ? Model.LAST_TOUCH : model;
    }

    /** How a goal's credit is split between its touches (ordered by time). */
    public enum Model {
        /** all to the first touch */
        FIRST_TOUCH,
        /** all to the last touch */
        LAST_TOUCH,
        /** equal shares */
        LINEAR,
        /** 40 % first, 40 % last, 20 % shared by the ones between (50/50 with two touches) */
        POSITION_BASED,
        /** weight 2^(-age / half-life), normalised */
        TIME_DECAY;

        @JsonCreator
        public static Model of(String text) {
            return Lenient.parse(Model.class, text);
        }
    }

    /** What touches are and how they are labelled. */
    public record TouchPoints(Label type, List<EventSpec> events) {

        public TouchPoints {
            events = events == null ? List.of() : events;
            type = type == null ? Label.EVENT : type;
        }

        /** The label of a touch. */
        public enum Label {
            EVENT("event_name"), TRAFFIC_SOURCE("traffic_source_source"), CAMPAIGN("traffic_source_campaign");

            private final String column;

            Label(String column) {
                this.column = column;
            }

            public String column() {
                return column;
            }

            @JsonCreator
            public static Label of(String text) {
                return Lenient.parse(Label.class, text);
            }
        }
    }

    public double halfLifeDaysOrDefault() {
        return timeDecayHalfLifeDays == null ? 7.0 : timeDecayHalfLifeDays;
    }
}
