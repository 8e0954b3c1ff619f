package io.clickstream.studio.explore;

/**
 * Port: tells listeners that new modeled data was committed to the lake (an ETL micro-batch finished), so that live
 * views (Realtime) query again within moments instead of polling the lake. Listeners run on the signal's own thread
 * and must return quickly.
 */
public interface LakeCommits {

    /** Calls {@code listener} after each commit until the returned handle is closed. */
    Subscription subscribe(Runnable listener);

    /** Ends a subscription. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
