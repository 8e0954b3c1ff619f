package io.clickstream.studio.explore;

import io.clickstream.studio.explore.exec.QueryExecutor;
import io.clickstream.studio.explore.sql.ExplorationSql;

/** One engine explorations run on: its SQL dialect, its executor, and how it tells data versions. */
public record ExploreEngine(ExplorationSql sql, QueryExecutor executor, DataVersions versions) {
}
