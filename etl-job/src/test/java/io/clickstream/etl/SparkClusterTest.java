package io.clickstream.etl;

import static io.clickstream.etl.RawLake.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import io.clickstream.model.ModeledTables;
import io.clickstream.model.RawEnvelope;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The thin jar on a real Spark standalone cluster: a master and two workers (separate JVMs on loopback, from a
 * SPARK_HOME whose {@code jars/} the build copies from Maven Central), the job submitted with Spark's own
 * {@code SparkSubmit}, executors on both workers. Over a local lake and over an S3-compatible one (S3Mock in this
 * JVM), the tables equal those of the same raw batches modeled in-process.
 */
class SparkClusterTest {

    static final long T0 = Instant.parse("2024-05-04T10:00:00Z").toEpochMilli();
    static final String BUCKET = "cluster-lake";
    static final Duration SUBMIT_TIMEOUT = Duration.ofMinutes(4);

    static {
        // Spark (when an earlier test class started it in this JVM) already installed the JVM's one URL stream
        // handler factory; S3Mock's embedded Tomcat must not try to install its own.
        org.apache.catalina.webresources.TomcatURLStreamHandlerFactory.disable();
    }

    @RegisterExtension
    static final S3MockExtension S3_MOCK = S3MockExtension.builder().silent().withSecureConnection(false)
            .withInitialBuckets(BUCKET).build();

    @TempDir
    static Path tmp;

    static Path sparkHome;
    static String masterUrl;
    static final List<Process> daemons = new ArrayList<>();
    static final List<Path> workerDirs = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        sparkHome = Path.of("target", "spark-home").toAbsolutePath();
        assertThat(sparkHome.resolve("jars")).as("laid out by the build (process-test-resources)").isDirectory();
        assertThat(Path.of("target", "etl-job-thin.jar")).as("built by the build (process-classes)").isRegularFile();
        // What a distribution has beside jars/: the launcher takes jars/ when RELEASE is there.
        Files.writeString(sparkHome.resolve("RELEASE"), "Spark 4.0.4 (jars from Maven Central, laid out by the build)\n");
        Files.createDirectories(sparkHome.resolve("conf"));
        Files.writeString(sparkHome.resolve("conf/log4j2.properties"), """
                rootLogger.level = warn
                rootLogger.appenderRef.stderr.ref = console
                appender.console.type = Console
                appender.console.name = console
                appender.console.target = SYSTEM_ERR
                appender.console.layout.type = PatternLayout
                appender.console.layout.pattern = %d{HH:mm:ss.SSS} %p %c{1}: %m%n
                logger.master.name = org.apache.spark.deploy.master.Master
                logger.master.level = info
                """);

        Runtime.getRuntime().addShutdownHook(new Thread(() -> daemons.forEach(SparkClusterTest::killWithExecutors)));
        int port = freePort();
        masterUrl = "spark://127.0.0.1:" + port;
        Path masterLog = tmp.resolve("master.log");
        daemons.add(daemon(masterLog, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                String.valueOf(port), "--webui-port", String.valueOf(freePort())));
        awaitPort(port);
        for (int w = 0; w < 2; w++) {
            Path dir = Files.createDirectories(tmp.resolve("worker-" + w));
            workerDirs.add(dir);
            daemons.add(daemon(tmp.resolve("worker-" + w + ".log"), "org.apache.spark.deploy.worker.Worker",
                    "--host", "127.0.0.1", "--cores", "1", "--memory", "640m", "--work-dir", dir.toString(),
                    "--webui-port", String.valueOf(freePort()), masterUrl));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (countLines(masterLog, "Registering worker") < 2) {
            assertThat(System.nanoTime()).as("two workers registered (see %s)", masterLog).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        for (Process p : daemons) {
            p.destroy();
        }
        for (Process p : daemons) {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                killWithExecutors(p);
            }
        }
        FileSystem.closeAll();
    }

