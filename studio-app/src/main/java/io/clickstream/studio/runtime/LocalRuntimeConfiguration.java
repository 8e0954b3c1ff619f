package io.clickstream.studio.runtime;

import io.clickstream.metadata.MetadataStore;
import io.clickstream.pipeline.local.LocalRuntime;
import io.clickstream.pipeline.local.LocalRuntimeSettings;
import io.clickstream.studio.base.ClickstreamProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts the local runtime when {@code clickstream.runtime=local} (the default) and stops it with the studio, so
 * that a shutdown publishes every acknowledged event to the lake.
 */
@Configuration
@ConditionalOnProperty(name = "clickstream.runtime", havingValue = "local", matchIfMissing = true)
class LocalRuntimeConfiguration {

    /** Users in the demo backfill: about 50,000 events over 30 days, modeled in well under a minute. */
    static final int DEMO_USERS = 2_000;

    /** Ingestion accepts the apps of the studio's store, and an {@code apps.json} of earlier versions is moved there. */
    @Bean(destroyMethod = "close")
    LocalRuntime localRuntime(ClickstreamProperties properties, MetadataStore store) {
        return LocalRuntime.start(new LocalRuntimeSettings(
                properties.dataDir(),
                "0.0.0.0",
                properties.ingestion().port(),
                properties.etl().interval(),
                "local[*]",
                properties.demo(),
                DEMO_USERS,
                properties.etl().geoipDb(),
                properties.ingestion().auth())
                .withLakeRetention(properties.lake().rawRetentionOrNull(), properties.lake().quarantineRetentionOrNull()),
                store);
    }
}
