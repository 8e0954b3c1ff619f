package io.clickstream.studio.explore.ui;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickstream.studio.base.ui.chart.ChartOptions;
import java.util.List;

/**
 * ECharts options of the Explore results, in the studio's palette: trends, a funnel of bars with its conversion
 * rates, a Sankey of paths, a retention curve, lifecycle as stacked bars and stickiness lines. Options are JSON
 * only (no functions), so labels that need formatting are written per data item.
 */
final class ExploreCharts {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final String GRID_LINE = "#eef0f4";
    static final String MUTED = "#d0d5dd";
    static final String TEXT = "#4b5563";

    /** One named line or bar series. */
    record Series(String name, List<? extends Number> values) {
    }

    private ExploreCharts() {
    }

    /**
     * A trend: one series per event (and group) over the buckets; the last bucket, when it is today's, is shaded as
     * partial so its smaller value does not read as a drop.
     */
    static ObjectNode trend(List<String> buckets, List<Series> series, boolean bars, boolean lastIsPartial) {
        ObjectNode option = base();
        option.putObject("tooltip").put("trigger", "axis").put("confine", true);
        legend(option, series.size() > 1);
        grid(option, series.size() > 1 ? 44 : 16);
        ObjectNode xAxis = option.putObject("xAxis").put("type", "category").put("boundaryGap", bars);
        xAxis.set("data", strings(buckets));
        xAxis.putObject("axisTick").put("show", false);
        valueAxis(option.putObject("yAxis"));
        ArrayNode list = option.putArray("series");
        for (int i = 0; i < series.size(); i++) {
            ObjectNode s = list.addObject().put("name", series.get(i).name()).put("type", bars ? "bar" : "line");
            if (bars) {
                s.put("barMaxWidth", 28);
            } else {
                s.put("smooth", 0.2).put("showSymbol", buckets.size() <= 31).put("symbolSize", 5);
                s.putObject("lineStyle").put("width", 2.5);
                if (series.size() == 1) {
                    s.putObject("areaStyle").put("opacity", 0.1);
                }
            }
            s.set("data", numbers(series.get(i).values()));
            if (i == 0 && lastIsPartial && buckets.size() > 1) {
                ObjectNode markArea = s.putObject("markArea").put("silent", true);
                markArea.putObject("itemStyle").put("color", "rgba(148, 163, 184, 0.12)");
                markArea.putObject("label").put("color", "#64748b").put("position", "insideTop").put("fontSize", 11);
                ArrayNode area = markArea.putArray("data").addArray();
                area.addObject().put("xAxis", buckets.get(buckets.size() - 2)).put("name", "partial");
                area.addObject().put("xAxis", buckets.get(buckets.size() - 1));
            }
        }
        return option;
    }

    /**
     * A funnel as bars: per step the users who got there, stacked under those who dropped on the way (grey), each
     * labelled with its conversion rate from step 1.
     */
    static ObjectNode funnel(List<String> steps, List<Long> users, List<String> labels) {
        ObjectNode option = base();
        option.putObject("tooltip").put("trigger", "axis").putObject("axisPointer").put("type", "shadow");
        grid(option, 28);
        ObjectNode xAxis = option.putObject("xAxis").put("type", "category");
        xAxis.set("data", strings(steps));
        xAxis.putObject("axisTick").put("show", false);
        xAxis.putObject("axisLabel").put("interval", 0).put("width", 110).put("overflow", "truncate");
        valueAxis(option.putObject("yAxis"));
        ArrayNode series = option.putArray("series");
        ObjectNode converted = series.addObject().put("name", "Users").put("type", "bar").put("stack", "funnel")
                .put("barMaxWidth", 72);
        converted.putObject("itemStyle").put("color", ChartOptions.color(0));
        converted.set("data", numbers(users));
        // The rate sits on the grey "dropped" part, just above the users who got there, where it is always legible.
        ObjectNode dropped = series.addObject().put("name", "Dropped").put("type", "bar").put("stack", "funnel");
        dropped.putObject("itemStyle").put("color", "#e4e7ec").putArray("borderRadius").add(4).add(4).add(0).add(0);
        ArrayNode droppedData = dropped.putArray("data");
        long first = users.isEmpty() ? 0 : users.get(0);
        for (int i = 0; i < users.size(); i++) {
            ObjectNode point = droppedData.addObject().put("value", first - users.get(i));
            point.putObject("label").put("show", true).put("position", "insideBottom").put("distance", 6)
                    .put("color", "#1d2939").put("fontWeight", "bold").put("formatter", escape(labels.get(i)));
        }
        return option;
    }

