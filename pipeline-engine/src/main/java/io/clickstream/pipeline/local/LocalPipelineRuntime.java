package io.clickstream.pipeline.local;

import io.clickstream.etl.EtlConfig;
import io.clickstream.etl.EtlJob;
import io.clickstream.etl.EtlRunSummary;
import io.clickstream.etl.LakeDiskUse;
import io.clickstream.ingestion.BearerAuth;
import io.clickstream.ingestion.IngestionServer;
import io.clickstream.ingestion.IngestionSettings;
import io.clickstream.ingestion.StoreAppRegistry;
import io.clickstream.ingestion.sink.BatchDestination;
import io.clickstream.ingestion.sink.LocalLakeDestination;
import io.clickstream.metadata.MetadataStore;
import io.clickstream.metadata.Versioned;
import io.clickstream.metadata.apps.AppRecord;
import io.clickstream.model.LakeLayout;
import io.clickstream.model.ModeledTables;
import io.clickstream.pipeline.apps.AppSetup;
import io.clickstream.pipeline.definition.IngestionDefinition;
import io.clickstream.pipeline.definition.PipelineDefinition;
import io.clickstream.pipeline.definition.ProcessingDefinition;
import io.clickstream.pipeline.definition.ScheduleExpression;
import io.clickstream.pipeline.definition.SinkType;
import io.clickstream.pipeline.demo.DemoTrafficModel;
import io.clickstream.pipeline.demo.DemoTrafficSender;
import io.clickstream.pipeline.lifecycle.ActionRefusedException;
import io.clickstream.pipeline.lifecycle.Pipeline;
import io.clickstream.pipeline.lifecycle.PipelineAction;
import io.clickstream.pipeline.lifecycle.PipelineRepository;
import io.clickstream.pipeline.lifecycle.PipelineRuntime;
import io.clickstream.pipeline.lifecycle.PipelineService;
import io.clickstream.pipeline.lifecycle.PipelineStatus;
import io.clickstream.pipeline.local.PipelineTelemetry.EtlRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local runtime of pipelines: every local pipeline runs inside the studio's JVM, with its own ingestion server on
 * its own port and its own ETL schedule, over one lake ({@code <data-dir>/lake}, which the studio's DuckDB reads) and
 * one in-process Spark session. Pipelines partition the apps ({@link AppRouting}): a project's own pipeline serves
 * its apps, the studio-wide {@code default} pipeline every other app, so each ingestion accepts exactly its apps,
 * and writes raw batches under its own node id. Passes of all pipelines run one at a time on one thread (they share
 * Spark, and the lake's commit protocol is one writer's); a pipeline's pass models only its own apps' raw batches
 * ({@link AppRouting#etlScope}), so its processing settings (plugins, PII rules, bot filter) apply to exactly them.
 *
 * <p>Steps ({@link #start}) run one at a time on a thread of their own and report to the pipeline's listener:
 * create, update, upgrade and start (re)start the pipeline's ingestion and schedule, stop and delete end them. A
 * supervision timer restarts an ingestion that stopped serving and reports the pipeline degraded (Warning) while it
 * is down or while its ETL keeps failing, and recovered once it works again. After a studio restart
 * {@link PipelineService#resume()} brings every Active or Warning pipeline back ({@link #resume}).
 *
 * <p>An ETL pass of a pipeline runs at its {@code processing.schedule}, and when its ingestion publishes a raw batch:
 * at once when the last pass that modeled raw data ended at least the coalescing window ago or
 * {@link #COALESCE_BYTES} of raw batches are waiting, else when that window has passed. The window follows what the
 * last pass with data cost ({@link #coalesceWindow}): {@link #COALESCE_WINDOW} when a pass is cheap, longer when it
 * is not, so that a trickle's passes take about {@link #TRICKLE_CPU_SHARE} of a core, and at most
 * {@link #MAX_COALESCE_WINDOW}; after a busy pass ({@link #BUSY_PASS_EVENTS} and more) there is none
 * ({@link #windowAfter}). A trickle of small batches (the demo's live visits, a quiet site) is so modeled a few
 * batches per pass instead of one Spark pass per batch, and an event still waits at most the batch's age plus the
 * window plus one pass; steady traffic (a quarter of a mebibyte of batches and more) is modeled pass after pass as
 * before. While small batches wait for the pass at the end of their window, the schedule asks for none.
 *
 * <p>Once the JVM shuts down (or {@link #close()} began) nothing new starts: no step, no ingestion, no pass, no Spark;
 * a running pass stops at its next stop point (before its commit point it ends without committing, its raw batches
 * are modeled at the next start) or finishes applying its commit.
 */
public final class LocalPipelineRuntime implements PipelineRuntime, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalPipelineRuntime.class);
    /** Name of the studio-wide pipeline created at the first start. */
    public static final String DEFAULT_PIPELINE = "default";
    /** How often ingestion health is checked and the pipelines of the store read again. */
    static final Duration SUPERVISION_INTERVAL = Duration.ofSeconds(5);
    /** How long stopping a pipeline waits for its running ETL pass. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    /** {@link #lakeDiskUse()} measures again when its figure is older. */
    static final Duration DISK_USE_MAX_AGE = Duration.ofMinutes(5);
    /**
     * A pass of at least this many events is busy (a backfill, a burst); the first quieter pass after busy ones gives
     * back the heap they grew (steady traffic never pays for a full collection).
     */
    static final long BUSY_PASS_EVENTS = 2_000;
    /** Above Spark's shutdown hooks in Hadoop's hook manager (Spark's run at 40). */
    private static final int SHUTDOWN_HOOK_PRIORITY = 50;
    /**
     * A published batch waits for a pass until at least this long after the last pass that modeled raw data ended
     * (unless {@link #COALESCE_BYTES} are waiting): when passes are cheap, a trickle's events are still queryable
     * within a minute of their acknowledgement.
     */
    static final Duration COALESCE_WINDOW = Duration.ofSeconds(40);
    /**
     * The longest coalescing window, whatever a pass costs: the longest an event of a trickle waits beyond its batch's
     * age and its pass.
     */
    static final Duration MAX_COALESCE_WINDOW = Duration.ofMinutes(2);
    /**
     * The share of one core that a trickle's passes may take: the window after a pass with data is its CPU time
     * (the whole process's, JIT and Spark's threads included) divided by this share, within
     * {@link #COALESCE_WINDOW} and {@link #MAX_COALESCE_WINDOW}.
     */
    static final double TRICKLE_CPU_SHARE = 0.015;
    /** Published raw bytes (gzip) from which a pass starts at once: about a hundred demo visits. */
    static final long COALESCE_BYTES = 256 << 10;

    private final LocalRuntimeSettings settings;
    private final MetadataStore store;
    private final PipelineRepository repository;
    private final StoreAppRegistry apps;
    private final AppRouting routing;
    private final Path lakeDir;
    private final LakeLayout lake;
    private final Clock clock;
    private final Map<String, LocalPipeline> running = new ConcurrentHashMap<>();
    private final ExecutorService steps = Executors.newSingleThreadExecutor(daemon("local-pipeline-steps"));
    private final ScheduledExecutorService timers =
            Executors.newSingleThreadScheduledExecutor(daemon("local-pipeline-timers"));
    private final ExecutorService etlThread = Executors.newSingleThreadExecutor(daemon("local-etl"));
    private final ExecutorService demoThread = Executors.newSingleThreadExecutor(daemon("demo-traffic"));
    /** Pipelines whose pass is asked for, in order; a pipeline is in it at most once. */
    private final LinkedHashSet<String> etlQueue = new LinkedHashSet<>();
    private final AtomicReference<EtlStatus> etlStatus =
            new AtomicReference<>(new EtlStatus(false, null, 0, 0, null));
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile String passOf;
    /** A busy pass ran since the heap was last given back (the ETL thread's only). */
    private boolean busySinceShrink;
    /** Per pipeline: raw bytes its ingestion published since its last pass started listing. */
    private final Map<String, java.util.concurrent.atomic.AtomicLong> waitingBytes = new ConcurrentHashMap<>();
    /** Per pipeline: {@link System#nanoTime()} when its last pass that modeled raw data ended (none: long ago). */
    private final Map<String, Long> lastDataPassEnded = new ConcurrentHashMap<>();
    /** Per pipeline: the coalescing window that its last pass with data set ({@link #coalesceWindow}). */
    private final Map<String, Duration> coalesceWindows = new ConcurrentHashMap<>();
    /** A pass asked for at the end of the window, per pipeline, while one is pending. */
    private final Map<String, java.util.concurrent.ScheduledFuture<?>> deferredPasses = new ConcurrentHashMap<>();
    /** Set once, at close or JVM shutdown: a running pass stops at its next stop point. */
    private final AtomicBoolean stopEtl = new AtomicBoolean();
    private final LocalSpark spark;
    private final Object shutdownHook;
    private LakeDiskUse diskUse;

    private LocalPipelineRuntime(LocalRuntimeSettings settings, MetadataStore store, Clock clock) {
        this.settings = settings;
        this.store = store;
        this.clock = clock;
        this.lakeDir = settings.lakeDir().toAbsolutePath();
        try {
            Files.createDirectories(lakeDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the lake directory " + lakeDir, e);
        }
        this.lake = new LakeLayout(lakeDir.toString());
        AppSetup.importAppsJson(settings.dataDir().resolve("apps.json"), store);
        this.repository = new PipelineRepository(store);
        this.apps = StoreAppRegistry.follow(store, StoreAppRegistry.DEFAULT_POLL, false);
        this.routing = new AppRouting(apps, repository);
        routing.refresh();
        this.spark = new LocalSpark(settings.sparkMaster());
        this.shutdownHook = registerShutdownHook();
        if (shutdownHook == null) {
            // Created while the JVM shuts down (a stop during the studio's start): it refuses all work.
            closed.set(true);
            stopEtl.set(true);
        }
    }

    /** Whether close() began or the JVM shuts down: no step, ingestion, pass or Spark session starts any more. */
    private boolean stopping() {
        return closed.get() || stopEtl.get() || Shutdown.inProgress();
    }

    /**
     * The runtime, with nothing running yet: give it to a {@link PipelineService} as the local runtime, then
     * {@link #open} it with that service. The apps come from {@code store}, which stays open after {@link #close()}.
     */
    public static LocalPipelineRuntime create(LocalRuntimeSettings settings, MetadataStore store, Clock clock) {
        JvmMemory.returnIdleHeap();
        return new LocalPipelineRuntime(settings, store, clock);
    }

    /**
     * Brings the pipelines up: creates the {@code default} pipeline on the first start (or makes it follow the
     * settings' port, ETL interval, GeoIP database and ingestion auth), resumes every running pipeline and step, and
     * starts the demo traffic when the settings ask for it.
     */
    public void open(PipelineService service) {
        if (stopping()) {
            log.info("Local runtime: the studio is stopping; no pipeline is started");
            return;
        }
        // The existing default pipeline is reconfigured before it is resumed; a new one is created after resuming the
        // others (its create step starts it: resuming it too would start it twice).
        boolean created = ensureDefaultPipeline(service, false);
        service.resume();
        if (!created) {
            ensureDefaultPipeline(service, true);
        }
        timers.scheduleWithFixedDelay(this::superviseQuietly, SUPERVISION_INTERVAL.toMillis(),
                SUPERVISION_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        if (settings.demo()) {
            demoThread.execute(this::runDemo);
        }
    }

    /** The definition of the {@code default} pipeline the settings describe. */
    PipelineDefinition defaultDefinition(PipelineDefinition current) {
        PipelineDefinition base = current != null ? current : new PipelineDefinition(DEFAULT_PIPELINE,
                "Serves every project without a pipeline of its own", null, null, null, null, null,
                null, null, null, null);
        IngestionDefinition in = base.ingestion();
        BearerAuth auth = settings.ingestionAuth();
        // Batches are published 5 s after their first request: the first part of the delay before an event is
        // queryable, which the studio's own pipeline keeps short.
        io.clickstream.pipeline.definition.SinkDefinition sink = current != null ? in.sink()
                : new io.clickstream.pipeline.definition.SinkDefinition(SinkType.LOCAL,
                new io.clickstream.pipeline.definition.SinkDefinition.Batch(null, 5), null, null);
        IngestionDefinition ingestion = new IngestionDefinition(settings.ingestionPort(), settings.ingestionHost(),
                in.path(), in.allowedOrigins(), in.trustedProxies(),
                auth == null ? null : new IngestionDefinition.Auth(auth.issuer().toString(), auth.audience()), sink,
                in.compute(), in.instanceType(), in.capacity(), in.domain(), in.globalAccelerator(),
                in.internetFacing());
        ProcessingDefinition p = base.processing();
        ProcessingDefinition processing = new ProcessingDefinition(rate(settings.etlInterval()), p.plugins(),
                p.botFilter(), p.anonymizeIp(), p.pii(),
                settings.geoipDatabase() == null ? null : settings.geoipDatabase().toAbsolutePath().toString(),
                p.rawRetentionDays(), p.sessionTimeoutMinutes());
        return base.withIngestion(ingestion).withProcessing(processing);
    }

    /**
     * Makes the default pipeline follow the settings, or creates it when {@code create} and there is none.
     *
     * @return whether it exists (before a create, or after it)
     */
    private boolean ensureDefaultPipeline(PipelineService service, boolean create) {
        Optional<Pipeline> existing = repository.list().stream().map(Versioned::value)
                .filter(p -> p.projectId() == null && p.status() != PipelineStatus.DELETED).findFirst();
        if (existing.isEmpty()) {
            if (create) {
                log.info("Local runtime: creating the pipeline '{}', which serves every project without a pipeline "
                        + "of its own", DEFAULT_PIPELINE);
                service.create(null, defaultDefinition(null), "the studio's first start");
                return true;
            }
            return false;
        }
        Pipeline p = existing.get();
        PipelineDefinition wanted = defaultDefinition(p.definition());
        if (!wanted.equals(p.definition())) {
            try {
                service.configure(p.id(), wanted, "the studio's configuration (clickstream.ingestion.*, "
                        + "clickstream.etl.*) changed");
            } catch (ActionRefusedException e) {
                log.warn("Local runtime: the pipeline '{}' keeps its settings for now: {}", p.name(), e.getMessage());
            }
        }
        return true;
    }

    /** An ETL interval as an EventBridge rate, at least a minute (the schedule's unit). */
    static String rate(Duration interval) {
        long minutes = Math.max(1, (interval.toSeconds() + 59) / 60);
        if (minutes % (24 * 60) == 0) {
            long days = minutes / (24 * 60);
            return "rate(" + days + (days == 1 ? " day)" : " days)");
        }
        if (minutes % 60 == 0) {
            long hours = minutes / 60;
            return "rate(" + hours + (hours == 1 ? " hour)" : " hours)");
        }
        return "rate(" + minutes + (minutes == 1 ? " minute)" : " minutes)");
    }

    @Override
    public void start(PipelineStep step, StepListener listener) {
        steps.execute(() -> {
            if (stopping()) {
                // The step stays in progress in the store: the next start resumes it.
                log.info("pipeline {}: the {} waits for the next start (the studio is stopping)",
                        step.pipeline().name(), step.action().word());
                return;
            }
            try {
                runStep(step, listener);
            } catch (Exception e) {
                log.error("pipeline {}: the {} failed", step.pipeline().name(), step.action().word(), e);
                listener.failed("the " + step.action().word() + " failed: " + e.getMessage());
            }
        });
    }

    @Override
    public void resume(Pipeline pipeline, StepListener listener) {
        steps.execute(() -> {
            if (stopping()) {
                return;
            }
            LocalPipeline p = new LocalPipeline(pipeline.id(), pipeline.definition(), listener,
                    pipeline.status() == PipelineStatus.WARNING);
            try {
                launch(p);
            } catch (Exception e) {
                // It stays registered: supervision tries again and reports it degraded meanwhile.
                p.notListening(cannotListen(pipeline.definition(), e));
            }
            p.reportHealth();
        });
    }

    private void runStep(PipelineStep step, StepListener listener) {
        Pipeline pipeline = step.pipeline();
        PipelineAction action = step.action();
        routing.refresh();
        switch (action) {
            case CREATE, UPDATE, UPGRADE, START -> {
                halt(pipeline.id());
                LocalPipeline p = new LocalPipeline(pipeline.id(), pipeline.definition(), listener, false);
                try {
                    launch(p);
                } catch (Exception e) {
                    halt(p.id);
                    listener.failed(cannotListen(pipeline.definition(), e));
                    return;
                }
                listener.succeeded("ingestion listens on port " + p.port() + ", the ETL runs "
                        + pipeline.definition().processing().schedule() + " and on each published batch",
                        outputs(p));
            }
            case STOP -> {
                halt(pipeline.id());
                listener.succeeded("ingestion and the ETL schedule stopped; events sent to port "
                        + pipeline.definition().ingestion().port() + " are refused until it is started", Map.of());
            }
            case DELETE -> {
                halt(pipeline.id());
                listener.succeeded("ingestion and the ETL schedule removed", Map.of());
                // Its project's apps fall back to the default pipeline, whose next pass models what is left.
                routing.refresh();
                running.values().stream().filter(p -> !p.id.equals(pipeline.id())).forEach(p -> requestPass(p.id));
            }
        }
    }

    /** Starts a pipeline's ingestion and schedule and registers it; throws when its ingestion cannot listen. */
    private void launch(LocalPipeline p) {
        // Its ingestion starts before it is registered: supervision restarts a registered pipeline's ingestion that
        // is not there, and took the port from under a start in progress (the start then failed on it).
        RuntimeException failure = null;
        try {
            p.listening(startIngestion(p));
        } catch (RuntimeException e) {
            failure = e;
        }
        running.put(p.id, p);
        scheduleNext(p);
        // Batches left by an earlier run of the pipeline (a restart's recovery) are modeled at once.
        requestPass(p.id);
        timers.execute(() -> p.tablesUpdated(tableFreshness(routing.appsOf(p.id))));
        if (failure != null) {
            throw failure;
        }
        log.info("Pipeline '{}': ingestion at http://{}:{}{}, ETL {}", p.name(), p.definition.ingestion().host(),
                p.port(), p.definition.ingestion().path(), p.definition.processing().schedule());
    }

    private static Map<String, String> outputs(LocalPipeline p) {
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("ingestionPort", Integer.toString(p.port()));
        outputs.put("ingestionPath", p.definition.ingestion().path());
        return outputs;
    }

    private static String cannotListen(PipelineDefinition d, Exception e) {
        if (e instanceof UnsupportedOperationException) {
            return e.getMessage();
        }
        Throwable cause = e;
        while (cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        return "ingestion cannot listen on " + d.ingestion().host() + ":" + d.ingestion().port() + ": "
                + cause.getMessage();
    }

    private IngestionServer startIngestion(LocalPipeline p) {
        IngestionDefinition in = p.definition.ingestion();
        if (in.sink().type() != SinkType.LOCAL) {
            throw new UnsupportedOperationException("the local runtime writes raw batches to its lake itself: the "
                    + in.sink().type().id() + " sink is not run locally, use the local sink");
        }
        BatchDestination lakeDestination = new LocalLakeDestination(lakeDir);
        IngestionSettings ingestion = IngestionSettings.defaults(lakeDir,
                        routing.registryOf(p.id, in.allowedOrigins()))
                .withHost(in.host())
                .withPort(in.port())
                .withPath(in.path())
                .withNodeId(nodeId(p.definition))
                .withTrustedProxies(in.trustedProxies())
                .withAuth(in.auth() == null ? null : BearerAuth.of(in.auth().issuer(), in.auth().audience()))
                .withRoll((long) in.sink().batch().maxSizeMiB() << 20,
                        Duration.ofSeconds(in.sink().batch().maxIntervalSeconds()))
                .withDestination(new BatchDestination() {
                    @Override
                    public void publish(Path batch, String appId, LocalDate date, int hour, String fileName)
                            throws IOException {
                        long size = Files.size(batch);
                        lakeDestination.publish(batch, appId, date, hour, fileName);
                        p.published(clock.instant());
                        batchPublished(p.id, size);
                    }

                    @Override
                    public String describe() {
                        return lakeDestination.describe();
                    }
                });
        return IngestionServer.start(ingestion);
    }

    /**
     * Raw file names carry the node id, and a node recovers its own in-progress files at start: the default
     * pipeline keeps the embedded ingestion's {@code local}, every other pipeline is {@code local-<name>}.
     */
    static String nodeId(PipelineDefinition d) {
        return d.name().equals(DEFAULT_PIPELINE) ? "local" : "local-" + d.name();
    }

    /** Stops a pipeline's ingestion (flushing it: every acknowledged event is published) and its schedule. */
    private void halt(String id) {
        LocalPipeline p = running.remove(id);
        if (p == null) {
            return;
        }
        p.close();
        synchronized (etlQueue) {
            etlQueue.remove(id);
        }
        synchronized (p) {
            if (p.nextRun != null) {
                p.nextRun.cancel(false);
            }
        }
        java.util.concurrent.ScheduledFuture<?> deferred = deferredPasses.remove(id);
        if (deferred != null) {
            deferred.cancel(false);
        }
        waitingBytes.remove(id);
        lastDataPassEnded.remove(id);
        coalesceWindows.remove(id);
        IngestionServer server = p.ingestion();
        if (server != null) {
            server.close();
        }
        // Its pass, if one runs, finishes (its commit is all or nothing); nothing of the pipeline runs after it.
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        while (id.equals(passOf) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        log.info("Pipeline '{}': ingestion and ETL schedule stopped", p.name());
    }

    private void scheduleNext(LocalPipeline p) {
        ScheduleExpression schedule = ScheduleExpression.parse(p.definition.processing().schedule());
        Instant now = clock.instant();
        Instant next = schedule.nextAfter(now);
        if (next == null || p.closed() || closed.get()) {
            return;
        }
        synchronized (p) {
            p.nextRun = timers.schedule(() -> {
                // Small batches waiting for their coalescing window get their pass at its end: the schedule's pass
                // would model them sooner, and a trickle would cost a pass per interval again.
                if (!deferredPasses.containsKey(p.id)) {
                    requestPass(p.id);
                }
                scheduleNext(p);
            }, Math.max(0, Duration.between(now, next).toMillis()), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * A pipeline's ingestion published a raw batch of {@code bytes}: its pass is asked for now, or at the end of the
     * coalescing window (see the class comment).
     */
    private void batchPublished(String id, long bytes) {
        long waiting = waitingBytes.computeIfAbsent(id, k -> new java.util.concurrent.atomic.AtomicLong())
                .addAndGet(bytes);
        // While its pass runs, the window starts when that pass ends (a batch it did not list waits as if it had).
        Long ended = lastDataPassEnded.get(id);
        long window = coalesceWindows.getOrDefault(id, COALESCE_WINDOW).toNanos();
        long wait = id.equals(passOf) ? window : ended == null ? 0 : window - (System.nanoTime() - ended);
        if (wait <= 0 || waiting >= COALESCE_BYTES) {
            requestPass(id);
            return;
        }
        deferredPasses.computeIfAbsent(id, k -> {
            try {
                return timers.schedule(() -> {
                    deferredPasses.remove(k);
                    requestPass(k);
                }, wait, TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return null; // Closing.
            }
        });
    }

    /** Asks for a pass of the pipeline: now, after the running pass, or right after its own running pass. */
    void requestPass(String id) {
        if (stopping()) {
            return;
        }
        boolean added;
        synchronized (etlQueue) {
            added = etlQueue.add(id);
        }
        if (added) {
            try {
                etlThread.execute(this::runNextPass);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // Closing.
            }
        }
    }

    private void runNextPass() {
        String id;
        synchronized (etlQueue) {
            if (etlQueue.isEmpty()) {
                return;
            }
            id = etlQueue.iterator().next();
            etlQueue.remove(id);
        }
        LocalPipeline p = running.get(id);
        if (p == null || stopping()) {
            return;
        }
        java.util.concurrent.ScheduledFuture<?> deferred = deferredPasses.remove(id);
        if (deferred != null) {
            // This pass takes what the deferred one waited for.
            deferred.cancel(false);
        }
        waitingBytes.remove(id);
        passOf = id;
        try {
            runPass(p);
        } finally {
            passOf = null;
        }
    }

    private void runPass(LocalPipeline p) {
        EtlConfig.AppScope scope = routing.etlScope(p.id);
        if (scope == null) {
            return; // it serves no app yet: nothing of the lake is its to model
        }
        int covered = p.passStarting();
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        long cpu0 = processCpuNanos();
        EtlStatus previous = etlStatus.get();
        etlStatus.set(new EtlStatus(true, previous.lastFinished(), previous.lastEvents(), previous.lastQuarantined(),
                previous.lastError()));
        EtlRun run = null;
        try {
            // A pass that finds nothing new lists only the lake's open hours and starts no Spark; a micro pass (the
            // trickle of a quiet site) is modeled on this thread without Spark either.
            java.util.concurrent.atomic.AtomicBoolean usedSpark = new java.util.concurrent.atomic.AtomicBoolean();
            EtlRunSummary summary = EtlJob.run(() -> {
                usedSpark.set(true);
                return spark.get();
            }, etlConfig(p).withApps(scope), stopEtl::get);
            if (summary.abandoned()) {
                log.info("ETL of pipeline '{}': run {} stopped before its commit point for shutdown; its raw batches "
                        + "are modeled at the next start", p.name(), summary.runId());
                etlStatus.set(new EtlStatus(false, previous.lastFinished(), 0, 0, null));
                covered = 0;
                return;
            }
            run = new EtlRun(started, Duration.ofNanos(System.nanoTime() - t0), summary.rawFilesRead(),
                    summary.eventsWritten(), summary.eventsQuarantined(), null);
            etlStatus.set(new EtlStatus(false, clock.instant(), summary.eventsWritten(),
                    summary.eventsQuarantined(), null));
            if (summary.rawFilesRead() > 0) {
                if (usedSpark.get()) {
                    spark.touched();
                } else if (spark.stopIfIdle()) {
                    // Spark's threads and caches are gone: give their memory back too.
                    JvmMemory.shrinkAfterLargeWork();
                }
                long cpu = cpu0 < 0 ? -1 : processCpuNanos() - cpu0;
                Duration window = windowAfter(summary.eventsWritten() + summary.duplicatesDropped(), cpu);
                coalesceWindows.put(p.id, window);
                lastDataPassEnded.put(p.id, System.nanoTime());
                log.info("ETL of pipeline '{}': {} ({} ms of CPU; small batches wait {} s after it)", p.name(), summary,
                        cpu / 1_000_000, window.toSeconds());
                // A pass models its pipeline's apps only, with that pipeline's processing settings.
                p.tablesUpdated(tableFreshness(routing.appsOf(p.id)));
                if (summary.eventsWritten() + summary.duplicatesDropped() >= BUSY_PASS_EVENTS) {
                    busySinceShrink = true;
                } else if (busySinceShrink) {
                    busySinceShrink = false;
                    JvmMemory.shrinkAfterLargeWork();
                }
            } else if (spark.stopIfIdle() || busySinceShrink) {
                busySinceShrink = false;
                JvmMemory.shrinkAfterLargeWork();
            }
        } catch (RuntimeException | Error e) {
            String message = String.valueOf(e.getMessage());
            if (stopEtl.get()) {
                // Shutdown came between two stop points, and Spark or the file system went first.
                log.info("ETL of pipeline '{}': run ended by shutdown ({}); its raw batches are modeled at the next "
                        + "start", p.name(), e.toString());
                covered = 0;
            } else {
                log.error("ETL of pipeline '{}' failed; it is retried at its next run", p.name(), e);
                run = new EtlRun(started, Duration.ofNanos(System.nanoTime() - t0), 0, 0, 0, message);
            }
            etlStatus.set(new EtlStatus(false, clock.instant(), 0, 0, message));
        } finally {
            p.passEnded(covered, run);
        }
    }

    /**
     * The coalescing window after a pass with data of {@code events} that cost {@code passCpuNanos}: none after a
     * busy pass ({@link #BUSY_PASS_EVENTS} and more: steady traffic or a burst, whose next batch is modeled at once,
     * pass after pass), else {@link #coalesceWindow}. A busy pass's CPU is mostly its events' (and, in this process,
     * the ingestion's that received them), not a trickle's fixed cost; waiting for its window held the last batch
     * of a burst (below {@link #COALESCE_BYTES}) for two minutes. A trickle after a burst costs one pass at once,
     * whose window is a trickle's again.
     */
    static Duration windowAfter(long events, long passCpuNanos) {
        return events >= BUSY_PASS_EVENTS ? Duration.ZERO : coalesceWindow(passCpuNanos);
    }

    /**
     * The coalescing window after a pass with data that cost {@code passCpuNanos} of the process's CPU (negative:
     * not known): that CPU divided by {@link #TRICKLE_CPU_SHARE}, within {@link #COALESCE_WINDOW} and
     * {@link #MAX_COALESCE_WINDOW}.
     */
    static Duration coalesceWindow(long passCpuNanos) {
        if (passCpuNanos < 0) {
            return COALESCE_WINDOW;
        }
        Duration fair = Duration.ofNanos(Math.round(passCpuNanos / TRICKLE_CPU_SHARE));
        return fair.compareTo(COALESCE_WINDOW) < 0 ? COALESCE_WINDOW
                : fair.compareTo(MAX_COALESCE_WINDOW) > 0 ? MAX_COALESCE_WINDOW : fair;
    }

    /** CPU time of the whole process so far, or -1 where the JVM does not tell. */
    private static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private EtlConfig etlConfig(LocalPipeline p) {
        ProcessingDefinition processing = p.definition.processing();
        List<String> args = new ArrayList<>();
        args.add("--lake=" + lake.root());
        args.add("--master=" + settings.sparkMaster());
        if (processing.geoipDatabase() != null) {
            args.add("--geoip-db=" + settings.dataDir().resolve(processing.geoipDatabase()).toAbsolutePath());
        }
        if (processing.anonymizeIp()) {
            args.add("--anonymize-ip");
        }
        if (!processing.botFilter()) {
            args.add("--no-bot-filter");
        }
        if (!processing.pii().hash().isEmpty()) {
            args.add("--pii-hash=" + String.join(",", processing.pii().hash()));
        }
        if (!processing.pii().drop().isEmpty()) {
            args.add("--pii-drop=" + String.join(",", processing.pii().drop()));
        }
        for (ProcessingDefinition.Plugin plugin : processing.plugins()) {
            args.add("--plugin=" + plugin.className());
            if (plugin.jar() != null) {
                args.add("--plugin-jar=" + settings.dataDir().resolve(plugin.jar()).toAbsolutePath());
            }
        }
        args.add("--session-timeout-minutes=" + processing.sessionTimeoutMinutes());
        // Every registered app's zone: the pass's scope (withApps) picks the apps it models.
        for (AppRecord app : apps.apps()) {
            if (!app.zone().getId().equals("UTC")) {
                args.add("--time-zone=" + app.appId() + "=" + app.timeZone());
            }
        }
        return EtlConfig.parse(args.toArray(String[]::new)).withHousekeeping(new EtlConfig.LakeHousekeeping(
                EtlConfig.LakeHousekeeping.DEFAULT.sealDelay(), settings.rawRetention(), settings.quarantineRetention()));
    }

    /**
     * When each modeled table (and the quarantine) last changed for these apps: the newest modification time of
     * their partition folders, which a commit's renames and a compaction touch. Lists two levels per app and table.
     */
    Map<String, Instant> tableFreshness(List<AppRecord> served) {
        Map<String, Instant> updated = new LinkedHashMap<>();
        List<String> tables = new ArrayList<>();
        ModeledTables.MODELED.forEach(t -> tables.add(t.tableName()));
        tables.add(ModeledTables.QUARANTINE.tableName());
        for (String table : tables) {
            Path root = table.equals(ModeledTables.QUARANTINE.tableName()) ? lakeDir.resolve(LakeLayout.QUARANTINE)
                    : lakeDir.resolve(LakeLayout.MODELED).resolve(table);
            Instant newest = null;
            for (AppRecord app : served) {
                Path appDir = root.resolve("app_id=" + app.appId());
                if (!Files.isDirectory(appDir)) {
                    continue;
                }
                try (Stream<Path> partitions = Files.list(appDir)) {
                    for (Path partition : (Iterable<Path>) partitions::iterator) {
                        Instant modified = Files.getLastModifiedTime(partition).toInstant();
                        newest = newest == null || modified.isAfter(newest) ? modified : newest;
                    }
                } catch (IOException e) {
                    // A partition replaced while listing: the next pass measures again.
                }
            }
            if (newest != null) {
                updated.put(table, newest);
            }
        }
        return updated;
    }

    private void superviseQuietly() {
        try {
            supervise();
        } catch (Exception e) {
            log.error("Local runtime: supervision failed; it runs again in {} s", SUPERVISION_INTERVAL.toSeconds(), e);
        }
    }

    /** Restarts an ingestion that stopped serving, and reports each pipeline's health when it changed. */
    void supervise() {
        routing.refresh();
        for (LocalPipeline p : running.values()) {
            IngestionServer server = p.ingestion();
            if (server == null || !server.healthy()) {
                if (server != null) {
                    log.warn("Pipeline '{}': ingestion on port {} stopped serving; restarting it", p.name(),
                            server.port());
                    p.notListening("ingestion on port " + server.port() + " stopped serving; it is being restarted");
                    p.reportHealth();
                    try {
                        server.close();
                    } catch (RuntimeException e) {
                        log.debug("closing the failed ingestion of '{}'", p.name(), e);
                    }
                }
                try {
                    if (!p.closed()) {
                        p.listening(startIngestion(p));
                        log.info("Pipeline '{}': ingestion listens again on port {}", p.name(), p.port());
                    }
                } catch (Exception e) {
                    p.notListening(cannotListen(p.definition, e) + " (tried again every "
                            + SUPERVISION_INTERVAL.toSeconds() + " s)");
                }
            }
            p.reportHealth();
        }
    }

    /** What a running pipeline measures now; empty when it does not run here. */
    public Optional<PipelineTelemetry> telemetry(String pipelineId) {
        LocalPipeline p = running.get(pipelineId);
        return p == null ? Optional.empty() : Optional.of(p.telemetry(
                routing.appsOf(pipelineId).stream().map(AppRecord::appId).toList()));
    }

    /** The ids of the pipelines running here. */
    public List<String> runningPipelines() {
        return List.copyOf(running.keySet());
    }

    /** The port a running pipeline's ingestion listens on, 0 when it does not. */
    public int ingestionPort(String pipelineId) {
        LocalPipeline p = running.get(pipelineId);
        return p == null ? 0 : p.port();
    }

    /** The last ETL pass of any pipeline (metadata scans follow it). */
    public EtlStatus etlStatus() {
        return etlStatus.get();
    }

    public LakeLayout lake() {
        return lake;
    }

    /** The apps of the store as ingestion last read them; {@code refresh()} applies a change at once. */
    public StoreAppRegistry apps() {
        return apps;
    }

    /** For tests: the running pipeline (its ingestion can be made to fail). */
    LocalPipeline pipeline(String id) {
        return running.get(id);
    }

    private void runDemo() {
        if (settings.ingestionAuth() != null) {
            log.warn("Demo: no demo traffic is sent, the collect endpoint requires bearer tokens of {}",
                    settings.ingestionAuth().issuer());
            return;
        }
        String appId = LocalRuntimeSettings.DEMO_APP_ID;
        boolean firstStart = apps.find(appId).isEmpty() && rawIsEmpty();
        try {
            if (AppSetup.registerDemoApp(store)) {
                apps.refresh();
            }
            String owner = routing.ownerOf(appId);
            int port = owner == null ? 0 : waitForPort(owner);
            if (port == 0) {
                log.warn("Demo: no running pipeline serves the app '{}'; no demo traffic is sent", appId);
                return;
            }
            URI endpoint = URI.create("http://127.0.0.1:" + port + "/collect");
            DemoTrafficSender sender = new DemoTrafficSender(endpoint, appId, 4);
            DemoTrafficModel model = DemoTrafficModel.lastDays(appId, settings.demoUsers(), 30, 42);
            if (firstStart) {
                log.info("Demo: sending 30 days of traffic of {} users to app '{}'", settings.demoUsers(), appId);
                DemoTrafficSender.Outcome outcome = sender.sendAll(model,
                        events -> log.info("Demo: {} events acknowledged", events));
                log.info("Demo: {} events in {} requests sent ({} failed); the ETL models them as soon as "
                        + "ingestion publishes their batches", outcome.events(), outcome.requests(),
                        outcome.failedRequests());
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

    /** The port of a pipeline once its ingestion listens (its create step may still run), 0 after a minute. */
    private int waitForPort(String pipelineId) throws InterruptedException {
        for (int i = 0; i < 600 && !closed.get(); i++) {
            int port = ingestionPort(pipelineId);
            if (port != 0) {
                return port;
            }
            Thread.sleep(100);
        }
        return 0;
    }

    /** True when ingestion has never published anything into the lake (a first start). */
    private boolean rawIsEmpty() {
        try (Stream<Path> appDirs = Files.list(lakeDir.resolve(LakeLayout.RAW))) {
            return appDirs.findAny().isEmpty();
        } catch (java.nio.file.NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Stops the demo, every pipeline (each ingestion flushed: every acknowledged event is published to the lake; a
     * running pass finishes), and Spark. Pipelines keep their state in the store: the next start resumes them.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        removeShutdownHook();
        stopEtl.set(true);
        demoThread.shutdownNow();
        timers.shutdownNow();
        steps.shutdown();
        try {
            steps.awaitTermination(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (String id : List.copyOf(running.keySet())) {
            halt(id);
        }
        etlThread.shutdown();
        try {
            etlThread.awaitTermination(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            demoThread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        apps.close();
        spark.stop();
    }

    /**
     * What the lake holds on disk, by area. Measured at most every {@link #DISK_USE_MAX_AGE} (it walks the whole
     * lake).
     */
    public synchronized LakeDiskUse lakeDiskUse() {
        if (diskUse == null || diskUse.measuredAt().plus(DISK_USE_MAX_AGE).isBefore(Instant.now())) {
            diskUse = LakeDiskUse.measure(lake.root(), new org.apache.hadoop.conf.Configuration());
        }
        return diskUse;
    }

    /**
     * On a JVM shutdown (Ctrl-C, SIGTERM), Spark's own shutdown hook stops the SparkContext, possibly in the middle
     * of a pass, which then fails loudly. This hook runs first (Hadoop's hook manager runs Spark's hooks at priority
     * 40 and higher priorities before) and lets the pass stop quietly.
     */
    private Object registerShutdownHook() {
        Runnable hook = () -> stopEtl.set(true);
        try {
            org.apache.hadoop.util.ShutdownHookManager.get().addShutdownHook(hook, SHUTDOWN_HOOK_PRIORITY,
                    STOP_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (IllegalStateException e) {
            return null; // The JVM is shutting down already.
        }
        return hook;
    }

    private void removeShutdownHook() {
        if (shutdownHook == null) {
            return;
        }
        try {
            org.apache.hadoop.util.ShutdownHookManager.get().removeShutdownHook((Runnable) shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook is running or has run.
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
