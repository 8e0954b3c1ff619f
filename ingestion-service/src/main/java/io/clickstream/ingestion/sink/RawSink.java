package io.clickstream.ingestion.sink;

import io.netty.util.concurrent.EventExecutor;

/**
 * Where accepted requests go: each is one raw envelope line, acknowledged through its callback only once the sink
 * holds it durably. A sink has a bounded buffer; when it is full or the sink is down, {@link #offer} refuses at
 * once so that the client gets a 503 and retries instead of waiting.
 */
public interface RawSink extends AutoCloseable {

    /**
     * Hands over one envelope line. The sink takes the array: the caller never touches it again, so no sink needs
     * to copy it.
     *
     * @param appId      the app, which chooses the partition
     * @param ingestTime epoch millis of acceptance, which chooses the date/hour partition
     * @param executor   the caller's event loop: the callback runs on it, and a sink may do its work there
     * @return false when the sink cannot take it now; the callback is then never called
     */
    boolean offer(String appId, long ingestTime, byte[] line, EventExecutor executor, SinkCallback callback);

    /** False while writes fail or the sink is closed. */
    boolean healthy();

    /** Bytes offered but not yet durable. */
    long queuedBytes();

    /** Requests offered but not yet durable. */
    int queuedRequests();

    /** Makes everything offered so far durable, acknowledges it, publishes open batches and stops. */
    @Override
    void close();
}
