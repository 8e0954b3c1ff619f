package io.clickstream.studio.dashboard.ui;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import io.clickstream.studio.base.ui.chart.ChartOptions;
import io.clickstream.studio.base.ui.chart.ChartOptions.SankeyLink;
import io.clickstream.studio.base.ui.chart.ChartOptions.SankeyNode;
import io.clickstream.studio.base.ui.chart.ChartOptions.Series;
import io.clickstream.studio.base.ui.chart.EChart;
import io.clickstream.studio.explore.model.AttributionResult;
import io.clickstream.studio.explore.model.EventResult;
import io.clickstream.studio.explore.model.FunnelResult;
import io.clickstream.studio.explore.model.LifecycleResult;
import io.clickstream.studio.explore.model.PathResult;
import io.clickstream.studio.explore.model.RetentionResult;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Draws an exploration's result as the studio shows it everywhere (dashboard tiles, embeds, the explore views):
 * event trends as lines (today's partial bucket dashed), a funnel as bars with conversion rates, paths as a Sankey,
 * retention as a cohort heat-map table, attribution as ranked bars of credited conversions, lifecycle as stacked
 * bars per week. {@link #isEmpty} tells a result with nothing to draw.
 */
public final class ExplorationCharts {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH);

    private ExplorationCharts() {
    }

    /**
     * The component showing {@code result}.
     *
     * @param today the app's today when the range ends today (its bucket is drawn as partial), else null
     */
    public static Component render(Object result, LocalDate today) {
        if (result instanceof EventResult r) {
            return chart(eventTrends(r, today));
        } else if (result instanceof FunnelResult r) {
            return chart(funnel(r));
        } else if (result instanceof PathResult r) {
            return chart(path(r));
        } else if (result instanceof RetentionResult r) {
            return retentionTable(r);
        } else if (result instanceof AttributionResult r) {
            return chart(attribution(r));
        } else if (result instanceof LifecycleResult r) {
            return chart(lifecycle(r, today));
        }
        throw new IllegalArgumentException("not an exploration result: " + result);
    }

    /** Whether the result has nothing to draw (no events matched in the range). */
    public static boolean isEmpty(Object result) {
        if (result instanceof EventResult r) {
            return r.series().stream().allMatch(s -> s.points().stream()
                    .allMatch(p -> p.value() == null || p.value().doubleValue() == 0));
        } else if (result instanceof FunnelResult r) {
            return r.steps().isEmpty() || r.steps().get(0).users() == 0;
        } else if (result instanceof PathResult r) {
            return r.journeys() == 0;
        } else if (result instanceof RetentionResult r) {
            return r.cohorts().isEmpty();
        } else if (result instanceof AttributionResult r) {
            return r.totalConversions() == 0;
        } else if (result instanceof LifecycleResult r) {
            return r.weeks().stream().allMatch(w -> w.active() == 0 && w.dormant() == 0);
        }
        return true;
    }

    public static ObjectNode eventTrends(EventResult result, LocalDate today) {
        List<LocalDate> dates = result.series().isEmpty() ? List.of()
                : result.series().get(0).points().stream().map(EventResult.Point::date).toList();
        List<Series> series = result.series().stream()
                .map(s -> new Series(s.group() == null ? s.event() : s.event() + " · " + s.group(),
                        s.points().stream().map(EventResult.Point::value).toList()))
                .toList();
        return ChartOptions.lines(dates.stream().map(DAY::format).toList(), series, partialIndex(dates, today));
    }

    public static ObjectNode funnel(FunnelResult result) {
        return ChartOptions.funnel(result.steps().stream().map(FunnelResult.Step::event).toList(),
                result.steps().stream().map(FunnelResult.Step::users).toList(),
                result.steps().stream().map(FunnelResult.Step::conversionRate).toList());
    }

    public static ObjectNode path(PathResult result) {
        List<SankeyNode> nodes = result.nodes().stream()
                .map(n -> new SankeyNode(n.id(), n.other() ? "Other" : n.name())).toList();
        List<SankeyLink> links = result.links().stream()
                .map(l -> new SankeyLink(l.source(), l.target(), l.journeys())).toList();
        return ChartOptions.sankey(nodes, links);
    }

    public static ObjectNode attribution(AttributionResult result) {
        return ChartOptions.rankedBars("Conversions", result.touchPoints().stream()
                        .map(AttributionResult.Credit::touchPoint).toList(),
                result.touchPoints().stream().map(c -> Math.round(c.conversions() * 100) / 100.0).toList(),
                ChartOptions.color(0));
    }

    public static ObjectNode lifecycle(LifecycleResult result, LocalDate today) {
        List<LocalDate> weeks = result.weeks().stream().map(LifecycleResult.Week::week).toList();
        List<Series> series = List.of(
                new Series("New", result.weeks().stream().map(LifecycleResult.Week::newUsers).toList()),
                new Series("Retained", result.weeks().stream().map(LifecycleResult.Week::retained).toList()),
                new Series("Resurrected", result.weeks().stream().map(LifecycleResult.Week::resurrected).toList()),
                new Series("Dormant", result.weeks().stream().map(w -> -w.dormant()).toList()));
        return ChartOptions.bars(weeks.stream().map(w -> "Week of " + DAY.format(w)).toList(), series, true,
                partialIndex(weeks, today));
    }

    /**
     * Cohorts as rows (first day, users) and periods as columns, each cell the share of the cohort that came back,
     * shaded by that share; periods not yet over are blank.
     */
    public static Component retentionTable(RetentionResult result) {
        Div table = new Div();
        table.addClassName("cs-cohorts");
        table.getElement().setAttribute("role", "table");
        int periods = result.cohorts().stream().mapToInt(c -> c.retained().size()).max().orElse(1);
        table.getStyle().set("--cs-cohort-columns", Integer.toString(periods + 1));
        Div head = row();
        head.add(cell("Cohort", "columnheader"), cell("Users", "columnheader"));
        for (int p = 1; p < periods; p++) {
            head.add(cell("+" + p, "columnheader"));
        }
        table.add(head);
        NumberFormat integers = NumberFormat.getIntegerInstance(Locale.ENGLISH);
        for (RetentionResult.Cohort cohort : result.cohorts()) {
            Div row = row();
            row.add(cell(DAY.format(cohort.start()), "rowheader"), cell(integers.format(cohort.users()), "cell"));
            for (int p = 1; p < periods; p++) {
                Long kept = p < cohort.retained().size() ? cohort.retained().get(p) : null;
                Span value = cell(kept == null || cohort.users() == 0 ? ""
                        : String.format(Locale.ENGLISH, "%.1f%%", 100.0 * kept / cohort.users()), "cell");
                if (kept != null && cohort.users() > 0) {
                    double share = (double) kept / cohort.users();
                    value.getStyle().set("--cs-share", String.format(Locale.ENGLISH, "%.3f", share));
                    value.addClassName("cs-cohort-value");
                    value.getElement().setAttribute("title", kept + " of " + cohort.users() + " users");
                }
                row.add(value);
            }
            table.add(row);
        }
        return table;
    }

    /** The index of the bucket holding {@code today} (the last one starting on or before it), or -1. */
    static int partialIndex(List<LocalDate> bucketStarts, LocalDate today) {
        if (today == null) {
            return -1;
        }
        int index = -1;
        for (int i = 0; i < bucketStarts.size(); i++) {
            if (!bucketStarts.get(i).isAfter(today)) {
                index = i;
            }
        }
        return index;
    }

    private static EChart chart(ObjectNode option) {
        EChart chart = new EChart();
        chart.setHeight(null);
        chart.addClassName("cs-tile-chart");
        chart.setOption(option);
        return chart;
    }

    private static Div row() {
        Div row = new Div();
        row.addClassName("cs-cohort-row");
        row.getElement().setAttribute("role", "row");
        return row;
    }

    private static Span cell(String text, String role) {
        Span cell = new Span(text);
        cell.getElement().setAttribute("role", role);
        return cell;
    }
}
