package io.clickstream.pipeline.apps;

import io.clickstream.ingestion.AppPolicy;
import io.clickstream.ingestion.AppRegistry;
import java.util.Optional;

/** Lets ingestion look apps up in the catalog on every request, so catalog changes apply at once. */
public final class CatalogAppRegistry implements AppRegistry {

    private final AppCatalog catalog;

    public CatalogAppRegistry(AppCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Optional<AppPolicy> find(String appId) {
        return catalog.find(appId).map(app -> new AppPolicy(app.appId(), app.enabled(), app.allowedOrigins()));
    }
}
