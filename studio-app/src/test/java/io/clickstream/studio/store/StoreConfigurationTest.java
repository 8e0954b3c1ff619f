package io.clickstream.studio.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.metadata.MetadataStore;
import io.clickstream.metadata.apps.AppRecord;
import io.clickstream.metadata.apps.AppRepository;
import io.clickstream.metadata.dynamodb.Dynalite;
import io.clickstream.studio.base.ClickstreamProperties;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code clickstream.metadata.*} picks the adapter: the SQLite file by default, a DynamoDB table on request. */
@ExtendWith(OutputCaptureExtension.class)
class StoreConfigurationTest {

    @Configuration
    @EnableConfigurationProperties({MetadataStoreProperties.class, ClickstreamProperties.class})
    static class Properties {
    }

    @TempDir
    Path dataDir;

    private ApplicationContextRunner studio() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class,
                        ValidationAutoConfiguration.class))
                .withUserConfiguration(Properties.class, StoreConfiguration.class)
                .withPropertyValues("clickstream.data-dir=" + dataDir);
    }

    @Test
    void keeps_the_store_in_metadata_db_under_the_data_dir_by_default() {
        studio().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(MetadataStore.class).describe())
                    .isEqualTo("SQLite file " + dataDir.toAbsolutePath().normalize().resolve("metadata.db"));
        });
    }

    @Test
    void opens_the_dynamodb_table_named_in_the_settings_and_logs_no_credentials(CapturedOutput output) {
        try (Dynalite dynalite = Dynalite.start()) {
            String table = dynalite.createTable();
            studio().withPropertyValues("clickstream.metadata.store=dynamodb",
                            "clickstream.metadata.dynamodb.table=" + table,
                            "clickstream.metadata.dynamodb.region=eu-west-1",
                            "clickstream.metadata.dynamodb.endpoint=" + dynalite.endpoint())
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        context.getBean(AppRepository.class).create(new AppRecord("shop", "retail", null, null,
                                null, true, List.of(), List.of()));
                        assertThat(context.getBean(MetadataStore.class).describe())
                                .isEqualTo("DynamoDB table '" + table + "' in eu-west-1 at " + dynalite.endpoint());
                    });
            try (MetadataStore direct = io.clickstream.metadata.dynamodb.DynamoDbMetadataStore.open(
                    dynalite.client(), table)) {
                assertThat(new AppRepository(direct).find("shop")).as("written to the table").isPresent();
            }
        }
        assertThat(output).contains("Metadata store: DynamoDB table").doesNotContain(Dynalite.ACCESS_KEY,
                Dynalite.SECRET_KEY);
    }

    @Test
    void dynamodb_without_a_table_stops_the_start_naming_the_setting() {
        studio().withPropertyValues("clickstream.metadata.store=dynamodb").run(context ->
                assertThat(context).getFailure().hasStackTraceContaining(
                        "clickstream.metadata.dynamodb.table is required with clickstream.metadata.store=dynamodb"));
    }
}
