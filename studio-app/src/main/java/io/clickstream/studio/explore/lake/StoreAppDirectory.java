package io.clickstream.studio.explore.lake;

import io.clickstream.metadata.apps.AppRepository;
import io.clickstream.studio.explore.AppDirectory;
import java.util.Optional;

/** Apps and their time zones from the metadata store's app records (the studio's projects and apps). */
public final class StoreAppDirectory implements AppDirectory {

    private final AppRepository apps;

    public StoreAppDirectory(AppRepository apps) {
        this.apps = apps;
    }

    @Override
    public Optional<ExploredApp> find(String appId) {
        if (appId == null || !io.clickstream.metadata.apps.AppRecord.isValidAppId(appId)) {
            return Optional.empty();
        }
        return apps.find(appId).map(app -> new ExploredApp(app.value().appId(), app.value().zone()));
    }
}
