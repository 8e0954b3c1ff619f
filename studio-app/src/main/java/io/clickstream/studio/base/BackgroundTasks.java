package io.clickstream.studio.base;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Where views run their queries, off the thread that serves the browser: a small pool (as many threads as the query
 * engine runs queries at once would be pointless to exceed), whose tasks run as the user who asked, so the services'
 * role checks hold there too. Views come back to the UI with {@code ui.access} (server push).
 */
public class BackgroundTasks implements AutoCloseable {

    private final ExecutorService executor;

    public BackgroundTasks(int threads) {
        AtomicInteger count = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread thread = new Thread(r, "studio-view-query-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** A pool that runs each task at once on the caller's thread (for tests that need no concurrency). */
    protected BackgroundTasks() {
        this.executor = null;
    }

    /** Runs {@code task} as the current user; the future can cancel it before it starts. */
    public Future<?> submit(Runnable task) {
        SecurityContext caller = SecurityContextHolder.getContext();
        Runnable asCaller = () -> {
            SecurityContext previous = SecurityContextHolder.getContext();
            SecurityContextHolder.setContext(caller);
            try {
                task.run();
            } finally {
                SecurityContextHolder.setContext(previous);
            }
        };
        if (executor == null) {
            task.run();
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        return executor.submit(asCaller);
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
