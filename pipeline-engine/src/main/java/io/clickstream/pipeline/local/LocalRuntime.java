package io.clickstream.pipeline.local;

import io.clickstream.etl.EtlConfig;
import io.clickstream.etl.EtlJob;
import io.clickstream.etl.EtlRunSummary;
import io.clickstream.etl.LakeDiskUse;
import io.clickstream.ingestion.IngestionServer;
import io.clickstream.ingestion.IngestionSettings;
import io.clickstream.ingestion.StoreAppRegistry;
import io.clickstream.ingestion.sink.BatchDestination;
import io.clickstream.ingestion.sink.LocalLakeDestination;
import io.clickstream.metadata.MetadataStore;
import io.clickstream.metadata.apps.AppRecord;
import io.clickstream.model.LakeLayout;
import io.clickstream.pipeline.apps.AppSetup;
import io.clickstream.pipeline.demo.DemoTrafficModel;
import io.clickstream.pipeline.demo.DemoTrafficSender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the whole pipeline inside this JVM: the ingestion endpoint on its own port, the Spark ETL over the lake under
 * the data directory, and demo traffic on a first start. Ingestion accepts the apps of the metadata store (the studio's),
 * and follows their changes within {@link StoreAppRegistry#DEFAULT_POLL}; the ETL computes each app's event dates in
 * its time zone from there.
 *
 * <p>The ETL runs as micro-batches driven by ingestion: each raw batch that ingestion publishes asks for a run, runs
 * never overlap, and batches published during a run are taken by the run right after it (no waiting for a timer).
 * A run is also started at the latest {@link LocalRuntimeSettings#etlInterval()} after the previous one ended, which
 * picks up raw files that arrived by other ways (a restart's recovery, files copied into the lake) and applies the
 * lake's retention. A run that finds nothing new lists only the lake's open hours and starts no Spark; the Spark
 * session is started by the first run with raw data and stopped after a few idle minutes ({@link LocalSpark}).
 *
 * <p>Closing it (or the JVM's shutdown) asks a running ETL pass to stop: before its commit point it ends without
 * committing (its raw batches are modeled at the next start), after it finishes applying; then ingestion is flushed
 * (every acknowledged event is published to the lake) and Spark is stopped.
 */
public final class LocalRuntime implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalRuntime.class);
    /**
     * Ingestion publishes a raw batch at the latest this long after its first request (the standalone default is
     * 10 s): the first part of the delay before an event is queryable.
     */
    static final Duration RAW_BATCH_AGE = Duration.ofSeconds(5);
    /** {@link #lakeDiskUse()} measures again when its figure is older. */
    static final Duration DISK_USE_MAX_AGE = Duration.ofMinutes(5);
    /** The ETL logs the lake's disk use this often. */
    static final Duration DISK_USE_LOG_INTERVAL = Duration.ofHours(1);
    /** Above Spark's shutdown hooks in Hadoop's hook manager (Spark's run at 40). */
    private static final int SHUTDOWN_HOOK_PRIORITY = 50;
    /** After a pass of at least this many events (a backfill), the heap it grew is given back. */
    static final long LARGE_PASS_EVENTS = 20_000;
    /** How long a stop waits for a running pass to reach its next stop point. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final LocalRuntimeSettings settings;
    private final LakeLayout lake;
    private final MetadataStore store;
    private final StoreAppRegistry apps;
    private final IngestionServer ingestion;
    private final ScheduledExecutorService etlScheduler;
    private final ExecutorService demoThread;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean etlRunning = new AtomicBoolean();
    /** A raw batch was published since the current run listed its input. */
    private final AtomicBoolean etlPending = new AtomicBoolean();
    private final AtomicReference<EtlStatus> etlStatus =
            new AtomicReference<>(new EtlStatus(false, null, 0, 0, null));
    /** Set once, at close or JVM shutdown: a running pass stops at its next stop point. */
    private final AtomicBoolean stopEtl = new AtomicBoolean();
    private final LocalSpark spark;
    private final Object shutdownHook;
    private LakeDiskUse diskUse;

    private LocalRuntime(LocalRuntimeSettings settings, MetadataStore store) {
        this.settings = settings;
        this.store = store;
        try {
            Files.createDirectories(settings.lakeDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the lake directory " + settings.lakeDir(), e);
        }
        this.lake = new LakeLayout(settings.lakeDir().toAbsolutePath().toString());
        AppSetup.importAppsJson(settings.dataDir().resolve("apps.json"), store);
        this.apps = StoreAppRegistry.follow(store, StoreAppRegistry.DEFAULT_POLL, false);
        this.spark = new LocalSpark(settings.sparkMaster());
        this.etlScheduler = Executors.newSingleThreadScheduledExecutor(daemon("local-etl"));
        this.demoThread = Executors.newSingleThreadExecutor(daemon("demo-traffic"));
        BatchDestination lakeDestination = new LocalLakeDestination(settings.lakeDir());
        IngestionSettings ingestionSettings = IngestionSettings.defaults(settings.lakeDir(), apps)
                .withHost(settings.ingestionHost())
                .withPort(settings.ingestionPort())
                .withNodeId("local")
                .withAuth(settings.ingestionAuth())
                .withRoll(IngestionSettings.DEFAULT_ROLL_BYTES, RAW_BATCH_AGE)
                .withDestination(new BatchDestination() {
                    @Override
                    public void publish(Path batch, String appId, LocalDate date, int hour, String fileName)
                            throws IOException {
                        lakeDestination.publish(batch, appId, date, hour, fileName);
                        triggerEtl();
                    }

                    @Override
                    public String describe() {
                        return lakeDestination.describe();
                    }
                });
        this.ingestion = IngestionServer.start(ingestionSettings);
        this.shutdownHook = registerShutdownHook();
    }

    /**
     * Starts ingestion, schedules the ETL and, if configured, the demo traffic. The apps come from {@code store},
     * which stays open after {@link #close()} (its owner closes it).
     */
    public static LocalRuntime start(LocalRuntimeSettings settings, MetadataStore store) {
        JvmMemory.returnIdleHeap();
        LocalRuntime runtime = new LocalRuntime(settings, store);
        runtime.etlScheduler.scheduleWithFixedDelay(runtime::runEtlSafely, 5_000,
                settings.etlInterval().toMillis(), TimeUnit.MILLISECONDS);
        if (settings.demo()) {
            runtime.demoThread.execute(runtime::runDemo);
        }
        log.info("Local runtime: ingestion at http://{}:{}/collect, lake {}, ETL on each published batch and at least every {} s",
                settings.ingestionHost(), runtime.ingestionPort(), settings.lakeDir().toAbsolutePath(),
                settings.etlInterval().toSeconds());
        return runtime;
    }

    public int ingestionPort() {
        return ingestion.port();
    }

    public LakeLayout lake() {
        return lake;
    }

    /** Ingestion's apps as last read from the store; {@code refresh()} applies a change at once. */
    public StoreAppRegistry apps() {
        return apps;
    }

    public EtlStatus etlStatus() {
        return etlStatus.get();
    }

    /**
     * What the lake holds on disk, by area. Measured at most every {@link #DISK_USE_MAX_AGE} (it walks the whole
     * lake); the ETL also measures and logs it hourly.
     */
    public synchronized LakeDiskUse lakeDiskUse() {
        if (diskUse == null || diskUse.measuredAt().plus(DISK_USE_MAX_AGE).isBefore(Instant.now())) {
            diskUse = LakeDiskUse.measure(lake.root(), new org.apache.hadoop.conf.Configuration());
        }
        return diskUse;
    }

    /** Asks for an ETL run now, or right after the one running; returns at once. */
    public void triggerEtl() {
        etlPending.set(true);
        if (!closed.get()) {
            try {
                etlScheduler.execute(this::runEtlSafely);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // Closing.
            }
        }
    }

    private void runEtlSafely() {
        if (closed.get() || !etlRunning.compareAndSet(false, true)) {
            return;
        }
        etlPending.set(false);
        EtlStatus previous = etlStatus.get();
        etlStatus.set(new EtlStatus(true, previous.lastFinished(), previous.lastEvents(), previous.lastQuarantined(),
                previous.lastError()));
        try {
            EtlRunSummary summary = EtlJob.run(spark::get, etlConfig(), stopEtl::get);
            if (summary.abandoned()) {
                log.info("ETL: run {} stopped before its commit point for shutdown; its raw batches are modeled at "
                        + "the next start", summary.runId());
                etlStatus.set(new EtlStatus(false, previous.lastFinished(), 0, 0, null));
                return;
            }
            etlStatus.set(new EtlStatus(false, Instant.now(), summary.eventsWritten(), summary.eventsQuarantined(),
                    null));
            if (summary.rawFilesRead() > 0) {
                spark.touched();
                log.info("ETL: {}", summary);
                if (summary.eventsWritten() + summary.duplicatesDropped() >= LARGE_PASS_EVENTS) {
                    JvmMemory.shrinkAfterLargeWork();
                }
            } else if (spark.stopIfIdle()) {
                JvmMemory.shrinkAfterLargeWork();
            }
            logDiskUseIfDue();
        } catch (RuntimeException | Error e) {
            if (stopEtl.get()) {
                // Shutdown came between two stop points, and Spark or the file system went first.
                log.info("ETL: run ended by shutdown ({}); its raw batches are modeled at the next start", e.toString());
            } else {
                log.error("ETL run failed; it will be retried at the next interval", e);
            }
            etlStatus.set(new EtlStatus(false, Instant.now(), 0, 0, String.valueOf(e.getMessage())));
        } finally {
            etlRunning.set(false);
        }
        // The scheduler is single-threaded: a trigger that arrived during this run was queued behind it and found
        // the run still marked as running, so start the follow-up here.
        if (etlPending.get() && !closed.get()) {
            triggerEtl();
        }
    }

    private void logDiskUseIfDue() {
        LakeDiskUse last;
        synchronized (this) {
            last = diskUse;
        }
        if (last == null || last.measuredAt().plus(DISK_USE_LOG_INTERVAL).isBefore(Instant.now())) {
            synchronized (this) {
                diskUse = LakeDiskUse.measure(lake.root(), new org.apache.hadoop.conf.Configuration());
                last = diskUse;
            }
            log.info("Lake disk use: {}", last.describe());
        }
    }

    private EtlConfig etlConfig() {
        List<String> args = new ArrayList<>();
        args.add("--lake=" + lake.root());
        args.add("--master=" + settings.sparkMaster());
        if (settings.geoipDatabase() != null) {
            args.add("--geoip-db=" + settings.geoipDatabase().toAbsolutePath());
        }
        for (AppRecord app : apps.apps()) {
            if (!app.zone().equals(ZoneId.of("UTC"))) {
                args.add("--time-zone=" + app.appId() + "=" + app.timeZone());
            }
        }
        return EtlConfig.parse(args.toArray(String[]::new)).withHousekeeping(new EtlConfig.LakeHousekeeping(
                EtlConfig.LakeHousekeeping.DEFAULT.sealDelay(), settings.rawRetention(), settings.quarantineRetention()));
    }

    /** True when ingestion has never published anything into the lake (a first start). */
    private boolean rawIsEmpty() {
        Path raw = settings.lakeDir().resolve(LakeLayout.RAW);
        try (Stream<Path> apps = Files.list(raw)) {
            return apps.findAny().isEmpty();
        } catch (java.nio.file.NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void runDemo() {
        if (settings.ingestionAuth() != null) {
            log.warn("Demo: no demo traffic is sent, the collect endpoint requires bearer tokens of {}",
                    settings.ingestionAuth().issuer());
            return;
        }
        String appId = LocalRuntimeSettings.DEMO_APP_ID;
        boolean firstStart = apps.find(appId).isEmpty() && rawIsEmpty();
        URI endpoint = URI.create("http://127.0.0.1:" + ingestionPort() + "/collect");
        DemoTrafficSender sender = new DemoTrafficSender(endpoint, appId, 4);
        DemoTrafficModel model = DemoTrafficModel.lastDays(appId, settings.demoUsers(), 30, 42);
        try {
            if (AppSetup.registerDemoApp(store)) {
                apps.refresh();
            }
            if (firstStart) {
                log.info("Demo: sending 30 days of traffic of {} users to app '{}'", settings.demoUsers(), appId);
                DemoTrafficSender.Outcome outcome = sender.sendAll(model,
                        events -> log.info("Demo: {} events acknowledged", events));
                log.info("Demo: {} events in {} requests sent ({} failed); the ETL models them as soon as "
                        + "ingestion publishes their batches", outcome.events(), outcome.requests(), outcome.failedRequests());
            }
            SplittableRandom random = new SplittableRandom();
            while (!closed.get()) {
                // A visit every 30-60 s: the dashboards stay live, and each published batch costs an ETL micro-batch
                // (5-10 s of Spark on a laptop), so a studio left open idles at a fraction of a core.
                Thread.sleep(30_000 + random.nextInt(30_000));
                if (!closed.get()) {
                    sender.send(model.liveVisit(System.currentTimeMillis(), random));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("Demo traffic stopped", e);
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        removeShutdownHook();
        demoThread.shutdownNow();
        stopEtl();
        try {
            demoThread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ingestion.close();
        apps.close();
        spark.stop();
    }

    /**
     * Asks a running pass to stop and waits for it (it ends at its next stop point, or finishes applying its
     * commit); runs no further pass. Interrupting it instead would fail Spark tasks and file writes midway, which
     * log errors for nothing: the commit protocol already makes an unfinished pass harmless.
     */
    private void stopEtl() {
        closed.set(true);
        stopEtl.set(true);
        etlScheduler.shutdown();
        try {
            if (!etlScheduler.awaitTermination(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                log.warn("ETL: the running pass did not stop within {} s; interrupting it", STOP_TIMEOUT.toSeconds());
                etlScheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * On a JVM shutdown (Ctrl-C, SIGTERM), Spark's own shutdown hook stops the SparkContext, possibly in the middle
     * of a pass, which then fails loudly. This hook runs first (Hadoop's hook manager, which runs Spark's hooks at
     * priority 40, runs higher priorities before) and lets the pass stop quietly.
     */
    private Object registerShutdownHook() {
        Runnable hook = this::stopEtl;
        org.apache.hadoop.util.ShutdownHookManager.get().addShutdownHook(hook, SHUTDOWN_HOOK_PRIORITY,
                STOP_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        return hook;
    }

    private void removeShutdownHook() {
        try {
            org.apache.hadoop.util.ShutdownHookManager.get().removeShutdownHook((Runnable) shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook is running or has run.
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
