package io.clickstream.etl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EtlConfigTest {

    @Test
    void parses_lake_master_and_geoip_database() {
        EtlConfig c = EtlConfig.parse(new String[] {"--lake=/data/lake", "--master=local[2]", "--geoip-db=/g/City.mmdb"});

        assertThat(c.lake()).isEqualTo("/data/lake");
        assertThat(c.master()).isEqualTo("local[2]");
        assertThat(c.geoipDb()).isEqualTo("/g/City.mmdb");
        assertThat(c.defaultTimeZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(c.botFilter()).isTrue();
        assertThat(c.sessionTimeout()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void parses_time_zones_privacy_and_plugins() {
        EtlConfig c = EtlConfig.parse(new String[] {"--lake=s3a://b/lake", "--time-zone=Europe/Paris",
                "--app-time-zone=shop=Asia/Tokyo", "--anonymize-ip", "--no-bot-filter", "--pii-hash=email,phone",
                "--pii-drop=ssn", "--plugin=com.example.Tagger", "--plugin-jar=/p/tagger.jar",
                "--session-timeout-minutes=15"});

        assertThat(c.timeZoneOf("shop")).isEqualTo(ZoneId.of("Asia/Tokyo"));
        assertThat(c.timeZoneOf("other")).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(c.anonymizeIp()).isTrue();
        assertThat(c.botFilter()).isFalse();
        assertThat(c.piiHashed()).isEqualTo(Set.of("email", "phone"));
        assertThat(c.piiDropped()).isEqualTo(Set.of("ssn"));
        assertThat(c.plugins()).isEqualTo(List.of("com.example.Tagger"));
        assertThat(c.pluginJars()).isEqualTo(List.of("/p/tagger.jar"));
        assertThat(c.sessionTimeout()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void time_zone_with_an_app_prefix_sets_that_apps_zone_only() {
        EtlConfig c = EtlConfig.parse(new String[] {"--lake=/l", "--time-zone=shop=America/New_York"});

        assertThat(c.timeZoneOf("shop")).isEqualTo(ZoneId.of("America/New_York"));
        assertThat(c.defaultTimeZone()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void rejects_unknown_options_by_name() {
        assertThatThrownBy(() -> EtlConfig.parse(new String[] {"--lake=/l", "--lakes=/x"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option '--lakes=/x'");
    }

    @Test
    void requires_a_lake() {
        assertThatThrownBy(() -> EtlConfig.parse(new String[] {"--master=local[2]"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--lake");
    }

    @Test
    void help_lists_every_option() {
        assertThatThrownBy(() -> EtlConfig.parse(new String[] {"--help"}))
                .isInstanceOf(EtlConfig.HelpRequested.class)
                .hasMessageContaining("--lake=PATH").hasMessageContaining("--geoip-db")
                .hasMessageContaining("--plugin-jar").hasMessageContaining("--app-time-zone");
    }

    @Test
    void help_names_every_option_the_parser_accepts() throws Exception {
        // The parser's options, read from its source, so that a new option without a help line fails here.
        String source = java.nio.file.Files.readString(
                java.nio.file.Path.of("src/main/java/io/clickstream/etl/EtlConfig.java"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("case \"(--[a-z0-9-]+)\"").matcher(source);
        List<String> options = new java.util.ArrayList<>();
        while (m.find()) {
            options.add(m.group(1));
        }
        assertThat(options).contains("--lake", "--compact-min-files", "--conf");
        String usage = EtlConfig.usage();
        for (String option : options) {
            assertThat(usage).as("--help mentions " + option).containsPattern("(?m)^\\s+" + option + "[=\\s]");
        }
    }

    @Test
    void parses_compaction_and_spark_settings() {
        EtlConfig c = EtlConfig.parse(new String[] {"--lake=s3a://bucket/lake", "--compact-min-files=4",
                "--compact-small-file-mb=16", "--conf=spark.hadoop.fs.s3a.endpoint=http://localhost:9090",
                "--conf=spark.executor.memory=2g"});
        assertThat(c.compactMinFiles()).isEqualTo(4);
        assertThat(c.compactSmallFileBytes()).isEqualTo(16L << 20);
        assertThat(c.sparkConf()).containsEntry("spark.hadoop.fs.s3a.endpoint", "http://localhost:9090")
                .containsEntry("spark.executor.memory", "2g");
        assertThat(EtlConfig.parse(new String[] {"--lake=x", "--compact-min-files=0"}).compactMinFiles()).isZero();
        assertThat(EtlConfig.forLake("x").compactMinFiles()).isEqualTo(EtlConfig.DEFAULT_COMPACT_MIN_FILES);
        assertThatThrownBy(() -> EtlConfig.parse(new String[] {"--lake=x", "--compact-min-files=1"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EtlConfig.parse(new String[] {"--lake=x", "--conf=novalue"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("KEY=VALUE");
    }
}
