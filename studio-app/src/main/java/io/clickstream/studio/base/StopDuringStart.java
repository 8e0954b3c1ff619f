package io.clickstream.studio.base;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the JVM at once, quietly, when a stop (SIGTERM, Ctrl-C) comes while the studio is still starting. Spring would
 * close the context only once its start is over, and the start would go on meanwhile in a JVM that refuses new
 * shutdown hooks: the web push framework logs errors for its hook, and Spark and Hadoop cannot stop their threads.
 * Nothing is lost by ending at once: ingestion acknowledges an event only once it is on disk (and recovers its open
 * batch at the next start), an ETL pass commits all or nothing, and the metadata store's file is transactional.
 */
public final class StopDuringStart {

    private static final Logger log = LoggerFactory.getLogger(StopDuringStart.class);
    /** The exit status of a JVM ended by SIGTERM (128 + 15). */
    static final int EXIT_STATUS = 143;

    private final AtomicBoolean starting = new AtomicBoolean(true);

    private StopDuringStart() {
    }

    /** Installs the guard; call {@link #startEnded()} once the start is over, whether it succeeded or not. */
    public static StopDuringStart install() {
        StopDuringStart guard = new StopDuringStart();
        Runtime.getRuntime().addShutdownHook(new Thread(guard::onShutdown, "stop-during-start"));
        return guard;
    }

    /** From now on a stop is the application's ordinary, graceful one. */
    public void startEnded() {
        starting.set(false);
    }

    private void onShutdown() {
        if (starting.get()) {
            log.info("Stopped while starting: the start is abandoned (every acknowledged event is on disk and is "
                    + "modeled at the next start)");
            Runtime.getRuntime().halt(EXIT_STATUS);
        }
    }
}