    /** Users per step for each group (grouped bars), the largest groups first. */
    static ObjectNode groupedFunnel(List<String> steps, List<Series> groups) {
        ObjectNode option = base();
        option.putObject("tooltip").put("trigger", "axis").put("confine", true).putObject("axisPointer")
                .put("type", "shadow");
        legend(option, true);
        grid(option, 44);
        ObjectNode xAxis = option.putObject("xAxis").put("type", "category");
        xAxis.set("data", strings(steps));
        xAxis.putObject("axisTick").put("show", false);
        valueAxis(option.putObject("yAxis"));
        ArrayNode series = option.putArray("series");
        for (Series group : groups) {
            series.addObject().put("name", group.name()).put("type", "bar").put("barMaxWidth", 28)
                    .set("data", numbers(group.values()));
        }
        return option;
    }

    /** One Sankey node: its unique id, the label shown, and its column. */
    record SankeyNode(String id, String label, int column, boolean other) {
    }

    /** Journeys from one node to the next. */
    record SankeyLink(String source, String target, long value) {
    }

    static ObjectNode sankey(List<SankeyNode> nodes, List<SankeyLink> links) {
        ObjectNode option = base();
        option.putObject("tooltip").put("trigger", "item").put("confine", true);
        ObjectNode s = option.putArray("series").addObject().put("type", "sankey").put("left", 8).put("right", 140)
                .put("top", 16).put("bottom", 16).put("nodeGap", 10).put("nodeWidth", 14).put("draggable", false)
                .put("layoutIterations", 32);
        s.putObject("emphasis").put("focus", "adjacency");
        s.putObject("lineStyle").put("color", "gradient").put("curveness", 0.5).put("opacity", 0.35);
        s.putObject("label").put("color", TEXT).put("fontSize", 12).put("width", 130).put("overflow", "truncate");
        ArrayNode data = s.putArray("data");
        for (int i = 0; i < nodes.size(); i++) {
            SankeyNode node = nodes.get(i);
            // Names must be unique: the same page at two depths is two nodes. Zero-width spaces keep them apart.
            ObjectNode item = data.addObject().put("name", uniqueName(node)).put("depth", node.column());
            item.putObject("itemStyle").put("color", node.other() ? "#98a2b3" : ChartOptions.color(i));
        }
        ArrayNode linkData = s.putArray("links");
        for (SankeyLink link : links) {
            SankeyNode source = find(nodes, link.source());
            SankeyNode target = find(nodes, link.target());
            if (source != null && target != null) {
                linkData.addObject().put("source", uniqueName(source)).put("target", uniqueName(target))
                        .put("value", link.value());
            }
        }
        return option;
    }

    /** Average share of a cohort still active n periods later, in percent. */
    static ObjectNode retentionCurve(List<String> periods, List<Double> percentages) {
        ObjectNode option = base();
        option.putObject("tooltip").put("trigger", "axis");
        grid(option, 16);
        ObjectNode xAxis = option.putObject("xAxis").put("type", "category").put("boundaryGap", false);
        xAxis.set("data", strings(periods));
        xAxis.putObject("axisTick").put("show", false);
        ObjectNode yAxis = option.putObject("yAxis").put("type", "value").put("max", 100).put("min", 0);
        yAxis.putObject("axisLabel").put("formatter", "{value}%");
        yAxis.putObject("splitLine").putObject("lineStyle").put("color", GRID_LINE);
        ObjectNode s = option.putArray("series").addObject().put("name", "Retained (%)").put("type", "line")
                .put("smooth", 0.2).put("symbolSize", 6);
        s.putObject("lineStyle").put("width", 2.5);
        s.putObject("areaStyle").put("opacity", 0.1);
        s.putObject("label").put("show", periods.size() <= 13).put("formatter", "{c}%").put("color", TEXT);
        s.set("data", numbers(percentages));
        return option;
    }

