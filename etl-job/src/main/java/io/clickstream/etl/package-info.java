/**
 * The Spark ETL job: {@link io.clickstream.etl.EtlJob} runs one pass that turns the lake's new raw batches into
 * the modeled Parquet tables and quarantine, exactly once; {@link io.clickstream.etl.EtlConfig} holds its
 * settings and {@link io.clickstream.etl.EtlRunSummary} reports what it did. Table schemas come from event-model.
 */
package io.clickstream.etl;
