package io.clickstream.studio.explore.exec;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The handle of one running query: who may cancel it, and until when it may run. An executor registers how to
 * stop its work ({@link #onCancel}); {@link #cancel()} from any thread runs that (at most once) and makes the
 * query end with {@link QueryFailure.Reason#CANCELLED}.
 */
public final class QueryControl {

    private final Duration timeout;
    private final AtomicReference<Runnable> canceller = new AtomicReference<>();
    private volatile boolean cancelled;

    public QueryControl(Duration timeout) {
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Stops the query, now or as soon as it has started. */
    public void cancel() {
        cancelled = true;
        Runnable action = canceller.getAndSet(null);
        if (action != null) {
            action.run();
        }
    }

    /** Sets how to stop the running work; runs it at once when cancel came first. */
    public void onCancel(Runnable action) {
        canceller.set(action);
        if (cancelled) {
            Runnable pending = canceller.getAndSet(null);
            if (pending != null) {
                pending.run();
            }
        }
    }

    /** Ends the registration once the work is over, so a late cancel does not touch the next query. */
    public void done() {
        canceller.set(null);
    }

    /** Throws when the query was cancelled. */
    public void checkNotCancelled() {
        if (cancelled) {
            throw new QueryFailure(QueryFailure.Reason.CANCELLED, "the query was cancelled", null);
        }
    }
}
