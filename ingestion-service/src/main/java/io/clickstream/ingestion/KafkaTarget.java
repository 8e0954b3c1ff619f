package io.clickstream.ingestion;

import java.util.Objects;

/**
 * A Kafka or MSK topic as the collector's sink, instead of the lake: requests are acknowledged once the brokers
 * hold them, and {@link io.clickstream.ingestion.sink.KafkaLakeLoader} turns the topic into raw batches.
 *
 * @param bootstrapServers {@code host:port[,host:port...]}
 * @param topic            the topic of raw envelopes, keyed by app id
 * @param tls              connect over TLS (Amazon MSK's TLS listener, the brokers' certificates checked against the
 *                         JVM's trust store)
 */
public record KafkaTarget(String bootstrapServers, String topic, boolean tls) {

    public KafkaTarget {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topic, "topic");
    }

    /** A plaintext connection. */
    public KafkaTarget(String bootstrapServers, String topic) {
        this(bootstrapServers, topic, false);
    }
}
