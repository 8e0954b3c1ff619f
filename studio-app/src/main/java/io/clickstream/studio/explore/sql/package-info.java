/**
 * SQL for explorations. {@link io.clickstream.studio.explore.sql.ExplorationSql} turns each validated query record
 * into one statement over the modeled {@code event} (and {@code user}) tables; its three subclasses are the dialects
 * (DuckDB over the lake's Parquet, Athena/Trino, Redshift) and differ only in table sources, placeholders and a
 * few functions. Every value a user gave is a bound parameter; names (columns, parameters, attributes) have been
 * checked against the app's metadata before they reach here, and even they are bound as map keys.
 */
package io.clickstream.studio.explore.sql;
