/**
 * Runs exploration SQL: {@link io.clickstream.studio.explore.exec.QueryExecutor} with one implementation per
 * engine (embedded DuckDB over the local lake, Athena, the Redshift Data API). Each returns a
 * {@link io.clickstream.studio.explore.exec.ResultTable} of plain Java values, honours a timeout and can be
 * cancelled through a {@link io.clickstream.studio.explore.exec.QueryControl}.
 */
package io.clickstream.studio.explore.exec;
