package io.clickstream.studio.explore.sql;

/** The SQL engines explorations run on. */
public enum Dialect {
    DUCKDB, ATHENA, REDSHIFT
}
