/**
 * Pipelines: the apps that send data, and the runtimes that carry their events from ingestion to modeled tables.
 * The local runtime runs the whole pipeline inside one JVM (ingestion on its own port, the Spark ETL on a schedule,
 * optional demo traffic); the studio starts it in local mode.
 */
package io.clickstream.pipeline;
