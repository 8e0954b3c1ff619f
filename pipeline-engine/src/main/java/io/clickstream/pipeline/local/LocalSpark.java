package io.clickstream.pipeline.local;

import io.clickstream.etl.EtlSession;
import java.time.Duration;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process Spark session of the local runtime, sized for a laptop that does other things: started when a pass
 * first has raw files to model, stopped again after {@link #IDLE_TIMEOUT} without one (its threads and caches go with
 * it), and tuned so that a micro-batch of a few events costs little beyond its own work.
 */
final class LocalSpark {

    private static final Logger log = LoggerFactory.getLogger(LocalSpark.class);
    /**
     * A session unused this long is stopped; the next pass with work for Spark starts one again (about 3 s). Micro
     * passes (a quiet site's trickle) run without Spark, so after a backfill or a burst the session would only idle:
     * its threads (scheduler, listener bus, cleaner, heartbeats) cost about 0.7 % of a core doing nothing.
     */
    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(1);

    private final String master;
    private SparkSession session;
    private long lastUsedNanos;

    LocalSpark(String master) {
        this.master = master;
    }

    /** The session, started if need be; refused once the JVM shuts down (Spark could not register its hooks). */
    synchronized SparkSession get() {
        if (session == null) {
            if (Shutdown.inProgress()) {
                throw new IllegalStateException("the JVM is shutting down: no Spark session is started");
            }
            long t0 = System.nanoTime();
            session = EtlSession.inProcess(master)
                    .appName("clickstream-local-etl")
                    .getOrCreate();
            log.info("Local ETL: Spark session started in {} ms", (System.nanoTime() - t0) / 1_000_000);
        }
        lastUsedNanos = System.nanoTime();
        return session;
    }

    /** Marks the session as used now (a pass that used it has just ended). */
    synchronized void touched() {
        if (session != null) {
            lastUsedNanos = System.nanoTime();
        }
    }

    /**
     * Stops the session if it has been idle for {@link #IDLE_TIMEOUT}; call between passes only.
     *
     * @return whether it stopped it
     */
    synchronized boolean stopIfIdle() {
        if (session != null && System.nanoTime() - lastUsedNanos >= IDLE_TIMEOUT.toNanos()) {
            stop();
            log.info("Local ETL: Spark session stopped after {} s without work for it", IDLE_TIMEOUT.toSeconds());
            return true;
        }
        return false;
    }

    synchronized boolean running() {
        return session != null;
    }

    synchronized void stop() {
        if (session != null) {
            session.stop();
            session = null;
        }
    }
}
