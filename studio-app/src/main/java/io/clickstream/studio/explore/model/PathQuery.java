package io.clickstream.studio.explore.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.List;

/**
 * Journeys as Sankey data. Events carrying a node value ({@code nodeType}) are cut into journeys by session or by
 * an inactivity gap of {@code gapMinutes}; consecutive repeats of a node are merged; each journey is read from
 * its first {@code startNode} forwards or back from its last {@code endNode} (or from its first node when neither
 * is given), {@code depth} (2-10) nodes deep. Per depth the {@code topNodes} most frequent nodes keep their name
 * and the rest become one "other" node, so that totals still add up.
 */
public record PathQuery(TimeRange timeRange, NodeType nodeType, JourneyBy journeyBy, Integer gapMinutes,
                        String startNode, String endNode, Integer depth, Integer topNodes,
                        List<Condition> conditions, Join join) {

    public PathQuery {
        conditions = conditions == null ? List.of() : conditions;
        nodeType = nodeType == null ? NodeType.EVENT : nodeType;
        journeyBy = journeyBy == null ? JourneyBy.SESSION : journeyBy;
    }

    /** What a node of the path is. */
    public enum NodeType {
        EVENT("event_name"), PAGE_TITLE("page_title"), PAGE_URL("page_url"), SCREEN_NAME("screen_name");

        private final String column;

        NodeType(String column) {
            this.column = column;
        }

        public String column() {
            return column;
        }

        @JsonCreator
        public static NodeType of(String text) {
            return Lenient.parse(NodeType.class, text);
        }
    }

    /** How events are cut into journeys. */
    public enum JourneyBy {
        SESSION, GAP;

        @JsonCreator
        public static JourneyBy of(String text) {
            return Lenient.parse(JourneyBy.class, text);
        }
    }

    public int depthOrDefault() {
        return depth == null ? 5 : depth;
    }

    public int topNodesOrDefault() {
        return topNodes == null ? 10 : topNodes;
    }

    public int gapMinutesOrDefault() {
        return gapMinutes == null ? 30 : gapMinutes;
    }
}
