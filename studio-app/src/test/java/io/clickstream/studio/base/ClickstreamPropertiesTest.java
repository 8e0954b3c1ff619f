package io.clickstream.studio.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class ClickstreamPropertiesTest {

    @Test
    void defaults_to_a_local_runtime_with_demo_data_under_data() {
        ClickstreamProperties properties = bind(Map.of());

        assertThat(properties.dataDir().toAbsolutePath().normalize()).isEqualTo(Path.of("data").toAbsolutePath());
        assertThat(properties.lakeDir()).isEqualTo(Path.of("data/lake").toAbsolutePath());
        assertThat(properties.runtime()).isEqualTo(ClickstreamProperties.Runtime.LOCAL);
        assertThat(properties.demo()).isTrue();
        assertThat(properties.ingestion().port()).isEqualTo(8081);
        assertThat(properties.etl().interval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(properties.ingestion().publicUrl()).isNull();
        assertThat(properties.ingestion().auth()).isNull();
        assertThat(properties.etl().geoipDb()).isNull();
    }

    @Test
    void binds_ingestion_authentication_and_the_geoip_database() {
        ClickstreamProperties properties = bind(Map.of(
                "clickstream.ingestion.auth-issuer", "https://login.example.com/realms/shop",
                "clickstream.ingestion.auth-audience", "collector",
                "clickstream.etl.geoip-db", "/srv/geo/GeoLite2-City.mmdb"));

        assertThat(properties.ingestion().auth().issuer()).hasToString("https://login.example.com/realms/shop");
        assertThat(properties.ingestion().auth().audience()).isEqualTo("collector");
        assertThat(properties.etl().geoipDb()).isEqualTo(Path.of("/srv/geo/GeoLite2-City.mmdb"));
    }

    @Test
    void an_auth_issuer_without_an_audience_is_a_clear_error() {
        assertThatThrownBy(() -> bind(Map.of("clickstream.ingestion.auth-issuer", "https://login.example.com")))
                .hasStackTraceContaining("clickstream.ingestion.auth-audience is required");
    }

    @Test
    void binds_command_line_style_keys() {
        ClickstreamProperties properties = bind(Map.of(
                "clickstream.data-dir", "/srv/clickstream",
                "clickstream.runtime", "none",
                "clickstream.demo", "false",
                "clickstream.ingestion.port", "9090",
                "clickstream.etl.interval", "5m",
                "clickstream.ingestion.public-url", "https://collect.example.com"));

        assertThat(properties.lakeLayout().root()).isEqualTo("/srv/clickstream/lake");
        assertThat(properties.runtime()).isEqualTo(ClickstreamProperties.Runtime.NONE);
        assertThat(properties.demo()).isFalse();
        assertThat(properties.ingestion().port()).isEqualTo(9090);
        assertThat(properties.etl().interval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(properties.ingestion().publicUrl()).hasToString("https://collect.example.com");
    }

    private static ClickstreamProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("clickstream", ClickstreamProperties.class);
    }
}
