package io.clickstream.etl;

import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark settings the ETL needs in a plain JVM or inside a Spring Boot application: no web UI, no metrics
 * HTTP endpoint (see {@link HeadlessMetricsServlet}), java.time values for collected dates. Use {@link #builder}
 * wherever a session for {@link EtlJob#run} is created.
 */
public final class EtlSession {

    /** Settings applied by {@link #builder}; a caller building its own session must set at least these. */
    public static final Map<String, String> REQUIRED_SETTINGS = Map.of(
            "spark.ui.enabled", "false",
            "spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS",
            // Collected dates and timestamps as java.time values: the legacy java.sql conversion reflects into
            // sun.util.calendar, which Java 17 refuses without --add-opens (and `java -jar` has none).
            "spark.sql.datetime.java8API.enabled", "true");

    /**
     * Entries of Spark's cache of compiled generated code. Its default (100) is smaller than what one pass of this
     * job generates (about 130 classes: the same code is compiled once for the driver's and once for the executor's
     * class loader), so with the default every micro-batch compiled about a hundred classes again.
     */
    static final String CODEGEN_CACHE_ENTRIES = "1000";
    private static final String CODEGEN_CACHE_SETTING = "spark.sql.codegen.cache.maxEntries";

    /** Spark's metrics servlet sink, replaced by {@link HeadlessMetricsServlet} where it cannot start. */
    static final String METRICS_SERVLET = "spark.metrics.conf.*.sink.servlet.class";

    private EtlSession() {
    }

    /** A builder with {@link #REQUIRED_SETTINGS}; {@code master} may be null (spark-submit decides). */
    public static SparkSession.Builder builder(String master) {
        SparkSession.Builder b = SparkSession.builder().appName("clickstream-etl");
        REQUIRED_SETTINGS.forEach(b::config);
        b.config(CODEGEN_CACHE_SETTING, CODEGEN_CACHE_ENTRIES);
        // Spark's own metrics servlet needs the Servlet 5 API; beside Servlet 6 (a Spring Boot application, this
        // job's own java -jar class path) it cannot start, so the headless sink takes its place. On a Spark
        // cluster (Servlet 5) the default stays: executors start their metrics before the job's jar is theirs, so
        // they could not load a class of ours.
        if (!servlet5Present()) {
            b.config(METRICS_SERVLET, HeadlessMetricsServlet.class.getName());
        }
        if (master != null) {
            b.master(master);
        }
        return b;
    }

    /**
     * A builder for a session inside another application's JVM that runs micro-batches of a few to a few thousand
     * events (the studio's local runtime, the micro-pass benchmark): {@link #builder} plus settings that keep a
     * pass of a few events cheap. {@code master} is e.g. {@code local[2]}.
     */
    public static SparkSession.Builder inProcess(String master) {
        return builder(master)
                // In-process Spark needs no network: keep its driver off the machine's interfaces.
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.session.timeZone", "UTC")
                // Micro-batches hold a few hundred to a few thousand events: few shuffle partitions, and no
                // adaptive re-planning (each adaptive stage is a job of its own, which small passes pay for in
                // planning and scheduling while there is nothing to coalesce).
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.sql.adaptive.enabled", "false")
                // The status store keeps jobs, stages and SQL executions for a UI that is off: keep few.
                .config("spark.ui.retainedJobs", "20")
                .config("spark.ui.retainedStages", "20")
                .config("spark.ui.retainedTasks", "200")
                .config("spark.sql.ui.retainedExecutions", "10")
                .config("spark.ui.dagGraph.retainedRootRDDs", "20")
                // In one JVM the executor's heartbeat to its own driver is a timer for nothing: rarely.
                .config("spark.executor.heartbeatInterval", "60s")
                // A pass reads explicit lists of Parquet files (a user table of a month holds more than 32);
                // above this threshold Spark lists their statuses with a Spark job of one task per file, where
                // the driver lists a few hundred local files in milliseconds.
                .config("spark.sql.sources.parallelPartitionDiscovery.threshold", "100000");
    }

    /**
     * Makes Spark size its compiled-code cache from {@code spark}'s settings. Spark builds that cache once per JVM,
     * when the first code is compiled, with the settings of the session active in the compiling thread; the first
     * compile of a pass usually happens in an executor task, which sees no session and takes the default. Sizing
     * it here, on the driver with {@code spark} active, makes {@link #CODEGEN_CACHE_ENTRIES} hold. Cheap after the
     * first call.
     */
    static void sizeCodegenCache(SparkSession spark) {
        scala.Option<SparkSession> previous = SparkSession.getActiveSession();
        SparkSession.setActiveSession(spark);
        try {
            // Any member of the code generator initializes it, and its cache with it.
            org.apache.spark.sql.catalyst.expressions.codegen.CodeGenerator.MUTABLESTATEARRAY_SIZE_LIMIT();
        } finally {
            if (previous.isDefined()) {
                SparkSession.setActiveSession(previous.get());
            } else {
                SparkSession.clearActiveSession();
            }
        }
    }

    /** Whether the Servlet API on the class path is 5 (Spark's), which still has {@code SingleThreadModel}. */
    static boolean servlet5Present() {
        try {
            Class.forName("jakarta.servlet.SingleThreadModel", false, EtlSession.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
