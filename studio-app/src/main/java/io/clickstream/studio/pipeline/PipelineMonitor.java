package io.clickstream.studio.pipeline;

import io.clickstream.metadata.Versioned;
import io.clickstream.pipeline.lifecycle.Pipeline;
import io.clickstream.pipeline.lifecycle.PipelineRepository;
import io.clickstream.pipeline.lifecycle.PipelineStatus;
import io.clickstream.pipeline.local.PipelineTelemetry;
import io.clickstream.pipeline.local.PipelineTelemetry.EtlRun;
import io.clickstream.studio.pipeline.MonitoringSnapshot.AlarmEvent;
import io.clickstream.studio.pipeline.MonitoringSnapshot.AlarmStatus;
import io.clickstream.studio.pipeline.MonitoringSnapshot.LakeUse;
import io.clickstream.studio.pipeline.MonitoringSnapshot.Point;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the running local pipelines: reads their telemetry every sample interval, turns two readings into rates,
 * keeps ten minutes of them for the charts, evaluates each pipeline's alarms on the server (with the studio's clock,
 * so tests can move time), and exposes everything as Micrometer meters ({@code /actuator/prometheus}). Views
 * subscribe to hear of each new sample (server push).
 */
public class PipelineMonitor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PipelineMonitor.class);
    /** Samples kept per pipeline: the charts' ten minutes at the default interval. */
    static final int SERIES_LENGTH = 120;
    /** Alarm transitions kept per pipeline. */
    static final int ALARM_HISTORY = 50;
    /** The sink latency is computed over this window. */
    static final Duration LATENCY_WINDOW = Duration.ofMinutes(1);
    /** The quarantine rate counts the ETL passes of this window. */
    static final Duration QUARANTINE_WINDOW = Duration.ofHours(1);

    private final Supplier<List<PipelineTelemetry>> telemetry;
    private final Supplier<LakeUse> lakeUse;
    private final PipelineRepository pipelines;
    private final AlarmRepository alarms;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Duration interval;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pipeline-monitor");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Watched> watched = new ConcurrentHashMap<>();
    private final List<Consumer<Set<String>>> listeners = new CopyOnWriteArrayList<>();
    private volatile LakeUse lastLakeUse;

    /**
     * @param telemetry what each running pipeline measures now
     * @param lakeUse   the lake's disk use (measured at most every few minutes by its supplier), or null
     * @param interval  time between samples
     */
    PipelineMonitor(Supplier<List<PipelineTelemetry>> telemetry, Supplier<LakeUse> lakeUse,
                    PipelineRepository pipelines, AlarmRepository alarms, MeterRegistry meters, Clock clock,
                    Duration interval) {
        this.telemetry = telemetry;
        this.lakeUse = lakeUse;
        this.pipelines = pipelines;
        this.alarms = alarms;
        this.meters = meters;
        this.clock = clock;
        this.interval = interval;
        if (lakeUse != null) {
            Map<String, java.util.function.ToLongFunction<LakeUse>> areas = new LinkedHashMap<>();
            areas.put("raw", LakeUse::rawBytes);
            areas.put("modeled", LakeUse::modeledBytes);
            areas.put("quarantine", LakeUse::quarantineBytes);
            areas.put("total", LakeUse::totalBytes);
            areas.forEach((area, bytes) -> Gauge.builder("clickstream.lake.disk", this,
                            m -> m.lastLakeUse == null ? Double.NaN : bytes.applyAsLong(m.lastLakeUse))
                    .description("Bytes the local lake holds, by area (measured at most every 5 minutes)")
                    .baseUnit("bytes").tags("area", area).register(meters));
        }
    }

    /** Samples every interval from now on. */
    void start() {
        timer.scheduleWithFixedDelay(this::sampleQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The time between samples. */
    public Duration interval() {
        return interval;
    }

    /**
     * Calls {@code listener} after each sample with the ids of the pipelines sampled (from the monitor's thread).
     *
     * @return call it to stop listening
     */
    public Runnable subscribe(Consumer<Set<String>> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** The pipeline as last sampled; empty when it does not run here (stopped, AWS, another studio's). */
    public Optional<MonitoringSnapshot> snapshot(String pipelineId) {
        Watched w = watched.get(pipelineId);
        return w == null ? Optional.empty() : Optional.ofNullable(w.snapshot);
    }

    /** The alarms of a pipeline that fire now. */
    public List<AlarmStatus> firing(String pipelineId) {
        return snapshot(pipelineId).map(MonitoringSnapshot::firing).orElse(List.of());
    }

    /** Its alarm rules changed: they apply from the next sample. */
    void rulesChanged(String pipelineId) {
        Watched w = watched.get(pipelineId);
        if (w != null) {
            w.rules = null;
        }
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (RuntimeException e) {
            log.error("Pipeline monitoring: a sample failed; the next one is in {} s", interval.toSeconds(), e);
        }
    }

    /** Reads every running pipeline once, evaluates its alarms and tells the listeners. */
    public void sample() {
        Instant now = clock.instant();
        List<PipelineTelemetry> readings = telemetry.get();
        LakeUse lake = lastLakeUse;
        try {
            lake = lakeUse == null ? null : lakeUse.get();
            lastLakeUse = lake;
        } catch (RuntimeException e) {
            log.warn("Pipeline monitoring: the lake's disk use could not be measured ({})", e.toString());
        }
        Set<String> seen = new HashSet<>();
        synchronized (this) {
            for (PipelineTelemetry t : readings) {
                seen.add(t.pipelineId());
                Watched w = watched.computeIfAbsent(t.pipelineId(), id -> new Watched(id, now));
                if (w.meters.isEmpty()) {
                    w.name = pipelines.find(t.pipelineId()).map(v -> v.value().name()).orElse(t.pipelineId());
                    registerMeters(w);
                }
                w.add(new Sample(now, t));
                w.evaluate(now, lake);
            }
            // Pipelines no longer running here: their meters go, their history with them.
            for (String id : List.copyOf(watched.keySet())) {
                if (!seen.contains(id)) {
                    Watched gone = watched.remove(id);
                    gone.meters.forEach(meters::remove);
                }
            }
            statusGauges();
        }
        for (Consumer<Set<String>> listener : listeners) {
            try {
                listener.accept(seen);
            } catch (RuntimeException e) {
                log.warn("Pipeline monitoring: a listener failed", e);
            }
        }
    }

    // ---- per pipeline ----

    private record Sample(Instant at, PipelineTelemetry t) {
    }

    /** What the monitor keeps of one pipeline. */
    private final class Watched {
        final String id;
        final Instant firstSeen;
        String name;
        final Deque<Sample> samples = new ArrayDeque<>();
        final Deque<Point> series = new ArrayDeque<>();
        final Map<AlarmKind, AlarmStatus> state = new LinkedHashMap<>();
        final Deque<AlarmEvent> history = new ArrayDeque<>();
        final List<Meter> meters = new ArrayList<>();
        final Map<String, Long> etlTotals = new HashMap<>();
        final Set<Instant> runsCounted = new HashSet<>();
        Instant lastEventAt;
        List<AlarmRule> rules;
        volatile MonitoringSnapshot snapshot;

        Watched(String id, Instant firstSeen) {
            this.id = id;
            this.firstSeen = firstSeen;
        }

        PipelineTelemetry last() {
            return samples.isEmpty() ? null : samples.peekLast().t();
        }

        void add(Sample s) {
            Sample previous = samples.peekLast();
            double seconds = previous == null ? 0
                    : Math.max(1e-3, Duration.between(previous.at(), s.at()).toMillis() / 1000.0);
            double requests = previous == null ? 0 : delta(previous.t().requests(), s.t().requests()) / seconds;
            double events = previous == null ? 0 : delta(previous.t().events(), s.t().events()) / seconds;
            double rejected = previous == null ? 0 : delta(sum(previous.t().rejections()), sum(s.t().rejections()))
                    / seconds;
            if (previous != null ? delta(previous.t().events(), s.t().events()) > 0 : s.t().events() > 0) {
                lastEventAt = s.at();
            }
            Set<Instant> current = new HashSet<>();
            for (EtlRun run : s.t().runs()) {
                current.add(run.started());
                if (runsCounted.add(run.started())) {
                    etlTotals.merge(run.failed() ? "failed" : "succeeded", 1L, Long::sum);
                    etlTotals.merge("events", run.events(), Long::sum);
                    etlTotals.merge("quarantined", run.quarantined(), Long::sum);
                }
            }
            // Runs leave the telemetry's short list oldest first and never come back: forget them.
            runsCounted.retainAll(current);
            samples.addLast(s);
            series.addLast(new Point(s.at(), requests, events, rejected));
            while (samples.size() > SERIES_LENGTH) {
                samples.removeFirst();
            }
            while (series.size() > SERIES_LENGTH) {
                series.removeFirst();
            }
        }

        void evaluate(Instant now, LakeUse lake) {
            if (rules == null) {
                rules = alarms.find(id).value();
            }
            PipelineTelemetry t = last();
            List<AlarmStatus> statuses = new ArrayList<>();
            for (AlarmRule rule : rules) {
                String problem = rule.enabled() ? problem(rule, t, now) : null;
                AlarmStatus before = state.get(rule.kind());
                boolean wasFiring = before != null && before.firing();
                AlarmStatus after;
                if (problem != null) {
                    after = new AlarmStatus(rule, true, wasFiring ? before.since() : now, problem);
                    if (!wasFiring) {
                        record(new AlarmEvent(now, rule.kind(), true, problem));
                        log.warn("Pipeline '{}': alarm {} fired: {}", name, rule.kind().label(), problem);
                    }
                } else {
                    after = new AlarmStatus(rule, false, null, null);
                    if (wasFiring) {
                        String message = rule.enabled() ? "back within its threshold" : "turned off";
                        record(new AlarmEvent(now, rule.kind(), false, message));
                        log.info("Pipeline '{}': alarm {} cleared ({})", name, rule.kind().label(), message);
                    }
                }
                state.put(rule.kind(), after);
                statuses.add(after);
            }
            Sample latest = samples.peekLast();
            Point point = series.peekLast();
            Double[] latency = latency();
            snapshot = new MonitoringSnapshot(id, latest.at(), t.ingestionUp(), t.port(), point.requestsPerSecond(),
                    point.eventsPerSecond(), point.rejectedPerSecond(), t.rejections(), latency[0], latency[1],
                    List.copyOf(series), t.oldestPending() == null ? null : Duration.between(t.oldestPending(), now),
                    t.pendingBatches(), t.etlRunning(), t.runs(), t.tableUpdated(), lastEventAt, t.apps(),
                    List.copyOf(statuses), List.copyOf(history), lake);
        }

        private void record(AlarmEvent event) {
            history.addFirst(event);
            while (history.size() > ALARM_HISTORY) {
                history.removeLast();
            }
        }

        /** What is wrong by this rule, in words, or null. */
        private String problem(AlarmRule rule, PipelineTelemetry t, Instant now) {
            int n = rule.threshold();
            return switch (rule.kind()) {
                case NO_DATA -> {
                    Instant since = lastEventAt != null ? lastEventAt : firstSeen;
                    Duration quiet = Duration.between(since, now);
                    yield quiet.compareTo(Duration.ofMinutes(n)) >= 0
                            ? "no events for " + minutes(quiet) + (lastEventAt == null ? " (none since the studio "
                            + "started watching the pipeline)" : "") + "; the threshold is " + n + " min" : null;
                }
                case ETL_FAILED -> {
                    EtlRun last = t.runs().isEmpty() ? null : t.runs().get(0);
                    yield last != null && last.failed() ? "the ETL pass of " + last.started() + " failed: "
                            + last.error() : null;
                }
                case ETL_LAG -> {
                    Duration lag = t.oldestPending() == null ? null : Duration.between(t.oldestPending(), now);
                    yield lag != null && lag.compareTo(Duration.ofMinutes(n)) >= 0
                            ? "the oldest raw batch not yet modeled was published " + minutes(lag) + " ago ("
                            + t.pendingBatches() + " waiting); the threshold is " + n + " min" : null;
                }
                case QUARANTINE_RATE -> {
                    long events = 0;
                    long quarantined = 0;
                    for (EtlRun run : t.runs()) {
                        if (!run.failed() && !run.started().isBefore(now.minus(QUARANTINE_WINDOW))) {
                            events += run.events();
                            quarantined += run.quarantined();
                        }
                    }
                    long total = events + quarantined;
                    double percent = total == 0 ? 0 : 100.0 * quarantined / total;
                    yield total > 0 && percent >= n ? String.format(java.util.Locale.ROOT,
                            "%.1f %% of the records modeled in the last hour were quarantined (%d of %d); the "
                                    + "threshold is %d %%", percent, quarantined, total, n) : null;
                }
            };
        }

        /** Mean and 99th-percentile bucket bound of the sink latency over the last minute, in ms; nulls without requests. */
        private Double[] latency() {
            Sample latest = samples.peekLast();
            // The base is the newest sample a window before the latest (the oldest one kept, early on).
            Sample from = samples.peekFirst();
            for (Sample s : samples) {
                if (!s.at().isAfter(latest.at().minus(LATENCY_WINDOW))) {
                    from = s;
                }
            }
            PipelineTelemetry.Latency now = latest.t().sinkLatency();
            PipelineTelemetry.Latency before = from == latest ? null : from.t().sinkLatency();
            long[] counts = new long[now.counts().size()];
            long total = 0;
            for (int i = 0; i < counts.length; i++) {
                long c = now.counts().get(i) - (before == null ? 0 : before.counts().get(i));
                counts[i] = c < 0 ? now.counts().get(i) : c;
                total += counts[i];
            }
            if (total == 0) {
                return new Double[] {null, null};
            }
            long sum = now.sumNanos() - (before == null ? 0 : before.sumNanos());
            sum = sum < 0 ? now.sumNanos() : sum;
            long cumulative = 0;
            double p99 = Double.POSITIVE_INFINITY;
            for (int i = 0; i < counts.length; i++) {
                cumulative += counts[i];
                if (cumulative >= Math.ceil(total * 0.99)) {
                    p99 = i < now.bounds().size() ? now.bounds().get(i) * 1000 : Double.POSITIVE_INFINITY;
                    break;
                }
            }
            return new Double[] {sum / 1e6 / total, p99};
        }
    }

    private static long delta(long before, long now) {
        // A restarted ingestion counts from zero again.
        return now >= before ? now - before : now;
    }

    private static long sum(Map<String, Long> values) {
        return values.values().stream().mapToLong(Long::longValue).sum();
    }

    private static String minutes(Duration d) {
        long minutes = d.toMinutes();
        return minutes < 1 ? d.toSeconds() + " s" : minutes + " min";
    }

    // ---- meters ----

    private void registerMeters(Watched w) {
        Tags tags = Tags.of("pipeline", w.name);
        w.meters.add(FunctionCounter.builder("clickstream.pipeline.ingest.requests", w,
                        x -> x.last() == null ? 0 : x.last().requests())
                .description("Requests answered by the pipeline's ingestion, every status").tags(tags).register(meters));
        w.meters.add(FunctionCounter.builder("clickstream.pipeline.ingest.events", w,
                        x -> x.last() == null ? 0 : x.last().events())
                .description("Events in requests the pipeline's ingestion accepted").tags(tags).register(meters));
        for (io.clickstream.ingestion.metrics.Rejection reason : io.clickstream.ingestion.metrics.Rejection.values()) {
            w.meters.add(FunctionCounter.builder("clickstream.pipeline.ingest.rejections", w,
                            x -> x.last() == null ? 0 : x.last().rejections().getOrDefault(reason.label(), 0L))
                    .description("Requests refused by the pipeline's ingestion, by reason")
                    .tags(tags.and("reason", reason.label())).register(meters));
        }
        w.meters.add(io.micrometer.core.instrument.FunctionTimer.builder("clickstream.pipeline.sink.latency", w,
                        x -> x.last() == null ? 0 : x.last().sinkLatency().count(),
                        x -> x.last() == null ? 0 : x.last().sinkLatency().sumNanos(), TimeUnit.NANOSECONDS)
                .description("Time from handing a request to the sink until it was durable").tags(tags)
                .register(meters));
        w.meters.add(Gauge.builder("clickstream.pipeline.ingest.up", w,
                        x -> x.last() != null && x.last().ingestionUp() ? 1 : 0)
                .description("1 while the pipeline's ingestion listens and its sink writes").tags(tags).register(meters));
        w.meters.add(TimeGauge.builder("clickstream.pipeline.etl.lag", w, TimeUnit.SECONDS,
                        x -> x.snapshot == null || x.snapshot.etlLag() == null ? 0 : x.snapshot.etlLag().toSeconds())
                .description("Age of the oldest raw batch the ETL has not modeled yet").tags(tags).register(meters));
        w.meters.add(Gauge.builder("clickstream.pipeline.etl.pending.batches", w,
                        x -> x.last() == null ? 0 : x.last().pendingBatches())
                .description("Raw batches the ETL has not modeled yet").tags(tags).register(meters));
        for (String outcome : List.of("succeeded", "failed")) {
            w.meters.add(FunctionCounter.builder("clickstream.pipeline.etl.runs", w,
                            x -> x.etlTotals.getOrDefault(outcome, 0L))
                    .description("ETL passes that read raw batches, or failed").tags(tags.and("outcome", outcome))
                    .register(meters));
        }
        w.meters.add(FunctionCounter.builder("clickstream.pipeline.etl.modeled.events", w,
                        x -> x.etlTotals.getOrDefault("events", 0L))
                .description("Events the ETL wrote to the modeled tables").tags(tags).register(meters));
        w.meters.add(FunctionCounter.builder("clickstream.pipeline.etl.quarantined", w,
                        x -> x.etlTotals.getOrDefault("quarantined", 0L))
                .description("Records the ETL quarantined").tags(tags).register(meters));
        w.meters.add(TimeGauge.builder("clickstream.pipeline.etl.last.run.duration", w, TimeUnit.MILLISECONDS,
                        x -> x.last() == null || x.last().runs().isEmpty() ? 0
                                : x.last().runs().get(0).duration().toMillis())
                .description("Duration of the last ETL pass that read raw batches").tags(tags).register(meters));
        for (String table : List.of("event", "session", "user", "item", "quarantine")) {
            w.meters.add(TimeGauge.builder("clickstream.pipeline.table.age", w, TimeUnit.SECONDS, x -> {
                        Instant updated = x.last() == null ? null : x.last().tableUpdated().get(table);
                        return updated == null ? Double.NaN : Duration.between(updated, clock.instant()).toSeconds();
                    })
                    .description("Time since a partition of the table last changed for the pipeline's apps")
                    .tags(tags.and("table", table)).register(meters));
        }
        for (AlarmKind kind : AlarmKind.values()) {
            w.meters.add(Gauge.builder("clickstream.pipeline.alarm.firing", w, x -> {
                        AlarmStatus s = x.state.get(kind);
                        return s != null && s.firing() ? 1 : 0;
                    })
                    .description("1 while the pipeline's alarm fires").tags(tags.and("alarm", kind.id()))
                    .register(meters));
        }
    }

    /** {@code clickstream_pipeline_status{pipeline, status}}: 1 for each pipeline's current status. */
    private final Map<String, Meter> statusMeters = new ConcurrentHashMap<>();
    private final Map<String, String> currentStatus = new ConcurrentHashMap<>();

    private void statusGauges() {
        Set<String> present = new HashSet<>();
        for (Versioned<Pipeline> v : pipelines.list()) {
            Pipeline p = v.value();
            if (p.status() == PipelineStatus.DELETED) {
                continue;
            }
            present.add(p.name());
            currentStatus.put(p.name(), p.status().label());
            for (PipelineStatus status : PipelineStatus.values()) {
                String key = p.name() + "/" + status.label();
                statusMeters.computeIfAbsent(key, k -> Gauge.builder("clickstream.pipeline.status", currentStatus,
                                m -> status.label().equals(m.get(p.name())) ? 1 : 0)
                        .description("1 for the pipeline's current status").tags("pipeline", p.name(), "status",
                                status.label()).register(meters));
            }
        }
        for (String key : List.copyOf(statusMeters.keySet())) {
            if (!present.contains(key.substring(0, key.indexOf('/')))) {
                meters.remove(statusMeters.remove(key));
            }
        }
        currentStatus.keySet().retainAll(present);
    }

    /** The lake's disk use as last measured, or null. */
    public LakeUse lakeUse() {
        return lastLakeUse;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
