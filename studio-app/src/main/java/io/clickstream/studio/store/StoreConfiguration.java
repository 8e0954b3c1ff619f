package io.clickstream.studio.store;

import io.clickstream.metadata.MetadataStore;
import io.clickstream.metadata.apps.AppRepository;
import io.clickstream.metadata.dynamodb.DynamoDbMetadataStore;
import io.clickstream.metadata.projects.ProjectRepository;
import io.clickstream.metadata.sqlite.SqliteMetadataStore;
import io.clickstream.studio.base.ClickstreamProperties;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Opens the configured metadata store once for the whole studio, and the repositories every feature shares. */
@Configuration
class StoreConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StoreConfiguration.class);

    @Bean(destroyMethod = "close")
    MetadataStore metadataStore(MetadataStoreProperties properties, ClickstreamProperties clickstream) {
        MetadataStore store = switch (properties.store()) {
            case SQLITE -> SqliteMetadataStore.open(properties.file() != null ? properties.file()
                    : defaultFile(clickstream));
            case DYNAMODB -> DynamoDbMetadataStore.connect(properties.dynamoDbSettings());
        };
        log.info("Metadata store: {}", store.describe());
        return store;
    }

    @Bean
    AppRepository appRepository(MetadataStore store) {
        return new AppRepository(store);
    }

    @Bean
    ProjectRepository projectRepository(MetadataStore store) {
        return new ProjectRepository(store);
    }

    static Path defaultFile(ClickstreamProperties clickstream) {
        return clickstream.dataDir().resolve("metadata.db");
    }
}
