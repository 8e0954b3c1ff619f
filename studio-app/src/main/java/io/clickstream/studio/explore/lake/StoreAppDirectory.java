package io.clickstream.studio.explore.lake;

import io.clickstream.metadata.apps.AppRepository;
import io.clickstream.studio.explore.AppDirectory;
import java.util.Optional;

/** Apps and their time zones as the metadata store keeps them. */
public final class StoreAppDirectory implements AppDirectory {

    private final AppRepository apps;

    public StoreAppDirectory(AppRepository apps) {
        this.apps = apps;
    }

    @Override
    public Optional<ExploredApp> find(String appId) {
        return apps.find(appId).map(app -> new ExploredApp(app.value().appId(), app.value().zone()));
    }
}
