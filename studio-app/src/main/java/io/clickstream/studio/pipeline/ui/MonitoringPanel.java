package io.clickstream.studio.pipeline.ui;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import io.clickstream.pipeline.local.PipelineTelemetry.EtlRun;
import io.clickstream.studio.base.ui.chart.ChartOptions;
import io.clickstream.studio.base.ui.chart.EChart;
import io.clickstream.studio.pipeline.MonitoringSnapshot;
import io.clickstream.studio.pipeline.MonitoringSnapshot.Point;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The live figures of a running pipeline: rates in, rejections by reason, sink latency, ETL lag, its last passes,
 * how fresh each modeled table is, and the lake's disk use. {@link #show} redraws it from a monitoring snapshot.
 */
final class MonitoringPanel extends Div {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("MMM d, HH:mm:ss", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    final Span requests = kpiValue("kpi-requests");
    final Span events = kpiValue("kpi-events");
    final Span rejected = kpiValue("kpi-rejected");
    final Span latency = kpiValue("kpi-latency");
    final Span lag = kpiValue("kpi-lag");
    final Span lastEvent = kpiValue("kpi-last-event");
    final Span totals = new Span();
    final EChart chart = new EChart();
    final Grid<Map.Entry<String, Long>> rejections = new Grid<>();
    final Grid<EtlRun> runs = new Grid<>();
    final Grid<Map.Entry<String, Instant>> freshness = new Grid<>();
    final Paragraph lake = new Paragraph();
    final Paragraph apps = new Paragraph();
    final Div notRunning = new Div();
    final Div live = new Div();
    private Instant now = Instant.now();

    MonitoringPanel() {
        addClassName("cs-monitoring");
        Div kpis = new Div(kpi("Requests / s", requests), kpi("Events / s", events), kpi("Rejected / s", rejected),
                kpi("Sink latency (p99, last min)", latency), kpi("ETL lag", lag), kpi("Last event", lastEvent));
        kpis.addClassName("cs-kpis");
        chart.setId("rates-chart");
        chart.setHeight("260px");
        totals.addClassName("cs-muted");
        totals.setId("ingestion-totals");
        Div chartCard = card("Last 10 minutes", chart, totals);
        chartCard.addClassName("cs-chart-wide");

        rejections.setId("rejections");
        rejections.addColumn(Map.Entry::getKey).setHeader("Reason");
        rejections.addColumn(Map.Entry::getValue).setHeader("Requests").setAutoWidth(true).setFlexGrow(0);
        rejections.setAllRowsVisible(true);
        rejections.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_NO_BORDER);

        runs.setId("etl-runs");
        runs.addColumn(r -> DATE_TIME.format(r.started())).setHeader("Started (UTC)").setAutoWidth(true);
        runs.addColumn(r -> String.format(Locale.ROOT, "%.1f s", r.duration().toMillis() / 1000.0))
                .setHeader("Duration").setAutoWidth(true);
        runs.addColumn(EtlRun::rawFiles).setHeader("Raw batches").setAutoWidth(true);
        runs.addColumn(EtlRun::events).setHeader("Rows").setAutoWidth(true);
        runs.addColumn(EtlRun::quarantined).setHeader("Quarantined").setAutoWidth(true);
        runs.addComponentColumn(r -> {
            Span outcome = new Span(r.failed() ? "Failed" : "OK");
            outcome.getElement().getThemeList().add(r.failed() ? "badge error pill" : "badge success pill");
            if (r.failed()) {
                outcome.getElement().setAttribute("title", r.error());
            }
            return outcome;
        }).setHeader("Outcome").setAutoWidth(true);
        runs.setAllRowsVisible(true);
        runs.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_NO_BORDER);

