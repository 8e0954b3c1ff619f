package io.clickstream.studio.base.ui.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Sankey's thin nodes carry no label of their own, so that their labels are not drawn over each other. */
class SankeyLabelsTest {

    @Test
    void nodes_under_two_percent_of_their_column_are_not_labelled_and_overlapping_labels_are_hidden() {
        List<ChartOptions.SankeyNode> nodes = List.of(
                new ChartOptions.SankeyNode("a", "Session start", 0, false),
                new ChartOptions.SankeyNode("b", "search", 0, false),
                new ChartOptions.SankeyNode("c", "Page view", 1, false),
                new ChartOptions.SankeyNode("d", "login", 1, false));
        List<ChartOptions.SankeyLink> links = List.of(
                new ChartOptions.SankeyLink("a", "c", 990),
                new ChartOptions.SankeyLink("b", "c", 10),   // 1 % of column 0
                new ChartOptions.SankeyLink("a", "d", 30));  // 3 % of column 1 (990 + 10 + 30)

        ObjectNode option = ChartOptions.sankey(nodes, links);

        JsonNode series = option.at("/series/0");
        assertThat(series.at("/labelLayout/hideOverlap").asBoolean()).isTrue();
        Map<String, Boolean> shown = new HashMap<>();
        series.get("data").forEach(node -> shown.put(node.get("name").asText().replace("\u200B", ""),
                !node.has("label") || node.at("/label/show").asBoolean(true)));
        // Reference: a node's flow against 2 % of its column's total flow, by hand.
        assertThat(shown).containsEntry("Session start", true).containsEntry("search", false)
                .containsEntry("Page view", true).containsEntry("login", true);
    }
}
