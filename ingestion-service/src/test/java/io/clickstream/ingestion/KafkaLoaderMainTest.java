package io.clickstream.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The standalone Kafka-to-lake loader's options, as the AWS deployment passes them. */
class KafkaLoaderMainTest {

    private static KafkaLoaderMain.LoaderSettings settings(String... args) {
        return KafkaLoaderMain.settings(KafkaLoaderMain.parse(args));
    }

    @Test
    void reads_the_options_the_aws_deployment_passes() {
        KafkaLoaderMain.LoaderSettings s = settings("--kafka=b-1.msk:9094,b-2.msk:9094", "--kafka-topic=raw",
                "--kafka-tls=true", "--group=shop-lake-loader", "--lake=s3://lake-bucket/prod",
                "--buffer=/tmp/ingest-buffer", "--roll-seconds=30", "--node=loader-1");
        assertThat(s).isEqualTo(new KafkaLoaderMain.LoaderSettings("b-1.msk:9094,b-2.msk:9094", "raw", true,
                "shop-lake-loader", Path.of("/tmp/ingest-buffer"), "s3://lake-bucket/prod", "loader-1",
                Duration.ofSeconds(30), 1));
    }

    @Test
    void defaults_to_plaintext_the_default_topic_and_a_local_lake() {
        KafkaLoaderMain.LoaderSettings s = settings("--kafka=localhost:9092");
        assertThat(s.tls()).isFalse();
        assertThat(s.topic()).isEqualTo("clickstream-raw");
        assertThat(s.bufferRoot()).isEqualTo(Path.of("./data/lake"));
    }

    @Test
    void refuses_a_missing_broker_a_bad_tls_flag_and_s3_options_without_an_s3_lake() {
        assertThatThrownBy(() -> settings("--lake=s3://b")).hasMessageContaining("--kafka=HOST:PORT");
        assertThatThrownBy(() -> settings("--kafka=h:1", "--kafka-tls=yes")).hasMessageContaining("true or false");
        assertThatThrownBy(() -> settings("--kafka=h:1", "--buffer=/tmp/x")).hasMessageContaining("need --lake=s3://");
        assertThatThrownBy(() -> KafkaLoaderMain.parse(new String[] {"--apps=a"})).hasMessageContaining("--apps");
        // The collector's own flag needs its Kafka too.
        assertThatThrownBy(() -> IngestionMain.settings(IngestionMain.parse(new String[] {"--kafka-tls=true",
                "--apps=a"}))).hasMessageContaining("need --kafka=host:port");
    }
}
