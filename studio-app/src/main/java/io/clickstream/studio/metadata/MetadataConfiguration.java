package io.clickstream.studio.metadata;

import io.clickstream.metadata.MetadataStore;
import io.clickstream.metadata.apps.AppRepository;
import io.clickstream.pipeline.local.LocalRuntime;
import io.clickstream.studio.base.ClickstreamProperties;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

/**
 * Wires the metadata manager: the scanner over the lake and the store, its scheduler (started once the studio is
 * up, watching the local runtime's ETL when there is one), the in-memory catalog, the display-name lookup and the
 * service behind the views and the API.
 */
@Configuration
@EnableMethodSecurity
class MetadataConfiguration {

    @Bean
    MetadataCatalog metadataCatalog(MetadataStore store, Clock clock) {
        return new MetadataCatalog(store, clock);
    }

    @Bean(destroyMethod = "close")
    ModeledLakeReader modeledLakeReader(ClickstreamProperties clickstream) {
        return new ModeledLakeReader(clickstream.lakeLayout());
    }

    @Bean
    MetadataScanner metadataScanner(MetadataStore store, ModeledLakeReader lake, Clock clock) {
        return new MetadataScanner(store, lake, clock);
    }

    @Bean(destroyMethod = "close")
    MetadataScanScheduler metadataScanScheduler(MetadataScanner scanner, MetadataCatalog catalog,
                                                ObjectProvider<LocalRuntime> localRuntime,
                                                MetadataScanProperties properties, Clock clock) {
        return new MetadataScanScheduler(scanner, catalog, () -> {
            LocalRuntime runtime = localRuntime.getIfAvailable();
            return runtime == null ? null : runtime.etlStatus();
        }, properties, clock);
    }

    @Bean
    DisplayNames displayNames(MetadataCatalog catalog) {
        return new DisplayNames(catalog);
    }

    @Bean
    MetadataService metadataService(MetadataStore store, MetadataCatalog catalog, MetadataScanScheduler scans,
                                    MetadataScanner scanner, AppRepository apps, Clock clock) {
        return new MetadataService(store, catalog, scans, scanner, apps, clock);
    }

    /** Automatic scans start with the studio ready, so that the first one never slows the startup. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> metadataScansStart(MetadataScanScheduler scheduler) {
        return event -> scheduler.start();
    }
}