    /** A worker's executors are its child processes: they go too, also when the test JVM is ended abruptly. */
    private static void killWithExecutors(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    @Test
    void spark_submit_on_a_standalone_cluster_models_a_local_lake_like_the_in_process_run() throws Exception {
        Path clusterLake = tmp.resolve("cluster-lake");
        Path localLake = tmp.resolve("in-process-lake");
        writeRaw(new RawLake(clusterLake));
        writeRaw(new RawLake(localLake));

        submit("local", "--lake=" + clusterLake);
        EtlRunSummary inProcess = EtlJob.run(TestSpark.session(), EtlConfig.forLake(localLake.toString()));

        assertThat(inProcess.eventsWritten()).isEqualTo(FILES * LINES * EVENTS - 1);
        for (ModeledTables.Table t : tables()) {
            assertThat(rows(clusterLake.resolve(tableDir(t)).toString())).as(t.tableName())
                    .isNotEmpty()
                    .isEqualTo(rows(localLake.resolve(tableDir(t)).toString()));
        }
        assertThat(executorsByWorker()).as("an executor on each worker").allMatch(n -> n >= 1);
    }

    @Test
    void spark_submit_on_a_standalone_cluster_models_an_s3_lake_like_the_in_process_run() throws Exception {
        String s3Lake = "s3a://" + BUCKET + "/lake";
        Path localLake = tmp.resolve("in-process-s3-reference");
        Path staging = tmp.resolve("s3-upload");
        writeRaw(new RawLake(staging));
        writeRaw(new RawLake(localLake));
        Configuration s3 = new Configuration();
        s3aSettings().forEach(s3::set);
        FileSystem fs = FileSystem.get(URI.create(s3Lake), s3);
        try (Stream<Path> files = Files.walk(staging)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path(s3Lake + "/" + staging.relativize(f)))) {
                    out.write(Files.readAllBytes(f));
                }
            }
        }

        List<String> args = new ArrayList<>();
        s3aSettings().forEach((k, v) -> {
            args.add("--conf");
            args.add("spark.hadoop." + k + "=" + v);
        });
        args.add("--lake=" + s3Lake);
        submit("s3", args.toArray(String[]::new));
        EtlJob.run(TestSpark.session(), EtlConfig.forLake(localLake.toString()));

        SparkSession spark = TestSpark.session();
        s3aSettings().forEach(spark.sparkContext().hadoopConfiguration()::set);
        for (ModeledTables.Table t : tables()) {
            assertThat(rows(s3Lake + "/" + tableDir(t))).as(t.tableName()).isNotEmpty()
                    .isEqualTo(rows(localLake.resolve(tableDir(t)).toString()));
        }
    }

    /** Runs SparkSubmit (client mode) against the cluster and waits for it to succeed. */
    private static void submit(String name, String... jobArgs) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx768m", "-cp", classPath(),
                "org.apache.spark.deploy.SparkSubmit", "--master", masterUrl, "--deploy-mode", "client",
                "--class", EtlJob.class.getName(),
                "--conf", "spark.executor.memory=512m", "--conf", "spark.executor.cores=1",
                "--conf", "spark.cores.max=2", "--conf", "spark.driver.host=127.0.0.1",
                "--conf", "spark.driver.bindAddress=127.0.0.1", "--conf", "spark.ui.enabled=false",
                "--conf", "spark.sql.shuffle.partitions=2"));
        List<String> jobOptions = new ArrayList<>();
        for (int i = 0; i < jobArgs.length; i++) {
            // --conf pairs go to spark-submit, the rest to the job
            if (jobArgs[i].equals("--conf")) {
                cmd.add(jobArgs[i]);
                cmd.add(jobArgs[++i]);
            } else {
                jobOptions.add(jobArgs[i]);
            }
        }
        cmd.add(Path.of("target", "etl-job-thin.jar").toAbsolutePath().toString());
        cmd.addAll(jobOptions);
        Path log = tmp.resolve("submit-" + name + ".log");
        Process p = process(cmd, log);
        boolean done = p.waitFor(SUBMIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(done && p.exitValue() == 0).as("spark-submit succeeded; its output:%n%s", Files.readString(log))
                .isTrue();
        assertThat(Files.readString(log)).contains("events written");
    }

    static final int FILES = 4, LINES = 12, EVENTS = 5;

    /** Two days of raw batches: shared users and sessions, items, plain-HTTP events, one bad event. */
    private static void writeRaw(RawLake raw) {
        for (int f = 0; f < FILES; f++) {
            List<RawEnvelope> lines = new ArrayList<>();
            for (int l = 0; l < LINES; l++) {
                StringBuilder batch = new StringBuilder("[");
                for (int e = 0; e < EVENTS; e++) {
                    long ts = T0 + f * 43_200_000L + l * 60_000L + e * 1_000L;
                    String user = "u" + (l % 5);
                    String id = "f" + f + "l" + l + "e" + e;
                    String event = l % 4 == 3
                            ? RawLake.plainEvent("shop", id, "purchase", ts, user,
                                    "\"items\":[{\"id\":\"sku-" + e + "\",\"name\":\"Item " + e + "\",\"price\":9.5}]")
                            : RawLake.event("shop", id, e == 0 ? "_page_view" : "click", ts, user);
                    if (f == 1 && l == 0 && e == 0) {
                        event = "{\"event_type\":\"x\",\"event_id\":\"bad\",\"app_id\":\"shop\"}";
                    }
                    batch.append(e == 0 ? "" : ",").append(event);
                }
                long ingest = T0 + f * 43_200_000L + l * 60_000L + 20_000;
                lines.add(envelope("r" + f + "-" + l, "shop", ingest, ingest, batch + "]"));
            }
            raw.write("shop", T0 + f * 43_200_000L + 3_600_000L, lines);
        }
    }

    private static List<ModeledTables.Table> tables() {
        List<ModeledTables.Table> t = new ArrayList<>(ModeledTables.MODELED);
        t.add(ModeledTables.QUARANTINE);
        return t;
    }

    private static String tableDir(ModeledTables.Table t) {
        return t == ModeledTables.QUARANTINE ? "quarantine" : "modeled/" + t.tableName();
    }

    private static List<String> rows(String table) {
        List<String> out = new ArrayList<>();
        for (Row r : TestSpark.session().read().parquet(table).collectAsList()) {
            out.add(r.toString());
        }
        out.sort(null);
        return out;
    }

    /** Executors each worker ran for applications: {@code <work-dir>/app-*}/<executor>/}. */
    private static List<Long> executorsByWorker() throws IOException {
        List<Long> counts = new ArrayList<>();
        for (Path dir : workerDirs) {
            try (Stream<Path> apps = Files.list(dir)) {
                long n = 0;
                for (Path app : apps.filter(Files::isDirectory).toList()) {
                    try (Stream<Path> executors = Files.list(app)) {
                        n += executors.filter(Files::isDirectory).count();
                    }
                }
                counts.add(n);
            }
        }
        return counts;
    }

    static Map<String, String> s3aSettings() {
        return Map.of(
                "fs.s3a.endpoint", S3_MOCK.getServiceEndpoint(),
                "fs.s3a.endpoint.region", "us-east-1",
                "fs.s3a.path.style.access", "true",
                "fs.s3a.connection.ssl.enabled", "false",
                "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider",
                "fs.s3a.access.key", "test",
                "fs.s3a.secret.key", "test");
    }

    private static Process daemon(Path log, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx256m", "-cp", classPath(), mainClass));
        cmd.addAll(List.of(args));
        return process(cmd, log);
    }

    private static Process process(List<String> cmd, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().put("SPARK_CONF_DIR", sparkHome.resolve("conf").toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return pb.start();
    }

    /** As Spark's launcher builds it: the conf folder, then every jar. */
    private static String classPath() {
        return sparkHome.resolve("conf") + java.io.File.pathSeparator + sparkHome.resolve("jars") + "/*";
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void awaitPort(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the Spark master did not open port " + port);
    }

    private static long countLines(Path log, String text) throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        return Files.readAllLines(log).stream().filter(l -> l.contains(text)).count();
    }
}
