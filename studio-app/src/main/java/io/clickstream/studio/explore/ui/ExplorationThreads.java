package io.clickstream.studio.explore.ui;

import jakarta.annotation.PreDestroy;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * The threads exploration queries of the views run on, so the UI thread never waits for the engine. As many as the
 * engine runs at once by default (DuckDB's connections); more queries wait in line.
 */
@Component
class ExplorationThreads {

    static final int THREADS = 4;

    private final ExecutorService pool;

    ExplorationThreads() {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, "exploration-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        pool = Executors.newFixedThreadPool(THREADS, factory);
    }

    ExecutorService pool() {
        return pool;
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }
}
