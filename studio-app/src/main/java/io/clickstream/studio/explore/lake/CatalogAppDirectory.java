package io.clickstream.studio.explore.lake;

import io.clickstream.pipeline.apps.AppCatalog;
import io.clickstream.studio.explore.AppDirectory;
import java.util.Optional;

/** Apps and their time zones from the pipeline engine's {@link AppCatalog} (the file {@code <data-dir>/apps.json}). */
public final class CatalogAppDirectory implements AppDirectory {

    private final AppCatalog catalog;

    public CatalogAppDirectory(AppCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Optional<ExploredApp> find(String appId) {
        return catalog.find(appId).map(app -> new ExploredApp(app.appId(), app.timeZone()));
    }
}