    /** New, retained and resurrected users above the axis, dormant ones below, per week. */
    static ObjectNode lifecycle(List<String> weeks, List<Long> newUsers, List<Long> retained, List<Long> resurrected,
                                List<Long> dormant) {
        ObjectNode option = base();
        option.putObject("tooltip").put("trigger", "axis").putObject("axisPointer").put("type", "shadow");
        legend(option, true);
        grid(option, 44);
        ObjectNode xAxis = option.putObject("xAxis").put("type", "category");
        xAxis.set("data", strings(weeks));
        xAxis.putObject("axisTick").put("show", false);
        valueAxis(option.putObject("yAxis"));
        ArrayNode series = option.putArray("series");
        stacked(series, "New", newUsers, "#2f6fed");
        stacked(series, "Retained", retained, "#12a594");
        stacked(series, "Resurrected", resurrected, "#f59e0b");
        stacked(series, "Dormant", dormant.stream().map(d -> -d).toList(), "#e5484d");
        return option;
    }

    /** DAU/WAU and DAU/MAU per day, in percent. */
    static ObjectNode stickiness(List<String> days, List<Double> dauOverWau, List<Double> dauOverMau) {
        ObjectNode option = base();
        option.putObject("tooltip").put("trigger", "axis");
        legend(option, true);
        grid(option, 44);
        ObjectNode xAxis = option.putObject("xAxis").put("type", "category").put("boundaryGap", false);
        xAxis.set("data", strings(days));
        xAxis.putObject("axisTick").put("show", false);
        ObjectNode yAxis = option.putObject("yAxis").put("type", "value").put("min", 0);
        yAxis.putObject("axisLabel").put("formatter", "{value}%");
        yAxis.putObject("splitLine").putObject("lineStyle").put("color", GRID_LINE);
        ArrayNode series = option.putArray("series");
        for (Series s : List.of(new Series("DAU/WAU (%)", dauOverWau), new Series("DAU/MAU (%)", dauOverMau))) {
            ObjectNode line = series.addObject().put("name", s.name()).put("type", "line").put("smooth", 0.2)
                    .put("showSymbol", false);
            line.putObject("lineStyle").put("width", 2.5);
            line.set("data", numbers(s.values()));
        }
        return option;
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static void stacked(ArrayNode series, String name, List<Long> values, String color) {
        ObjectNode s = series.addObject().put("name", name).put("type", "bar").put("stack", "users")
                .put("barMaxWidth", 36);
        s.putObject("itemStyle").put("color", color);
        s.set("data", numbers(values));
    }

    private static String uniqueName(SankeyNode node) {
        return node.label().replace("\u200B", "") + "\u200B".repeat(node.column() + 1);
    }

    private static SankeyNode find(List<SankeyNode> nodes, String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst().orElse(null);
    }

    /** ECharts reads {@code {a}} and {@code {name|text}} in a formatter string; labels here are literal. */
    private static String escape(String label) {
        return label.replace("{", "(").replace("}", ")");
    }

    private static ObjectNode base() {
        ObjectNode option = NODES.objectNode();
        ArrayNode colors = option.putArray("color");
        for (int i = 0; i < 6; i++) {
            colors.add(ChartOptions.color(i));
        }
        colors.add("#64748b").add("#d946ef").add("#84cc16").add("#0f766e");
        option.put("animationDuration", 400);
        return option;
    }

    private static void legend(ObjectNode option, boolean show) {
        if (show) {
            option.putObject("legend").put("type", "scroll").put("top", 0).put("icon", "roundRect")
                    .put("itemWidth", 12).put("itemHeight", 8);
        }
    }

    private static void grid(ObjectNode option, int top) {
        option.putObject("grid").put("left", 16).put("right", 24).put("top", top).put("bottom", 8)
                .put("containLabel", true);
    }

    private static void valueAxis(ObjectNode axis) {
        axis.put("type", "value");
        axis.putObject("splitLine").putObject("lineStyle").put("color", GRID_LINE);
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = NODES.arrayNode();
        values.forEach(array::add);
        return array;
    }

    static ArrayNode numbers(List<? extends Number> values) {
        ArrayNode array = NODES.arrayNode();
        for (Number value : values) {
            if (value == null) {
                array.addNull();
            } else if (value instanceof Long || value instanceof Integer) {
                array.add(value.longValue());
            } else {
                array.add(Math.round(value.doubleValue() * 1000) / 1000.0);
            }
        }
        return array;
    }
}
