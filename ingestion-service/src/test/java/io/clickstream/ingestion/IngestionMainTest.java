package io.clickstream.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class IngestionMainTest {

    @Test
    void builds_settings_from_command_line_options() {
        IngestionSettings settings = IngestionMain.settings(IngestionMain.parse(new String[] {
            "--port=9123", "--lake=/tmp/lake-x", "--apps=shop,blog", "--allowed-origins=https://a.example",
            "--roll-seconds=3", "--trusted-proxies=10.0.0.0/8", "--gzip-level=0", "--node=edge-1"}));

        assertThat(settings.port()).isEqualTo(9123);
        assertThat(settings.lakeRoot()).isEqualTo(Path.of("/tmp/lake-x"));
        assertThat(settings.rollAge()).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.trustedProxies()).isEqualTo(List.of("10.0.0.0/8"));
        assertThat(settings.gzipLevel()).isZero();
        assertThat(settings.nodeId()).isEqualTo("edge-1");
        assertThat(settings.apps().find("blog")).hasValueSatisfying(app -> {
            assertThat(app.enabled()).isTrue();
            assertThat(app.allowsOrigin("https://a.example")).isTrue();
            assertThat(app.allowsOrigin("https://b.example")).isFalse();
        });
        assertThat(settings.apps().find("other")).isEmpty();
    }

    @Test
    void refuses_unknown_options_and_missing_apps_with_a_clear_message() {
        assertThatThrownBy(() -> IngestionMain.parse(new String[] {"--prot=1"}))
                .hasMessage("unknown option --prot");
        assertThatThrownBy(() -> IngestionMain.settings(IngestionMain.parse(new String[] {"--port=1"})))
                .hasMessageContaining("--apps");
        assertThatThrownBy(() -> IngestionMain.settings(IngestionMain.parse(new String[] {"--apps=a", "--port=x"})))
                .hasMessageContaining("--port must be a number");
        assertThatThrownBy(() -> IngestionMain.settings(IngestionMain.parse(
                new String[] {"--apps=a", "--trusted-proxies=nonsense"})))
                .hasMessageContaining("nonsense");
    }

    @Test
    void bearer_auth_options_need_an_issuer_url_and_an_audience() {
        IngestionSettings settings = IngestionMain.settings(IngestionMain.parse(new String[] {"--apps=a",
            "--auth-issuer=https://login.example/realms/shop", "--auth-audience=collector",
            "--auth-clock-skew-seconds=5"}));
        assertThat(settings.auth().issuer().toString()).isEqualTo("https://login.example/realms/shop");
        assertThat(settings.auth().discoveryUri().toString())
                .isEqualTo("https://login.example/realms/shop/.well-known/openid-configuration");
        assertThat(settings.auth().audience()).isEqualTo("collector");
        assertThat(settings.auth().clockSkew()).isEqualTo(Duration.ofSeconds(5));
        assertThat(IngestionMain.settings(IngestionMain.parse(new String[] {"--apps=a"})).auth()).isNull();

        assertThatThrownBy(() -> IngestionMain.settings(IngestionMain.parse(
                new String[] {"--apps=a", "--auth-issuer=https://login.example"})))
                .hasMessageContaining("--auth-audience");
        assertThatThrownBy(() -> IngestionMain.settings(IngestionMain.parse(
                new String[] {"--apps=a", "--auth-audience=collector"})))
                .hasMessageContaining("--auth-issuer");
        assertThatThrownBy(() -> IngestionMain.settings(IngestionMain.parse(
                new String[] {"--apps=a", "--auth-issuer=login.example", "--auth-audience=x"})))
                .hasMessageContaining("http(s) URL");
    }

    @Test
    void help_lists_every_option() {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        IngestionMain.usage(new PrintStream(text, true, StandardCharsets.UTF_8));
        String help = text.toString(StandardCharsets.UTF_8);
        for (String option : List.of("port", "host", "path", "lake", "apps", "allowed-origins", "node", "roll-bytes",
                "roll-seconds", "trusted-proxies", "queue-bytes", "gzip-level", "io-threads", "max-request-bytes",
                "request-timeout-seconds", "buffer", "s3-endpoint", "s3-region", "kafka", "kafka-topic", "kinesis", "kinesis-endpoint",
                "auth-issuer", "auth-audience", "auth-clock-skew-seconds", "apps-from", "help")) {
            assertThat(help).contains("--" + option);
        }
    }
}
