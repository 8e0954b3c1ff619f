/**
 * The query engine over the modeled lake tables. SQL text lives in one class per dialect (today
 * {@code DuckDbDialect}, embedded DuckDB over local Parquet; Athena and Redshift will follow) and every value is a
 * bound parameter. Features ask typed questions ({@code EventQueries}) and get records back.
 */
package io.clickstream.studio.query;
