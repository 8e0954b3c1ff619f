package io.clickstream.studio.base.ui.chart;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * ECharts option objects for the studio's common chart shapes, styled alike: a time line and a ranked bar list.
 * Callers can still adjust the returned tree before handing it to {@link EChart#setOption}.
 */
public final class ChartOptions {

    /** The studio palette; the first colour matches the theme's primary colour. */
    static final List<String> PALETTE = List.of("#2f6fed", "#12a594", "#f59e0b", "#e5484d", "#8e4ec6", "#0ea5e9");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ChartOptions() {
    }

    /** A smooth line with a soft area under it, one point per category (e.g. per day). */
    public static ObjectNode line(String seriesName, List<String> categories, List<? extends Number> values,
                                  String color) {
        ObjectNode option = base();
        option.putObject("tooltip").put("trigger", "axis");
        option.set("grid", grid(48));
        ObjectNode xAxis = option.putObject("xAxis");
        xAxis.put("type", "category").put("boundaryGap", false);
        xAxis.set("data", strings(categories));
        xAxis.putObject("axisTick").put("show", false);
        ObjectNode yAxis = option.putObject("yAxis");
        yAxis.put("type", "value").put("minInterval", 1);
        yAxis.putObject("splitLine").putObject("lineStyle").put("color", "#eef0f4");
        ObjectNode series = option.putArray("series").addObject();
        series.put("name", seriesName).put("type", "line").put("smooth", 0.25)
                .put("showSymbol", false).put("symbolSize", 6);
        series.putObject("lineStyle").put("width", 2.5).put("color", color);
        series.putObject("itemStyle").put("color", color);
        series.putObject("areaStyle").put("color", color).put("opacity", 0.12);
        series.set("data", numbers(values));
        return option;
    }

    /** Horizontal bars, largest first at the top. */
    public static ObjectNode rankedBars(String seriesName, List<String> names, List<? extends Number> values,
                                        String color) {
        ObjectNode option = base();
        option.putObject("tooltip").put("trigger", "axis").putObject("axisPointer").put("type", "shadow");
        option.set("grid", grid(16).put("containLabel", true));
        ObjectNode xAxis = option.putObject("xAxis");
        xAxis.put("type", "value").put("minInterval", 1);
        xAxis.putObject("splitLine").putObject("lineStyle").put("color", "#eef0f4");
        ObjectNode yAxis = option.putObject("yAxis");
        yAxis.put("type", "category").put("inverse", true);
        yAxis.set("data", strings(names));
        yAxis.putObject("axisTick").put("show", false);
        ObjectNode series = option.putArray("series").addObject();
        series.put("name", seriesName).put("type", "bar").put("barMaxWidth", 22);
        series.putObject("itemStyle").put("color", color).putArray("borderRadius").add(0).add(4).add(4).add(0);
        series.putObject("label").put("show", true).put("position", "right").put("color", "#4b5563");
        series.set("data", numbers(values));
        return option;
    }

    public static String color(int index) {
        return PALETTE.get(Math.floorMod(index, PALETTE.size()));
    }

    private static ObjectNode base() {
        ObjectNode option = NODES.objectNode();
        ArrayNode colors = option.putArray("color");
        PALETTE.forEach(colors::add);
        option.put("animationDuration", 400);
        return option;
    }

    private static ObjectNode grid(int left) {
        ObjectNode grid = NODES.objectNode();
        grid.put("left", left).put("right", 24).put("top", 16).put("bottom", 32);
        return grid;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = NODES.arrayNode();
        values.forEach(array::add);
        return array;
    }

    private static ArrayNode numbers(List<? extends Number> values) {
        ArrayNode array = NODES.arrayNode();
        for (Number value : values) {
            if (value instanceof Long || value instanceof Integer) {
                array.add(value.longValue());
            } else {
                array.add(value.doubleValue());
            }
        }
        return array;
    }
}
