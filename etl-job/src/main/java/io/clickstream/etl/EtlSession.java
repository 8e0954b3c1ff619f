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

    /** Spark's metrics servlet sink, replaced by {@link HeadlessMetricsServlet} where it cannot start. */
    static final String METRICS_SERVLET = "spark.metrics.conf.*.sink.servlet.class";

    private EtlSession() {
    }

    /** A builder with {@link #REQUIRED_SETTINGS}; {@code master} may be null (spark-submit decides). */
    public static SparkSession.Builder builder(String master) {
        SparkSession.Builder b = SparkSession.builder().appName("clickstream-etl");
        REQUIRED_SETTINGS.forEach(b::config);
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
