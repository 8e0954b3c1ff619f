package io.clickstream.studio.explore;

import java.time.ZoneId;
import java.util.Optional;

/** Port: which apps exist, and the time zone each counts its days in. */
public interface AppDirectory {

    /** An app as explorations see it. */
    record ExploredApp(String appId, ZoneId timeZone) {
    }

    Optional<ExploredApp> find(String appId);
}