        freshness.setId("table-freshness");
        freshness.addColumn(Map.Entry::getKey).setHeader("Table");
        freshness.addColumn(e -> StatusBadges.ago(e.getValue(), now)).setHeader("Last changed").setAutoWidth(true);
        freshness.setAllRowsVisible(true);
        freshness.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_NO_BORDER);
        lake.setId("lake-use");
        lake.addClassName("cs-muted");
        apps.setId("served-apps");
        apps.addClassName("cs-muted");

        Div cards = new Div(chartCard, card("Rejected requests by reason", rejections),
                card("Last ETL runs", runs), card("Freshness of the modeled tables", freshness, lake, apps));
        cards.addClassName("cs-charts");
        live.add(kpis, cards);
        live.addClassName("cs-monitoring-live");
        notRunning.addClassNames("cs-card", "cs-empty");
        notRunning.setId("not-running");
        add(notRunning, live);
    }

    /** Shows a snapshot, or says why there is none. */
    void show(MonitoringSnapshot s, String whyNot) {
        notRunning.setVisible(s == null);
        live.setVisible(s != null);
        if (s == null) {
            notRunning.removeAll();
            notRunning.add(new H3("No live figures"), new Paragraph(whyNot));
            return;
        }
        now = s.at();
        requests.setText(rate(s.requestsPerSecond()));
        events.setText(rate(s.eventsPerSecond()));
        rejected.setText(rate(s.rejectedPerSecond()));
        latency.setText(s.sinkLatencyP99Ms() == null ? "–" : s.sinkLatencyP99Ms().isInfinite() ? "> 10 s"
                : "≤ " + trim(s.sinkLatencyP99Ms()) + " ms");
        latency.getElement().setAttribute("title", s.sinkLatencyMeanMs() == null ? "no requests in the last minute"
                : String.format(Locale.ROOT, "mean %.2f ms", s.sinkLatencyMeanMs()));
        lag.setText(s.etlLag() == null ? (s.etlRunning() ? "running" : "none")
                : StatusBadges.duration(s.etlLag()) + " (" + s.pendingBatches() + " waiting)");
        lastEvent.setText(StatusBadges.ago(s.lastEventAt(), s.at()));
        long rejectedTotal = s.rejectedByReason().values().stream().mapToLong(Long::longValue).sum();
        totals.setText("Ingestion " + (s.ingestionUp() ? "listens on port " + s.port() : "is DOWN") + " · sampled "
                + TIME.format(s.at()) + " UTC · " + rejectedTotal + " requests refused since it started");
        chart.setOption(chartOf(s.series()));
        rejections.setItems(s.rejectedByReason().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).toList());
        runs.setItems(s.runs());
        freshness.setItems(s.tableUpdated().entrySet().stream().sorted(Map.Entry.comparingByKey()).toList());
        lake.setText(s.lake() == null ? "" : String.format(Locale.ROOT,
                "The lake the local pipelines share: %s raw, %s modeled, %s quarantine, %s in all (measured %s).",
                bytes(s.lake().rawBytes()), bytes(s.lake().modeledBytes()), bytes(s.lake().quarantineBytes()),
                bytes(s.lake().totalBytes()), StatusBadges.ago(s.lake().measuredAt(), s.at())));
        apps.setText(s.apps().isEmpty() ? "It serves no app yet: add apps to its project."
                : "Apps it serves: " + String.join(", ", s.apps()));
    }

    private static ObjectNode chartOf(List<Point> series) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode option = f.objectNode();
        option.putObject("tooltip").put("trigger", "axis");
        option.putObject("legend").put("top", 0);
        ObjectNode grid = option.putObject("grid");
        grid.put("left", 40).put("right", 16).put("top", 32).put("bottom", 28);
        ObjectNode x = option.putObject("xAxis");
        x.put("type", "category");
        ArrayNode labels = x.putArray("data");
        series.forEach(p -> labels.add(TIME.format(p.at())));
        option.putObject("yAxis").put("type", "value").put("minInterval", 1);
        ArrayNode lines = option.putArray("series");
        line(lines, "Requests/s", series.stream().map(Point::requestsPerSecond).toList(), 0);
        line(lines, "Events/s", series.stream().map(Point::eventsPerSecond).toList(), 1);
        line(lines, "Rejected/s", series.stream().map(Point::rejectedPerSecond).toList(), 3);
        option.put("animation", false);
        return option;
    }

    private static void line(ArrayNode lines, String name, List<Double> values, int color) {
        ObjectNode line = lines.addObject();
        line.put("name", name).put("type", "line").put("showSymbol", false).put("smooth", true);
        line.putObject("itemStyle").put("color", ChartOptions.color(color));
        ArrayNode data = line.putArray("data");
        values.forEach(v -> data.add(Math.round(v * 100) / 100.0));
    }

    private static String rate(double perSecond) {
        return perSecond >= 10 ? String.format(Locale.ROOT, "%.0f", perSecond)
                : String.format(Locale.ROOT, "%.2f", perSecond);
    }

    private static String trim(double ms) {
        return ms == Math.rint(ms) ? Long.toString((long) ms) : Double.toString(ms);
    }

    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    private static Span kpiValue(String id) {
        Span value = new Span("–");
        value.setId(id);
        value.addClassName("cs-kpi-value");
        return value;
    }

    private static Div kpi(String label, Span value) {
        Span title = new Span(label);
        title.addClassName("cs-kpi-label");
        Div kpi = new Div(title, value);
        kpi.addClassNames("cs-card", "cs-kpi");
        return kpi;
    }

    private static Div card(String title, com.vaadin.flow.component.Component... content) {
        Div card = new Div(new H3(title));
        card.add(content);
        card.addClassName("cs-card");
        return card;
    }
}
