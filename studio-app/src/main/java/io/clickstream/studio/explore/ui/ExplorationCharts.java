package io.clickstream.studio.explore.ui;

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
import io.clickstream.studio.explore.model.Granularity;
import io.clickstream.studio.explore.model.LifecycleResult;
import io.clickstream.studio.explore.model.PathQuery;
import io.clickstream.studio.explore.model.PathResult;
import io.clickstream.studio.explore.model.RetentionResult;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * The one place an exploration's result becomes a chart, for the Explore views, dashboard tiles and embeds alike:
 * event trends as lines or bars (the bucket holding today marked as partial), a funnel as bars with conversion
 * rates (grouped bars per group), paths as a Sankey in columns, retention as an average curve or a cohort heat-map
 * table, attribution as ranked bars of credit, lifecycle as stacked bars per week and stickiness lines. The shapes
 * come from {@link ChartOptions}; this class decides what of a result each shows. {@code names} turn the result's
 * event names into what the user reads (the metadata's display names in Explore; the names as they are elsewhere).
 */
public final class ExplorationCharts {

    /** At most this many event series are drawn (the largest); the grid has them all. */
    public static final int MAX_SERIES = 10;
    /** At most this many funnel groups are drawn (the largest by step 1). */
    public static final int MAX_GROUPS = 8;
    /** At most this many touch points are drawn (the most credited). */
    public static final int MAX_BARS = 15;

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMM yyyy", Locale.ENGLISH);

    private ExplorationCharts() {
    }

    /**
     * The component showing {@code result} on a tile as {@code query} asked for it, with names as they are.
     *
     * @param query the query record that answered {@code result} (a path back from an end node draws backwards)
     * @param today the app's today when the range ends today (its bucket is drawn as partial), else null
     */
    public static Component render(Object query, Object result, LocalDate today) {
        UnaryOperator<String> asIs = UnaryOperator.identity();
        if (result instanceof EventResult r) {
            return chart(trend(r, null, asIs, false, today));
        } else if (result instanceof FunnelResult r) {
            return chart(funnel(r, asIs));
        } else if (result instanceof PathResult r) {
            return chart(path(r, query instanceof PathQuery q && readsBackwards(q), asIs));
        } else if (result instanceof RetentionResult r) {
            return retentionTable(r);
        } else if (result instanceof AttributionResult r) {
            return chart(attribution(r, false, asIs));
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

    // ---------------------------------------------------------------------------------------------------------------
    // Event trends

    /**
     * The largest {@link #MAX_SERIES} series over the buckets, as lines or bars.
     *
     * @param per   the buckets' size, or null to tell it from the dates
     * @param today the app's today; the bucket holding it is marked as partial (null: none is)
     */
    public static ObjectNode trend(EventResult result, Granularity per, UnaryOperator<String> names, boolean bars,
                                   LocalDate today) {
        List<LocalDate> buckets = buckets(result);
        Granularity size = per != null ? per : granularityOf(buckets);
        List<String> labels = buckets.stream().map(d -> bucketLabel(d, size)).toList();
        boolean grouped = result.series().stream().anyMatch(s -> s.group() != null);
        List<Series> shown = ranked(result).stream().limit(MAX_SERIES)
                .map(s -> new Series(seriesName(s, grouped, names),
                        s.points().stream().map(EventResult.Point::value).toList()))
                .toList();
        int partial = partialIndex(buckets, size, today);
        return bars ? ChartOptions.bars(labels, shown, false, partial, partialLabel(size))
                : ChartOptions.lines(labels, shown, partial, partialLabel(size));
    }

    /** What the band over the bucket holding today says: that day, week or month is not over. */
    static String partialLabel(Granularity per) {
        return switch (per) {
            case DAY -> ChartOptions.PARTIAL_LABEL;
            case WEEK -> "This week so far";
            case MONTH -> "This month so far";
        };
    }

    /** The series, largest total first. */
    public static List<EventResult.Series> ranked(EventResult result) {
        return result.series().stream().sorted(Comparator.comparingDouble((EventResult.Series s) -> -s.points()
                .stream().map(EventResult.Point::value).filter(v -> v != null).mapToDouble(Number::doubleValue).sum()))
                .toList();
    }

    /** A series as it reads in the legend and the grid: the event, and its group when the trend is grouped. */
    public static String seriesName(EventResult.Series series, boolean grouped, UnaryOperator<String> names) {
        return names.apply(series.event()) + (grouped ? " · " + (series.group() == null ? "(not set)"
                : series.group()) : "");
    }

    /** The first day of each bucket. */
    public static List<LocalDate> buckets(EventResult result) {
        return result.series().isEmpty() ? List.of()
                : result.series().get(0).points().stream().map(EventResult.Point::date).toList();
    }

    static String bucketLabel(LocalDate start, Granularity per) {
        return switch (per) {
            case DAY -> start.format(DAY);
            case WEEK -> "Week of " + start.format(DAY);
            case MONTH -> start.format(MONTH);
        };
    }

    /** The buckets' size from their first days (a saved trend's tile has no query at hand). */
    static Granularity granularityOf(List<LocalDate> buckets) {
        if (buckets.size() < 2) {
            return Granularity.DAY;
        }
        // The last two: the first bucket may start mid-week or mid-month, where the range starts.
        long days = ChronoUnit.DAYS.between(buckets.get(buckets.size() - 2), buckets.get(buckets.size() - 1));
        return days >= 28 ? Granularity.MONTH : days == 7 ? Granularity.WEEK : Granularity.DAY;
    }

    /** The index of the bucket holding {@code today}, or -1 (none, or today is null). */
    static int partialIndex(List<LocalDate> bucketStarts, Granularity per, LocalDate today) {
        if (today == null || bucketStarts.isEmpty()) {
            return -1;
        }
        int last = bucketStarts.size() - 1;
        LocalDate start = bucketStarts.get(last);
        LocalDate end = switch (per) {
            case DAY -> start;
            case WEEK -> start.plusDays(6);
            case MONTH -> start.withDayOfMonth(1).plusMonths(1).minusDays(1);
        };
        return !today.isBefore(start) && !today.isAfter(end) ? last : -1;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Funnels, paths, retention, attribution, lifecycle

    /**
     * Users per step with the conversion rate from step 1 (and the median time it took), or with groups the users per
     * step of the {@link #MAX_GROUPS} largest groups as grouped bars.
     */
    public static ObjectNode funnel(FunnelResult result, UnaryOperator<String> names) {
        List<FunnelResult.Step> steps = result.steps();
        List<String> labels = IntStream.range(0, steps.size())
                .mapToObj(i -> (i + 1) + ". " + names.apply(steps.get(i).event())).toList();
        if (result.groups().isEmpty()) {
            return ChartOptions.funnel(labels, steps.stream().map(FunnelResult.Step::users).toList(),
                    steps.stream().map(ExplorationCharts::stepLabel).toList());
        }
        List<Series> groups = result.groups().stream()
                .sorted(Comparator.comparingLong((FunnelResult.Group g) -> g.steps().get(0).users()).reversed())
                .limit(MAX_GROUPS)
                .map(g -> new Series(g.group() == null ? "(not set)" : g.group(),
                        g.steps().stream().map(FunnelResult.Step::users).toList()))
                .toList();
        return ChartOptions.bars(labels, groups, false, -1);
    }

    /** A step's bar label: its conversion from step 1 and, after step 1, the median time it took. */
    static String stepLabel(FunnelResult.Step step) {
        String rate = ResultGrid.percent(step.conversionRate());
        return step.medianSecondsToConvert() == null ? rate
                : rate + " · " + ResultGrid.duration(step.medianSecondsToConvert());
    }

    /** Whether a path query reads journeys back from its end node (drawn with that node's column last). */
    public static boolean readsBackwards(PathQuery query) {
        return query.endNode() != null;
    }

    /**
     * Journeys as a Sankey, a column per step.
     *
     * @param backwards whether the journeys were read back from an end node (its column is then the last)
     */
    public static ObjectNode path(PathResult result, boolean backwards, UnaryOperator<String> names) {
        int deepest = result.nodes().stream().mapToInt(PathResult.Node::depth).max().orElse(1);
        List<SankeyNode> nodes = result.nodes().stream()
                .map(n -> new SankeyNode(n.id(), n.other() ? "Other" : names.apply(n.name()),
                        backwards ? deepest - n.depth() : n.depth() - 1, n.other()))
                .toList();
        List<SankeyLink> links = result.links().stream()
                .map(l -> new SankeyLink(l.source(), l.target(), l.journeys())).toList();
        return ChartOptions.sankey(nodes, links);
    }

    /** Per period 0..n, the share of all cohorts' users still active, in percent (null: no cohort got there). */
    public static List<Double> retentionCurve(RetentionResult result, int periods) {
        List<Double> curve = new ArrayList<>();
        for (int k = 0; k <= periods; k++) {
            long retained = 0;
            long base = 0;
            for (RetentionResult.Cohort cohort : result.cohorts()) {
                Long value = k < cohort.retained().size() ? cohort.retained().get(k) : null;
                if (value != null) {
                    retained += value;
                    base += cohort.users();
                }
            }
            curve.add(base == 0 ? null : Math.round(1000.0 * retained / base) / 10.0);
        }
        return curve;
    }

    /** The average retention curve, in percent of the cohorts' users. */
    public static ObjectNode retention(List<String> periods, List<Double> percentages) {
        ObjectNode option = ChartOptions.lines(periods, List.of(new Series("Retained (%)", percentages)), -1);
        ObjectNode line = (ObjectNode) option.get("series").get(0);
        line.put("showSymbol", true);
        line.putObject("label").put("show", periods.size() <= 13).put("formatter", "{c}%");
        return ChartOptions.inPercent(option, 100);
    }

    /**
     * The touch points with the most credit (conversions, or value when {@code valued}), most first, each bar
     * labelled with its credit and its share of all conversions (or of all value) as the grid writes them.
     */
    public static ObjectNode attribution(AttributionResult result, boolean valued, UnaryOperator<String> names) {
        List<AttributionResult.Credit> top = topCredits(result, valued);
        double total = valued ? result.totalValue() : result.totalConversions();
        List<Double> credits = top.stream()
                .map(c -> Math.round((valued ? c.value() : c.conversions()) * 100) / 100.0).toList();
        List<String> labels = top.stream().map(c -> valued ? c.value() : c.conversions())
                .map(credit -> ChartOptions.figure(credit)
                        + (total == 0 ? "" : " · " + ResultGrid.percent(credit / total)))
                .toList();
        return ChartOptions.rankedBars(valued ? "Value" : "Conversions",
                top.stream().map(c -> names.apply(c.touchPoint())).toList(), credits, labels, ChartOptions.color(0));
    }

    /** The {@link #MAX_BARS} touch points drawn: the engine ranks by conversions, a chart of value by value. */
    public static List<AttributionResult.Credit> topCredits(AttributionResult result, boolean valued) {
        return result.touchPoints().stream()
                .sorted(Comparator.comparingDouble((AttributionResult.Credit c) ->
                        valued ? c.value() : c.conversions()).reversed())
                .limit(MAX_BARS).toList();
    }

    /** New, retained and resurrected users stacked above the axis, dormant ones below, per week. */
    public static ObjectNode lifecycle(LifecycleResult result, LocalDate today) {
        List<LocalDate> weeks = result.weeks().stream().map(LifecycleResult.Week::week).toList();
        List<Series> series = List.of(
                new Series("New", result.weeks().stream().map(LifecycleResult.Week::newUsers).toList()),
                new Series("Retained", result.weeks().stream().map(LifecycleResult.Week::retained).toList()),
                new Series("Resurrected", result.weeks().stream().map(LifecycleResult.Week::resurrected).toList()),
                new Series("Dormant", result.weeks().stream().map(w -> -w.dormant()).toList()));
        return ChartOptions.bars(weeks.stream().map(w -> bucketLabel(w, Granularity.WEEK)).toList(), series, true,
                partialIndex(weeks, Granularity.WEEK, today), partialLabel(Granularity.WEEK));
    }

    /** DAU/WAU and DAU/MAU per day, in percent. */
    public static ObjectNode stickiness(LifecycleResult result, LocalDate today) {
        List<LocalDate> days = result.stickiness().stream().map(LifecycleResult.Day::date).toList();
        return ChartOptions.inPercent(ChartOptions.lines(
                days.stream().map(DAY::format).toList(),
                List.of(new Series("DAU/WAU (%)", result.stickiness().stream()
                                .map(d -> d.dauOverWau() == null ? null : Math.round(d.dauOverWau() * 1000) / 10.0)
                                .toList()),
                        new Series("DAU/MAU (%)", result.stickiness().stream()
                                .map(d -> d.dauOverMau() == null ? null : Math.round(d.dauOverMau() * 1000) / 10.0)
                                .toList())), partialIndex(days, Granularity.DAY, today)), null);
    }

    /**
     * Cohorts as rows (first day, users) and periods as columns, each cell the share of the cohort that came back,
     * shaded by that share; periods not yet over are blank.
     */
    public static Component retentionTable(RetentionResult result) {
        Div table = new Div();
        table.addClassName("cs-cohorts");
        table.getElement().setAttribute("role", "table");
        // retained[0] is the cohort itself; the columns after "Cohort" and "Users" are +1 .. +(periods - 1), at
        // least one, as many as the stylesheet's grid has.
        int periods = Math.max(2, result.cohorts().stream().mapToInt(c -> c.retained().size()).max().orElse(2));
        table.getStyle().set("--cs-cohort-columns", Integer.toString(periods - 1));
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
