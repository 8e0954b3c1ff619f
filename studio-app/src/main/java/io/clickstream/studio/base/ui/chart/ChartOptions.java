package io.clickstream.studio.base.ui.chart;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.text.NumberFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ECharts option objects for the studio's chart shapes, styled alike: lines over days (today's partial day drawn
 * dashed under a "so far" band, never as a cliff), plain and stacked bars, ranked bars, a donut, a funnel and a
 * Sankey in columns. Colours of text and grid lines are left to the chart's light or dark theme
 * ({@code cs-echart}); series take the studio palette. Callers may still adjust the returned tree before handing it
 * to {@link EChart#setOption}.
 */
public final class ChartOptions {

    /** The studio palette; the first colour matches the theme's primary colour. */
    static final List<String> PALETTE = List.of("#2f6fed", "#12a594", "#f59e0b", "#e5484d", "#8e4ec6", "#0ea5e9",
            "#d946ef", "#84cc16");

    /** The label of the band over today's partial numbers (daily buckets). */
    public static final String PARTIAL_LABEL = "Today so far";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ChartOptions() {
    }

    /** One named series of values, one per category. Values may be null (no point). */
    public record Series(String name, List<? extends Number> values) {
    }

    /** A node of a Sankey: its unique id, the label shown, its column (from 0), and whether it is "Other". */
    public record SankeyNode(String id, String label, int column, boolean other) {
    }

    /** A flow between two Sankey nodes (ids). */
    public record SankeyLink(String source, String target, long value) {
    }

    /** A smooth line with a soft area under it, one point per category (e.g. per day), in {@code color}. */
    public static ObjectNode line(String seriesName, List<String> categories, List<? extends Number> values,
                                  String color) {
        ObjectNode option = lines(categories, List.of(new Series(seriesName, values)), -1);
        option.putArray("color").add(color);
        return option;
    }

    /**
     * One line per series over the categories. From {@code partialIndex} on (the bucket holding today; -1 for
     * none) each line is dashed and the band above says "so far", so a day that is not over does not read as a drop.
     */
    public static ObjectNode lines(List<String> categories, List<Series> series, int partialIndex) {
        return lines(categories, series, partialIndex, PARTIAL_LABEL);
    }

    /** {@link #lines(List, List, int)} with the partial band named for its buckets ("This week so far"). */
    public static ObjectNode lines(List<String> categories, List<Series> series, int partialIndex,
                                   String partialLabel) {
        ObjectNode option = base();
        option.putObject("tooltip").put("trigger", "axis");
        boolean legend = series.size() > 1;
        option.set("grid", grid(16, legend ? 40 : 16).put("containLabel", true));
        if (legend) {
            ObjectNode legendNode = option.putObject("legend").put("top", 0).put("type", "scroll");
            ArrayNode names = legendNode.putArray("data");
            series.forEach(s -> names.add(s.name()));
        }
        ObjectNode xAxis = option.putObject("xAxis");
        xAxis.put("type", "category").put("boundaryGap", false);
        xAxis.set("data", strings(categories));
        xAxis.putObject("axisTick").put("show", false);
        option.putObject("yAxis").put("type", "value").put("minInterval", 1);
        ArrayNode all = option.putArray("series");
        boolean few = categories.size() <= 2;
        int partial = partialIndex >= 0 && partialIndex < categories.size() ? partialIndex : -1;
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            String color = color(i);
            ObjectNode line = all.addObject();
            line.put("name", s.name()).put("type", "line").put("smooth", 0.25)
                    .put("showSymbol", few).put("symbolSize", 6);
            line.putObject("lineStyle").put("width", 2.5).put("color", color);
            line.putObject("itemStyle").put("color", color);
            line.putObject("areaStyle").put("color", color).put("opacity", series.size() > 1 ? 0.06 : 0.12);
            if (partial <= 0) {
                line.set("data", numbers(s.values()));
            } else {
                // Complete buckets solid; the last complete one and the partial ones again, dashed.
                line.set("data", numbers(s.values(), 0, partial));
                ObjectNode dashed = all.addObject();
                dashed.put("name", s.name()).put("type", "line").put("smooth", 0.25)
                        .put("showSymbol", true).put("symbolSize", 5);
                dashed.putObject("lineStyle").put("width", 2).put("type", "dashed").put("color", color);
                dashed.putObject("itemStyle").put("color", color);
                dashed.putObject("tooltip").put("show", false);
                dashed.set("data", numbers(s.values(), partial - 1, s.values().size()));
            }
            if (i == 0 && partial >= 0) {
                // Over the dashed stretch: from the last complete point to the partial one.
                line.set("markArea", partialBand(categories, Math.max(0, partial - 1), partialLabel));
            }
        }
        return option;
    }

    /**
     * Vertical bars per category, one colour per series, side by side or stacked. Bars of the partial bucket (from
     * {@code partialIndex}; -1 for none) are drawn lighter and the band above says "so far".
     */
    public static ObjectNode bars(List<String> categories, List<Series> series, boolean stacked, int partialIndex) {
        return bars(categories, series, stacked, partialIndex, PARTIAL_LABEL);
    }

    /** {@link #bars(List, List, boolean, int)} with the partial band named for its buckets ("This minute so far"). */
    public static ObjectNode bars(List<String> categories, List<Series> series, boolean stacked, int partialIndex,
                                  String partialLabel) {
        ObjectNode option = base();
        option.putObject("tooltip").put("trigger", "axis").putObject("axisPointer").put("type", "shadow");
        boolean legend = series.size() > 1;
        option.set("grid", grid(16, legend ? 40 : 16).put("containLabel", true));
        if (legend) {
            option.putObject("legend").put("top", 0).put("type", "scroll");
        }
        ObjectNode xAxis = option.putObject("xAxis");
        xAxis.put("type", "category");
        xAxis.set("data", strings(categories));
        xAxis.putObject("axisTick").put("show", false);
        option.putObject("yAxis").put("type", "value").put("minInterval", 1);
        ArrayNode all = option.putArray("series");
        int partial = partialIndex >= 0 && partialIndex < categories.size() ? partialIndex : -1;
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            ObjectNode bar = all.addObject();
            bar.put("name", s.name()).put("type", "bar").put("barMaxWidth", 28);
            if (stacked) {
                bar.put("stack", "total");
            }
            bar.putObject("itemStyle").put("color", color(i));
            ArrayNode data = bar.putArray("data");
            for (int c = 0; c < s.values().size(); c++) {
                Number value = s.values().get(c);
                if (partial >= 0 && c >= partial) {
                    ObjectNode item = data.addObject();
                    item.set("value", number(value));
                    item.putObject("itemStyle").put("opacity", 0.45);
                } else {
                    data.add(number(value));
                }
            }
            if (i == 0 && partial >= 0) {
                // Over the partial bars only: a bar fills its category, and the one before is complete.
                bar.set("markArea", partialBand(categories, partial, partialLabel));
            }
        }
        return option;
    }

    /** Horizontal bars, largest first at the top, each labelled with its value as the grids write it (12,345). */
    public static ObjectNode rankedBars(String seriesName, List<String> names, List<? extends Number> values,
                                        String color) {
        return rankedBars(seriesName, names, values, values.stream().map(ChartOptions::figure).toList(), color);
    }

    /** {@link #rankedBars(String, List, List, String)} with each bar's label given ("41.4 · 42.7%"). */
    public static ObjectNode rankedBars(String seriesName, List<String> names, List<? extends Number> values,
                                        List<String> labels, String color) {
        ObjectNode option = base();
        option.putObject("tooltip").put("trigger", "axis").putObject("axisPointer").put("type", "shadow");
        // The labels sit right of the bars, outside what containLabel measures: room for the longest.
        int longest = labels.stream().mapToInt(String::length).max().orElse(0);
        option.set("grid", grid(16, 8).put("right", Math.max(48, 7 * longest + 16)).put("containLabel", true));
        option.putObject("xAxis").put("type", "value").put("minInterval", 1);
        ObjectNode yAxis = option.putObject("yAxis");
        yAxis.put("type", "category").put("inverse", true);
        yAxis.set("data", strings(names));
        yAxis.putObject("axisTick").put("show", false);
        yAxis.putObject("axisLabel").put("width", 160).put("overflow", "truncate");
        ObjectNode series = option.putArray("series").addObject();
        series.put("name", seriesName).put("type", "bar").put("barMaxWidth", 22);
        series.putObject("itemStyle").put("color", color).putArray("borderRadius").add(0).add(4).add(4).add(0);
        series.putObject("label").put("show", true).put("position", "right");
        ArrayNode data = series.putArray("data");
        for (int i = 0; i < values.size(); i++) {
            ObjectNode item = data.addObject();
            item.set("value", number(values.get(i)));
            item.putObject("label").put("formatter", literal(labels.get(i)));
        }
        return option;
    }

    /** Shares of a whole as a ring, with the legend beside it. */
    public static ObjectNode donut(String seriesName, List<String> names, List<? extends Number> values) {
        ObjectNode option = base();
        option.putObject("tooltip").put("trigger", "item").put("formatter", "{b}: {c} ({d}%)");
        option.putObject("legend").put("orient", "vertical").put("right", 8).put("top", "middle").put("type", "scroll");
        ObjectNode series = option.putArray("series").addObject();
        series.put("name", seriesName).put("type", "pie").putArray("radius").add("48%").add("72%");
        series.putArray("center").add("36%").add("50%");
        series.put("avoidLabelOverlap", true);
        series.putObject("label").put("show", false);
        series.putObject("itemStyle").put("borderRadius", 4).put("borderWidth", 2).put("borderColor", "transparent");
        ArrayNode data = series.putArray("data");
        for (int i = 0; i < names.size(); i++) {
            ObjectNode item = data.addObject();
            item.put("name", names.get(i));
            item.set("value", number(values.get(i)));
        }
        return option;
    }

    /**
     * A funnel as vertical bars: per step the users who got there, stacked under those who dropped on the way (grey),
     * each labelled (its conversion rate, say) above its column.
     */
    public static ObjectNode funnel(List<String> steps, List<Long> users, List<String> labels) {
        ObjectNode option = base();
        option.putObject("tooltip").put("trigger", "axis").putObject("axisPointer").put("type", "shadow");
        option.set("grid", grid(16, 28).put("containLabel", true));
        ObjectNode xAxis = option.putObject("xAxis").put("type", "category");
        xAxis.set("data", strings(steps));
        xAxis.putObject("axisTick").put("show", false);
        xAxis.putObject("axisLabel").put("interval", 0).put("width", 110).put("overflow", "truncate");
        option.putObject("yAxis").put("type", "value").put("minInterval", 1);
        ArrayNode series = option.putArray("series");
        ObjectNode converted = series.addObject().put("name", "Users").put("type", "bar").put("stack", "funnel")
                .put("barMaxWidth", 72);
        converted.putObject("itemStyle").put("color", color(0));
        converted.set("data", numbers(users));
        ObjectNode dropped = series.addObject().put("name", "Dropped").put("type", "bar").put("stack", "funnel");
        dropped.putObject("itemStyle").put("color", "rgba(128, 138, 160, 0.22)").putArray("borderRadius")
                .add(4).add(4).add(0).add(0);
        ArrayNode droppedData = dropped.putArray("data");
        long first = users.isEmpty() ? 0 : users.get(0);
        for (int i = 0; i < users.size(); i++) {
            ObjectNode point = droppedData.addObject().put("value", first - users.get(i));
            // Above the column (the grey part reaches step 1's height): in the theme's text colour, legible in the
            // light and the dark theme alike, where a label inside a bar gets a contrast stroke that blurs it.
            point.putObject("label").put("show", true).put("position", "top").put("distance", 4)
                    .put("fontWeight", "bold").put("formatter", literal(labels.get(i)));
        }
        return option;
    }

    /**
     * A Sankey of flows between nodes, left to right, each node in its column. Nodes are named by their label (what
     * the tooltip shows), made unique per column: the same page at two depths is two nodes.
     */
    public static ObjectNode sankey(List<SankeyNode> nodes, List<SankeyLink> links) {
        ObjectNode option = base();
        option.putObject("tooltip").put("trigger", "item").put("confine", true);
        ObjectNode series = option.putArray("series").addObject();
        series.put("type", "sankey").put("left", 8).put("right", 140).put("top", 16).put("bottom", 16)
                .put("nodeGap", 10).put("nodeWidth", 14).put("draggable", false).put("layoutIterations", 32);
        series.putObject("emphasis").put("focus", "adjacency");
        series.putObject("lineStyle").put("color", "gradient").put("opacity", 0.35).put("curveness", 0.5);
        series.putObject("label").put("fontSize", 12).put("width", 130).put("overflow", "truncate");
        // Thin nodes lie a few pixels apart and their labels were drawn over each other: a label that would overlap
        // another is left out (the tooltip and the grid still name the node).
        series.putObject("labelLayout").put("hideOverlap", true);
        Map<String, Long> flow = new HashMap<>();
        for (SankeyLink link : links) {
            flow.merge(link.source() + "\u0000out", link.value(), Long::sum);
            flow.merge(link.target() + "\u0000in", link.value(), Long::sum);
        }
        Map<Integer, Long> columnTotals = new HashMap<>();
        for (SankeyNode node : nodes) {
            columnTotals.merge(node.column(), through(flow, node), Long::sum);
        }
        Map<String, String> names = new HashMap<>();
        ArrayNode data = series.putArray("data");
        for (int i = 0; i < nodes.size(); i++) {
            SankeyNode node = nodes.get(i);
            // Zero-width spaces keep equal labels of different columns apart without showing.
            String name = node.label().replace("\u200B", "") + "\u200B".repeat(node.column() + 1);
            names.put(node.id(), name);
            ObjectNode item = data.addObject().put("name", name).put("depth", node.column());
            item.putObject("itemStyle").put("color", node.other() ? "#98a2b3" : color(i));
            // A node under 2 % of its column is a sliver: no label of its own, the tooltip names it.
            long total = columnTotals.getOrDefault(node.column(), 0L);
            if (total > 0 && through(flow, node) * 50 < total) {
                item.putObject("label").put("show", false);
            }
        }
        ArrayNode flows = series.putArray("links");
        for (SankeyLink link : links) {
            String source = names.get(link.source());
            String target = names.get(link.target());
            if (source != null && target != null) {
                flows.addObject().put("source", source).put("target", target).put("value", link.value());
            }
        }
        return option;
    }

    /** What flows through a Sankey node: the larger of what comes in and what goes out. */
    private static long through(Map<String, Long> flow, SankeyNode node) {
        return Math.max(flow.getOrDefault(node.id() + "\u0000in", 0L), flow.getOrDefault(node.id() + "\u0000out", 0L));
    }

    /** Shows the value axis of a line or bar chart in percent ({@code max} 100 for shares of a whole, else null). */
    public static ObjectNode inPercent(ObjectNode option, Integer max) {
        ObjectNode axis = (ObjectNode) option.get("yAxis");
        axis.remove("minInterval");
        axis.put("min", 0);
        if (max != null) {
            axis.put("max", max);
        }
        axis.putObject("axisLabel").put("formatter", "{value}%");
        return option;
    }

    /** A number as the grids write it: grouped thousands, at most two decimals (one from 100 on). */
    public static String figure(Number value) {
        if (value == null) {
            return "";
        }
        NumberFormat format = NumberFormat.getNumberInstance(Locale.ENGLISH);
        format.setMaximumFractionDigits(Math.abs(value.doubleValue()) >= 100 ? 1 : 2);
        return format.format(value);
    }

    /** ECharts reads {@code {a}} and {@code {name|text}} in a formatter string; labels here are literal. */
    private static String literal(String label) {
        return label.replace("{", "(").replace("}", ")");
    }

    public static String color(int index) {
        return PALETTE.get(Math.floorMod(index, PALETTE.size()));
    }

    private static ObjectNode partialBand(List<String> categories, int from, String label) {
        ObjectNode markArea = NODES.objectNode();
        markArea.put("silent", true);
        markArea.putObject("itemStyle").put("color", "rgba(128, 138, 160, 0.10)");
        // Right-aligned in the band: a narrow band at the chart's right edge (one minute of sixty) would cut a
        // centred label off.
        markArea.putObject("label").put("show", true).put("position", "insideTopRight").put("fontSize", 11)
                .put("color", "#8a94a6");
        ArrayNode pair = markArea.putArray("data").addArray();
        pair.addObject().put("name", label).put("xAxis", categories.get(from));
        pair.addObject().put("xAxis", categories.get(categories.size() - 1));
        return markArea;
    }

    private static ObjectNode base() {
        ObjectNode option = NODES.objectNode();
        ArrayNode colors = option.putArray("color");
        PALETTE.forEach(colors::add);
        // A dashboard's charts appear drawn at once (a grow-in would hold back the moment they are readable);
        // later changes of the same chart still move smoothly.
        option.put("animationDuration", 0).put("animationDurationUpdate", 300);
        return option;
    }

    private static ObjectNode grid(int left, int top) {
        ObjectNode grid = NODES.objectNode();
        grid.put("left", left).put("right", 24).put("top", top).put("bottom", 8);
        return grid;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = NODES.arrayNode();
        values.forEach(array::add);
        return array;
    }

    private static ArrayNode numbers(List<? extends Number> values) {
        return numbers(values, 0, values.size());
    }

    /** The values, with nulls outside [from, to). */
    private static ArrayNode numbers(List<? extends Number> values, int from, int to) {
        ArrayNode array = NODES.arrayNode();
        for (int i = 0; i < values.size(); i++) {
            array.add(i >= from && i < to ? number(values.get(i)) : NODES.nullNode());
        }
        return array;
    }

    private static com.fasterxml.jackson.databind.JsonNode number(Number value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof Long || value instanceof Integer) {
            return NODES.numberNode(value.longValue());
        }
        return NODES.numberNode(value.doubleValue());
    }
}
