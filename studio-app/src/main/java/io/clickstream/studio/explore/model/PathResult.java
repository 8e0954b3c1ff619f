package io.clickstream.studio.explore.model;

import java.util.List;

/**
 * Sankey data. Depth 1 is the start node (or, back from an end node, the end node; depth 2 the node before it).
 * A node's {@code journeys} is the number of journeys at that depth with that node; links join consecutive depths
 * in time order ({@code source} happened before {@code target}) and a node's links add up to its journeys that
 * went on (or came from further back). {@code journeys} of the result is the number of journeys read.
 */
public record PathResult(long journeys, List<Node> nodes, List<Link> links, String sql) {

    /** A node: its id ({@code "<depth>:<name>"}, or {@code "<depth>:~other"}), depth and name. */
    public record Node(String id, int depth, String name, boolean other, long journeys) {
    }

    /** Journeys that went from one node to the next. */
    public record Link(String source, String target, long journeys) {
    }
}
