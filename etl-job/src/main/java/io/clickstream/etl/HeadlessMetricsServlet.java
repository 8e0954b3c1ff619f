package io.clickstream.etl;

import com.codahale.metrics.MetricRegistry;
import java.util.Properties;
import org.apache.spark.SparkConf;
import org.apache.spark.metrics.sink.MetricsServlet;
import org.sparkproject.jetty.servlet.ServletContextHandler;

/**
 * Spark's default metrics sink without its HTTP endpoint. Spark builds that endpoint with Jetty 11 even when the UI
 * is off, and Jetty 11 needs the Servlet 5 API ({@code SingleThreadModel}), which Spring Boot 3's Servlet 6 API
 * (also on this module's classpath through the parent's BOM) no longer has. Metrics stay available to other sinks.
 */
public final class HeadlessMetricsServlet extends MetricsServlet {

    public HeadlessMetricsServlet(Properties property, MetricRegistry registry) {
        super(property, registry);
    }

    @Override
    public ServletContextHandler[] getHandlers(SparkConf conf) {
        return new ServletContextHandler[0];
    }
}
