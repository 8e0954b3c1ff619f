package io.clickstream.studio.explore.sql;

import io.clickstream.model.ModeledTables;
import java.util.Map;

/**
 * Port: native DuckDB copies of the lake's modeled tables (a derived cache of the Parquet, see the explore mirror in
 * DESIGN.md), which statements read instead of the Parquet files while they hold exactly the app's current data.
 */
public interface MirrorTables {

    /** No mirror: every statement reads the Parquet. */
    MirrorTables NONE = appId -> null;

    /**
     * The mirror's tables (qualified names) that hold rows of the app, when the mirror reflects the app's current
     * data version in the lake; null when it does not (not built yet, behind an ETL commit, off): then the Parquet is
     * read. Asked once per statement.
     */
    Map<ModeledTables.Table, String> currentTables(String appId);

    /**
     * The mirror's user dictionary (qualified name; columns {@code app_id}, {@code user_pseudo_id}, {@code user_key}),
     * when each of its tables has a {@code user_key INTEGER} column standing for {@code user_pseudo_id} (one key per
     * user and app, unique across apps, NULL for a NULL id); null when the tables have no keys.
     */
    default String userKeys() {
        return null;
    }
}
