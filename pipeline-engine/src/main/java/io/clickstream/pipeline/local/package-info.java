/**
 * The local runtime: the whole pipeline in one JVM with embedded defaults. Ingestion listens on its own port and
 * writes the lake under the data directory; the Spark ETL runs {@code local[*]} micro-batches on a schedule; on the
 * first start with an empty lake, demo traffic is sent over HTTP so that dashboards have data.
 */
package io.clickstream.pipeline.local;
