package io.clickstream.ingestion.sink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The producer's connection settings: TLS when asked (Amazon MSK's TLS listener), plaintext otherwise. */
class KafkaClientConfigTest {

    @Test
    void tls_sets_the_ssl_security_protocol_and_keeps_the_durability_settings() {
        var config = KafkaSink.producerConfig("b-1.msk:9094", 1 << 20, true);
        assertThat(config.getProperty("security.protocol")).isEqualTo("SSL");
        assertThat(config.getProperty("acks")).isEqualTo("all");
        assertThat(config.getProperty("enable.idempotence")).isEqualTo("true");
    }

    @Test
    void plaintext_leaves_the_security_protocol_to_kafkas_default() {
        assertThat(KafkaSink.producerConfig("localhost:9092", 1 << 20, false).getProperty("security.protocol")).isNull();
    }
}
