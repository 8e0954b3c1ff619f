package io.clickstream.pipeline.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.metadata.MetadataStore;
import io.clickstream.metadata.Versioned;
import io.clickstream.metadata.apps.AppRecord;
import io.clickstream.metadata.apps.AppRepository;
import io.clickstream.metadata.projects.ProjectRecord;
import io.clickstream.metadata.projects.ProjectRepository;
import io.clickstream.metadata.sqlite.SqliteMetadataStore;
import io.clickstream.model.LakeCommitLock;
import io.clickstream.pipeline.definition.PipelineDefinition;
import io.clickstream.pipeline.definition.ProcessingDefinition;
import io.clickstream.pipeline.definition.RuntimeMode;
import io.clickstream.pipeline.lifecycle.Pipeline;
import io.clickstream.pipeline.lifecycle.PipelineRepository;
import io.clickstream.pipeline.lifecycle.PipelineService;
import io.clickstream.pipeline.lifecycle.PipelineStatus;
import io.clickstream.pipeline.lifecycle.StatusChange;
import io.clickstream.pipeline.validation.PipelineValidator;
import io.clickstream.pipeline.validation.PortProbe;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local runtime of pipelines through the pipeline service, as the studio drives it, with real ingestion servers
 * on real ports, the Spark ETL and DuckDB over the lake: the default pipeline of the first start, a project's own
 * pipeline that takes its apps over and gives them back when deleted, crash recovery, and resuming after a restart.
 */
class LocalPipelineRuntimeTest {

    static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0";
    static final String BOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

    @TempDir
    Path dataDir;
    MetadataStore store;
    LocalPipelineRuntime runtime;
    PipelineService service;

    @BeforeEach
    void start() {
        store = SqliteMetadataStore.open(dataDir.resolve("metadata.db"));
        new ProjectRepository(store).create(new ProjectRecord("shop", "Shop", "", true));
        new ProjectRepository(store).create(new ProjectRecord("blog", "Blog", "", true));
        new AppRepository(store).create(new AppRecord("shop-web", "shop", null, null, "Europe/Paris", true,
                List.of(), List.of()));
        new AppRepository(store).create(new AppRecord("blog-web", "blog", null, null, null, true, List.of(),
                List.of()));
        open();
    }

