package io.clickstream.ingestion;

import java.util.Objects;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * A Kinesis data stream as the collector's sink, instead of the lake.
 *
 * @param client      the SDK client (region, credentials, endpoint are the caller's choice)
 * @param stream      the stream name
 * @param maxAttempts how often one record is tried before its request is answered 503
 */
public record KinesisTarget(KinesisClient client, String stream, int maxAttempts) {

    public KinesisTarget {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(stream, "stream");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }
}
