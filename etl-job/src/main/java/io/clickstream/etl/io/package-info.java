/**
 * Everything that touches the lake's files: listing finished raw batches, reading and staging Parquet tables, and
 * the commit log under {@code _state/} that makes passes exactly-once across re-runs and crashes.
 */
package io.clickstream.etl.io;
