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
            "spark.metrics.conf.*.sink.servlet.class", HeadlessMetricsServlet.class.getName(),
            "spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS",
            // Collected dates and timestamps as java.time values: the legacy java.sql conversion reflects into
            // sun.util.calendar, which Java 17 refuses without --add-opens (and `java -jar` has none).
            "spark.sql.datetime.java8API.enabled", "true");

    private EtlSession() {
    }

    /** A builder with {@link #REQUIRED_SETTINGS}; {@code master} may be null (spark-submit decides). */
    public static SparkSession.Builder builder(String master) {
        SparkSession.Builder b = SparkSession.builder().appName("clickstream-etl");
        REQUIRED_SETTINGS.forEach(b::config);
        if (master != null) {
            b.master(master);
        }
        return b;
    }
}
