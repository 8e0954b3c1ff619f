package io.clickstream.pipeline.local;

import io.clickstream.ingestion.IngestionServer;
import io.clickstream.ingestion.metrics.IngestionMetrics;
import io.clickstream.ingestion.metrics.LatencyHistogram;
import io.clickstream.ingestion.metrics.Rejection;
import io.clickstream.pipeline.definition.PipelineDefinition;
import io.clickstream.pipeline.lifecycle.PipelineRuntime.StepListener;
import io.clickstream.pipeline.local.PipelineTelemetry.EtlRun;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

/**
 * One local pipeline while it runs: its ingestion server (null while it cannot listen), its next scheduled ETL pass,
 * what its passes did, the raw batches its ingestion published that no finished pass has modeled yet (the ETL lag),
 * and the health it last reported. The {@link LocalPipelineRuntime} owns the threads; this holds the state they share.
 */
final class LocalPipeline {

    /** ETL passes kept for the pipeline page. */
    static final int RUNS_KEPT = 20;
    /** Failed passes in a row that make the pipeline Warning. */
    static final int FAILED_PASSES_FOR_WARNING = 2;

    final String id;
    final PipelineDefinition definition;
    /** Reports health to the pipeline's state (the listener of the step or resume that started it). */
    final StepListener health;
    private volatile IngestionServer ingestion;
    /** Why ingestion does not listen, null while it does. */
    private volatile String ingestionProblem;
    private volatile boolean closed;
    private volatile boolean etlRunning;
    ScheduledFuture<?> nextRun;

    // Guarded by this.
    private final Deque<EtlRun> runs = new ArrayDeque<>();
    private final Deque<Instant> unmodeled = new ArrayDeque<>();
    private int failedInRow;
    private boolean reportedDegraded;
    private String reportedReason;
    private Map<String, Instant> tableUpdated = Map.of();

    LocalPipeline(String id, PipelineDefinition definition, StepListener health, boolean degradedBefore) {
        this.id = id;
        this.definition = definition;
        this.health = health;
        this.reportedDegraded = degradedBefore;
    }

    String name() {
        return definition.name();
    }

    IngestionServer ingestion() {
        return ingestion;
    }

    void listening(IngestionServer server) {
        this.ingestion = server;
        this.ingestionProblem = null;
    }

    void notListening(String problem) {
        this.ingestion = null;
        this.ingestionProblem = problem;
    }

    String ingestionProblem() {
        return ingestionProblem;
    }

    boolean closed() {
        return closed;
    }

    void close() {
        closed = true;
    }

    boolean etlRunning() {
        return etlRunning;
    }

    /** Ingestion published a raw batch now. */
    synchronized void published(Instant at) {
        unmodeled.addLast(at);
    }

    /** A pass starts: it will model the batches published so far; answers how many that is. */
    synchronized int passStarting() {
        etlRunning = true;
        return unmodeled.size();
    }

    /** A pass ended; a successful one modeled the {@code covered} oldest unmodeled batches. */
    synchronized void passEnded(int covered, EtlRun run) {
        etlRunning = false;
        if (run == null) {
            return;
        }
        if (run.failed()) {
            failedInRow++;
        } else {
            failedInRow = 0;
            for (int i = 0; i < covered && !unmodeled.isEmpty(); i++) {
                unmodeled.removeFirst();
            }
        }
        if (run.failed() || run.rawFiles() > 0) {
            runs.addFirst(run);
            while (runs.size() > RUNS_KEPT) {
                runs.removeLast();
            }
        }
    }

    /** What is wrong with the pipeline now, in words, or null when nothing is. */
    synchronized String problem() {
        if (ingestionProblem != null) {
            return ingestionProblem;
        }
        if (failedInRow >= FAILED_PASSES_FOR_WARNING) {
            EtlRun last = runs.peekFirst();
            return "the ETL failed " + failedInRow + " times in a row: " + (last == null ? "" : last.error());
        }
        return null;
    }

    /**
     * Reports a change of health: degraded with a new reason, or recovered. Called by the runtime's supervision,
     * never while holding a lock the listener might need.
     */
    void reportHealth() {
        String problem = problem();
        boolean report;
        boolean degraded;
        synchronized (this) {
            degraded = problem != null;
            report = degraded ? !problem.equals(reportedReason) : reportedDegraded;
            if (report) {
                reportedDegraded = degraded;
                reportedReason = problem;
            }
        }
        if (report) {
            if (degraded) {
                health.degraded(problem);
            } else {
                health.recovered("ingestion listens on port " + port() + " and the ETL runs");
            }
        }
    }

    synchronized void tablesUpdated(Map<String, Instant> updated) {
        this.tableUpdated = Map.copyOf(updated);
    }

    int port() {
        IngestionServer server = ingestion;
        return server == null ? 0 : server.port();
    }

    synchronized PipelineTelemetry telemetry(List<String> apps) {
        IngestionServer server = ingestion;
        long requests = 0;
        long events = 0;
        Map<String, Long> rejections = new LinkedHashMap<>();
        double[] bounds = LatencyHistogram.bounds();
        List<Double> boundList = new ArrayList<>();
        for (double b : bounds) {
            boundList.add(b);
        }
        List<Long> counts = new ArrayList<>();
        long sum = 0;
        if (server != null) {
            IngestionMetrics metrics = server.metrics();
            requests = metrics.requests();
            events = metrics.events();
            for (Rejection reason : Rejection.values()) {
                long n = metrics.rejections(reason);
                if (n > 0) {
                    rejections.put(reason.label(), n);
                }
            }
            for (long c : metrics.ackLatency().counts()) {
                counts.add(c);
            }
            sum = metrics.ackLatency().sumNanos();
        } else {
            for (int i = 0; i <= bounds.length; i++) {
                counts.add(0L);
            }
        }
        return new PipelineTelemetry(id, server != null && server.healthy(), port(), apps, requests, events,
                rejections, new PipelineTelemetry.Latency(boundList, counts, sum), unmodeled.size(),
                unmodeled.peekFirst(), etlRunning, List.copyOf(runs), tableUpdated);
    }

    /** The last finished pass, or null. */
    synchronized EtlRun lastRun() {
        return runs.peekFirst();
    }
}
