package io.clickstream.ingestion.sink;

/** Told once whether a request offered to a {@link RawSink} became durable. */
@FunctionalInterface
public interface SinkCallback {

    /** @param failure null when the request is durable, else why it is not (the client gets 503 and retries) */
    void completed(Throwable failure);
}
