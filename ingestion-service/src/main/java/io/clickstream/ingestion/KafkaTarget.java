package io.clickstream.ingestion;

import java.util.Objects;

/**
 * A Kafka or MSK topic as the collector's sink, instead of the lake: requests are acknowledged once the brokers
 * hold them, and {@link io.clickstream.ingestion.sink.KafkaLakeLoader} turns the topic into raw batches.
 *
 * @param bootstrapServers {@code host:port[,host:port...]}
 * @param topic            the topic of raw envelopes, keyed by app id
 */
public record KafkaTarget(String bootstrapServers, String topic) {

    public KafkaTarget {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topic, "topic");
    }
}