    void open() {
        LocalRuntimeSettings settings = new LocalRuntimeSettings(dataDir, "127.0.0.1", 0, Duration.ofHours(1),
                "local[2]", false, 0, null);
        runtime = LocalPipelineRuntime.create(settings, store, Clock.systemUTC());
        service = new PipelineService(new PipelineRepository(store), new PipelineValidator(),
                Map.of(RuntimeMode.LOCAL, runtime), dataDir, PortProbe.system(), "1.0.0", Clock.systemUTC());
        runtime.open(service);
    }

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
        store.close();
    }

    @Test
    void a_projects_pipeline_serves_its_apps_models_their_events_and_leaves_nothing_running_once_deleted()
            throws Exception {
        Pipeline defaultPipeline = awaitStatus(defaultId(), PipelineStatus.ACTIVE);
        assertThat(defaultPipeline.name()).isEqualTo("default");
        assertThat(defaultPipeline.definition().processing().schedule()).isEqualTo("rate(1 hour)");
        int defaultPort = runtime.ingestionPort(defaultPipeline.id());
        assertThat(post(defaultPort, "shop-web", "before")).isEqualTo(200);
        Set<String> threadsBefore = ingestionThreads();

        int edgePort = freePort();
        // The edge keeps bots' events (its bot filter is off); the default pipeline drops them.
        PipelineDefinition edgeDefinition = PipelineDefinition.local("edge", edgePort);
        edgeDefinition = edgeDefinition.withProcessing(new ProcessingDefinition(null, null, false, null, null, null,
                null, null));
        String edge = service.create("shop", edgeDefinition, "alice").value().id();
        Pipeline active = awaitStatus(edge, PipelineStatus.ACTIVE);
        assertThat(active.outputs()).containsEntry("ingestionPort", Integer.toString(edgePort))
                .containsEntry("ingestionPath", "/collect");

        // Each ingestion accepts exactly the apps of its pipeline.
        assertThat(post(edgePort, "shop-web", "e-1")).isEqualTo(200);
        assertThat(post(edgePort, "shop-web", "e-2")).isEqualTo(200);
        assertThat(post(edgePort, "blog-web", "b-1")).isEqualTo(403);
        assertThat(post(defaultPort, "shop-web", "refused")).isEqualTo(403);
        assertThat(post(defaultPort, "blog-web", "b-2")).isEqualTo(200);
        assertThat(post(edgePort, "shop-web", "e-bot", BOT)).isEqualTo(200);
        assertThat(post(defaultPort, "blog-web", "b-bot", BOT)).isEqualTo(200);
        assertThat(runtime.telemetry(edge).orElseThrow()).satisfies(t -> {
            assertThat(t.apps()).containsExactly("shop-web");
            assertThat(t.events()).isEqualTo(3);
            assertThat(t.requests()).isEqualTo(4);
            assertThat(t.rejections()).containsEntry("unknown_app", 1L);
        });

        // Its events are modeled by its own ETL pass (published after 10 s, then modeled at once).
        await(Duration.ofSeconds(300), () -> eventIds("shop-web").containsAll(List.of("e-1", "e-2")));
        await(Duration.ofSeconds(180), () -> eventIds("blog-web").contains("b-2"));
        // Each pipeline's passes model its own apps with its own settings: the edge's (bot filter off) modeled
        // shop-web, the event sent before the edge existed included; the default's (bot filter on) modeled blog-web.
        assertThat(eventIds("shop-web")).containsExactlyInAnyOrder("before", "e-1", "e-2", "e-bot");
        assertThat(eventIds("blog-web")).containsExactly("b-2");
        await(Duration.ofSeconds(120), () -> runtime.telemetry(edge).orElseThrow().pendingBatches() == 0);
        assertThat(runtime.telemetry(edge).orElseThrow().runs().stream().mapToLong(PipelineTelemetry.EtlRun::events)
                .sum()).as("events the edge's passes wrote").isEqualTo(4);
        assertThat(runtime.telemetry(defaultPipeline.id()).orElseThrow().runs().stream()
                .mapToLong(PipelineTelemetry.EtlRun::events).sum()).as("events the default's passes wrote")
                .isEqualTo(1);
        assertThat(runtime.telemetry(edge).orElseThrow().tableUpdated()).containsKeys("event", "session", "user");

        service.delete(edge, "alice");
        assertThat(awaitStatus(edge, PipelineStatus.DELETED).history()).extracting(StatusChange::to)
                .containsExactly(PipelineStatus.CREATING, PipelineStatus.ACTIVE, PipelineStatus.DELETING,
                        PipelineStatus.DELETED);
        assertThat(listening(edgePort)).as("the deleted pipeline's port").isFalse();
        assertThat(runtime.telemetry(edge)).isEmpty();
        // Netty starts the threads of a group lazily, so the default's groups may have grown; no new group is left.
        Set<String> groupsBefore = new HashSet<>();
        threadsBefore.forEach(name -> groupsBefore.add(name.substring(0, name.lastIndexOf('-') + 1)));
        assertThat(ingestionThreads()).as("ingestion threads")
                .allMatch(name -> threadsBefore.contains(name) || groupsBefore.contains(
                        name.substring(0, name.lastIndexOf('-') + 1)));
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .noneMatch(name -> name.contains("local-edge") && !threadsBefore.contains(name));
        assertThat(openFilesUnder(dataDir.resolve("lake/_ingest/local-edge"))).isEmpty();
        SparkSession.getActiveSession().foreach(spark -> {
            assertThat(spark.sparkContext().statusTracker().getActiveJobIds()).isEmpty();
            return null;
        });
        // The project's apps are back on the default pipeline.
        assertThat(post(defaultPort, "shop-web", "after")).isEqualTo(200);
    }

    @Test
    void an_ingestion_that_stops_serving_is_restarted_and_the_pipeline_is_warning_meanwhile() throws Exception {
        int port = freePort();
        String id = service.create("blog", PipelineDefinition.local("news", port), null).value().id();
        awaitStatus(id, PipelineStatus.ACTIVE);

        // A crash: the server goes away under the runtime.
        runtime.pipeline(id).ingestion().close();
        assertThat(listening(port)).isFalse();
        runtime.supervise();

        assertThat(listening(port)).as("restarted on its port").isTrue();
        assertThat(post(port, "blog-web", "x")).isEqualTo(200);
        Pipeline p = awaitStatus(id, PipelineStatus.ACTIVE);
        List<StatusChange> history = p.history();
        assertThat(history).extracting(StatusChange::to).containsExactly(PipelineStatus.CREATING,
                PipelineStatus.ACTIVE, PipelineStatus.WARNING, PipelineStatus.ACTIVE);
        assertThat(history.get(2).reason()).isEqualTo("ingestion on port " + port
                + " stopped serving; it is being restarted");
    }

    @Test
    void after_a_restart_running_pipelines_listen_again_and_a_stopped_one_stays_stopped() throws Exception {
        int newsPort = freePort();
        String news = service.create("blog", PipelineDefinition.local("news", newsPort), null).value().id();
        int shopPort = freePort();
        String shop = service.create("shop", PipelineDefinition.local("shop", shopPort), null).value().id();
        awaitStatus(news, PipelineStatus.ACTIVE);
        awaitStatus(shop, PipelineStatus.ACTIVE);
        service.stop(shop, "ops");
        awaitStatus(shop, PipelineStatus.STOPPED);
        assertThat(listening(shopPort)).isFalse();

        runtime.close();
        assertThat(listening(newsPort)).isFalse();
        open();

        await(Duration.ofSeconds(20), () -> listening(newsPort));
        assertThat(post(newsPort, "blog-web", "again")).isEqualTo(200);
        assertThat(listening(shopPort)).isFalse();
        assertThat(service.find(shop).orElseThrow().value().status()).isEqualTo(PipelineStatus.STOPPED);
        assertThat(new PipelineRepository(store).list()).extracting(v -> v.value().name())
                .containsExactlyInAnyOrder("default", "news", "shop");

        service.start(shop, "ops");
        awaitStatus(shop, PipelineStatus.ACTIVE);
        assertThat(post(shopPort, "shop-web", "started")).isEqualTo(200);
    }

    @Test
    void a_port_taken_by_another_program_fails_the_create_with_the_reason() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            // Validation probes ports too; this one is taken only after it, as a program starting meanwhile would.
            PipelineService unprobed = new PipelineService(new PipelineRepository(store), new PipelineValidator(),
                    Map.of(RuntimeMode.LOCAL, runtime), dataDir, (host, port) -> java.util.Optional.empty(), "1.0.0",
                    Clock.systemUTC());
            String id = unprobed.create("shop", PipelineDefinition.local("edge", taken.getLocalPort()), null)
                    .value().id();
            Pipeline failed = awaitStatus(id, PipelineStatus.FAILED);
            assertThat(failed.statusReason()).startsWith("ingestion cannot listen on 0.0.0.0:"
                    + taken.getLocalPort() + ": ");
        }
    }

    @Test
    void the_etl_interval_becomes_a_rate_of_whole_minutes() {
        assertThat(LocalPipelineRuntime.rate(Duration.ofSeconds(60))).isEqualTo("rate(1 minute)");
        assertThat(LocalPipelineRuntime.rate(Duration.ofSeconds(5))).isEqualTo("rate(1 minute)");
        assertThat(LocalPipelineRuntime.rate(Duration.ofSeconds(90))).isEqualTo("rate(2 minutes)");
        assertThat(LocalPipelineRuntime.rate(Duration.ofHours(1))).isEqualTo("rate(1 hour)");
        assertThat(LocalPipelineRuntime.rate(Duration.ofHours(6))).isEqualTo("rate(6 hours)");
        assertThat(LocalPipelineRuntime.rate(Duration.ofDays(1))).isEqualTo("rate(1 day)");
    }

    @Test
    void a_trickles_coalescing_window_keeps_its_passes_near_their_share_of_a_core() {
        // cheap passes: the shortest window, a trickle's events queryable within a minute
        assertThat(LocalPipelineRuntime.coalesceWindow(Duration.ofMillis(300).toNanos()))
                .isEqualTo(LocalPipelineRuntime.COALESCE_WINDOW);
        // a pass of 1.2 s of CPU every 80 s is 1.5 % of a core
        assertThat(LocalPipelineRuntime.coalesceWindow(Duration.ofMillis(1_200).toNanos()))
                .isEqualTo(Duration.ofSeconds(80));
        // a costly pass (a loaded machine, a young JVM) waits no longer than the longest window
        assertThat(LocalPipelineRuntime.coalesceWindow(Duration.ofSeconds(6).toNanos()))
                .isEqualTo(LocalPipelineRuntime.MAX_COALESCE_WINDOW);
        // a JVM that does not tell its CPU time keeps the shortest window
        assertThat(LocalPipelineRuntime.coalesceWindow(-1)).isEqualTo(LocalPipelineRuntime.COALESCE_WINDOW);
    }

    @Test
    void after_a_busy_pass_the_next_batch_is_modeled_at_once() {
        long costly = Duration.ofSeconds(4).toNanos();
        assertThat(LocalPipelineRuntime.windowAfter(LocalPipelineRuntime.BUSY_PASS_EVENTS, costly))
                .isEqualTo(Duration.ZERO);
        assertThat(LocalPipelineRuntime.windowAfter(50_000, costly)).isEqualTo(Duration.ZERO);
        // a trickle's pass keeps its window
        assertThat(LocalPipelineRuntime.windowAfter(LocalPipelineRuntime.BUSY_PASS_EVENTS - 1, costly))
                .isEqualTo(LocalPipelineRuntime.MAX_COALESCE_WINDOW);
        assertThat(LocalPipelineRuntime.windowAfter(12, Duration.ofMillis(1_200).toNanos()))
                .isEqualTo(Duration.ofSeconds(80));
    }

    private String defaultId() {
        return new PipelineRepository(store).list().stream().map(Versioned::value)
                .filter(p -> p.projectId() == null).findFirst().orElseThrow().id();
    }

    private Pipeline awaitStatus(String id, PipelineStatus status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Pipeline p = service.find(id).orElseThrow().value();
        while (p.status() != status && System.nanoTime() < deadline) {
            Thread.sleep(50);
            p = service.find(id).orElseThrow().value();
        }
        assertThat(p.status()).as("%s: %s", p.name(), p.statusReason()).isEqualTo(status);
        return p;
    }

    private static void await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s", timeout).isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    static int post(int port, String appId, String eventId) throws Exception {
        return post(port, appId, eventId, BROWSER);
    }

    static int post(int port, String appId, String eventId, String userAgent) throws Exception {
        String body = "[{\"event_type\":\"_page_view\",\"event_id\":\"" + eventId + "\",\"timestamp\":"
                + System.currentTimeMillis() + ",\"app_id\":\"" + appId + "\",\"unique_id\":\"u-1\"}]";
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/collect?appId=" + appId))
                        .header("Content-Type", "application/json; charset=utf-8")
                        .header("User-Agent", userAgent)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Names of the collector's threads (Netty loops, publishers, sync threads), numbered pools included. */
    static Set<String> ingestionThreads() {
        Set<String> names = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && (t.getName().startsWith("ingest-") || t.getName().startsWith("lake-"))) {
                names.add(t.getName());
            }
        }
        return names;
    }

    /** Files this process holds open under a directory (Linux: the links of /proc/self/fd). */
    static List<Path> openFilesUnder(Path dir) throws IOException {
        List<Path> open = new ArrayList<>();
        Path absolute = dir.toAbsolutePath().normalize();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    Path target = Files.readSymbolicLink(fd);
                    if (target.startsWith(absolute)) {
                        open.add(target);
                    }
                } catch (IOException e) {
                    // Closed while listing.
                }
            }
        }
        return open;
    }

    private Set<String> eventIds(String appId) {
        Set<String> ids = new HashSet<>();
        Path events = dataDir.resolve("lake/modeled/event/app_id=" + appId);
        if (!Files.isDirectory(events)) {
            return ids;
        }
        Lock lock = LakeCommitLock.of(dataDir.resolve("lake").toAbsolutePath().toString()).readLock();
        lock.lock();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             PreparedStatement q = duck.prepareStatement("SELECT event_id FROM read_parquet(?)")) {
            q.setString(1, events.toAbsolutePath() + "/**/*.parquet");
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        } catch (java.sql.SQLException e) {
            // No Parquet yet.
        } finally {
            lock.unlock();
        }
        return ids;
    }
}
