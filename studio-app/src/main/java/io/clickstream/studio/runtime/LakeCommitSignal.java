package io.clickstream.studio.runtime;

import io.clickstream.pipeline.local.EtlStatus;
import io.clickstream.pipeline.local.LocalPipelineRuntime;
import io.clickstream.studio.explore.LakeCommits;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LakeCommits} from the local runtime's ETL status: its end time of the last run changes when a micro-batch
 * finishes, which a half-second check notices. Without a local runtime (an AWS or read-only studio) the signal simply
 * fires every {@code fallback}, so live views still refresh. Nothing is checked while nobody listens.
 */
final class LakeCommitSignal implements LakeCommits, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LakeCommitSignal.class);

    private final Set<Runnable> listeners = new CopyOnWriteArraySet<>();
    private final ScheduledExecutorService timer;
    private final Supplier<Instant> lastCommit;
    private volatile Instant seen;

    LakeCommitSignal(Supplier<Instant> lastCommit, Duration period) {
        this.lastCommit = lastCommit;
        this.seen = lastCommit.get();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "lake-commit-signal");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::check, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Follows the local runtime's ETL runs. */
    static LakeCommitSignal following(LocalPipelineRuntime runtime) {
        return new LakeCommitSignal(() -> {
            EtlStatus status = runtime.etlStatus();
            return status.lastError() == null ? status.lastFinished() : null;
        }, Duration.ofMillis(500));
    }

    /** Fires every {@code period} (no runtime to follow). */
    static LakeCommitSignal every(Duration period) {
        return new LakeCommitSignal(Instant::now, period);
    }

    @Override
    public Subscription subscribe(Runnable listener) {
        listeners.add(Objects.requireNonNull(listener));
        return () -> listeners.remove(listener);
    }

    private void check() {
        if (listeners.isEmpty()) {
            return;
        }
        Instant current = lastCommit.get();
        if (current == null || current.equals(seen)) {
            return;
        }
        seen = current;
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                log.warn("A lake-commit listener failed", e);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
