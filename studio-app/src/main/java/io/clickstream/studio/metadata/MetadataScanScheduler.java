package io.clickstream.studio.metadata;

import io.clickstream.pipeline.local.EtlStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs metadata scans one at a time on a thread of their own: once at startup, after each ETL run of the local
 * runtime that modeled new events (at most once per {@link MetadataScanProperties#minInterval()}), and on demand.
 *
 * <p>The ETL is watched by polling its status ({@code LocalRuntime.etlStatus()}): a new {@code lastFinished} with
 * {@code lastEvents > 0} asks for a scan. Polling keeps the pipeline engine unaware of the studio; a scan that finds
 * nothing new costs a directory listing.
 */
public class MetadataScanScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MetadataScanScheduler.class);

    private final MetadataScanner scanner;
    private final MetadataCatalog catalog;
    private final Supplier<EtlStatus> etlStatus;
    private final MetadataScanProperties properties;
    private final Clock clock;
    private final ScheduledExecutorService executor;

    // Touched only on the scan thread, except the volatile ones.
    private Instant lastEtlSeen;
    private Instant lastAutomaticScan;
    private boolean pending = true;
    private volatile String running;
    private volatile boolean cancelRequested;

    /**
     * @param etlStatus the local runtime's ETL status, or a supplier of null when the studio runs none
     */
    public MetadataScanScheduler(MetadataScanner scanner, MetadataCatalog catalog, Supplier<EtlStatus> etlStatus,
                                 MetadataScanProperties properties, Clock clock) {
        this.scanner = scanner;
        this.catalog = catalog;
        this.etlStatus = etlStatus;
        this.properties = properties;
        this.clock = clock;
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "metadata-scan");
            thread.setDaemon(true);
            return thread;
        });
        pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.executor = pool;
    }

    /** Starts watching the ETL (when automatic scans are on); the first look also scans every app once. */
    public void start() {
        if (properties.auto()) {
            long poll = properties.pollInterval().toMillis();
            executor.scheduleWithFixedDelay(this::tickSafely, poll, poll, TimeUnit.MILLISECONDS);
        }
    }

    /** Scans one app now (after a scan already running) and returns what it did. */
    public ScanReport scanNow(String appId) {
        return await(executor.submit(() -> scan(appId)));
    }

    /** Scans one app as soon as the scan thread is free; the future completes with what the scan did. */
    public CompletableFuture<ScanReport> scanSoon(String appId) {
        return CompletableFuture.supplyAsync(() -> scan(appId), executor);
    }

    /** Scans every app with data in the lake now, one after the other. */
    public List<ScanReport> scanAllNow() {
        return await(executor.submit(this::scanAll));
    }

    /** The app being scanned right now, or null. */
    public String running() {
        return running;
    }

    /** Asks the running scan to stop at its next step; it leaves nothing half-counted. */
    public void cancel() {
        cancelRequested = running != null;
    }

    /** One look at the ETL status: runs the due automatic scan on the calling (scan) thread. */
    void tick() {
        EtlStatus status = etlStatus.get();
        if (status != null && status.lastFinished() != null && !status.lastFinished().equals(lastEtlSeen)) {
            lastEtlSeen = status.lastFinished();
            pending |= status.lastEvents() > 0;
        }
        Instant now = clock.instant();
        if (pending && (lastAutomaticScan == null || !now.isBefore(lastAutomaticScan.plus(properties.minInterval())))) {
            pending = false;
            lastAutomaticScan = now;
            scanAll();
        }
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.error("Automatic metadata scan failed; the next ETL run with new events tries again", e);
        }
    }

    private List<ScanReport> scanAll() {
        List<ScanReport> reports = new ArrayList<>();
        for (String appId : scanner.appsInLake()) {
            reports.add(scan(appId));
        }
        return reports;
    }

    private ScanReport scan(String appId) {
        running = appId;
        cancelRequested = false;
        try {
            ScanReport report = scanner.scan(appId, () -> cancelRequested);
            if (report.outcome() == ScanReport.Outcome.SCANNED) {
                catalog.invalidate(appId);
            }
            return report;
        } finally {
            running = null;
            cancelRequested = false;
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(false);
            throw new IllegalStateException("interrupted while waiting for the metadata scan", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("metadata scan failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        cancelRequested = true;
        executor.shutdownNow();
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
