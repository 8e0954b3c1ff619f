/**
 * Pipelines in the studio (Operator or above): the JSON API and the service behind it and the pages, over the
 * pipeline engine's lifecycle and the local runtime; live monitoring of local pipelines ({@link
 * io.clickstream.studio.pipeline.PipelineMonitor}: rates, sink latency, ETL lag and runs, table freshness, lake disk
 * use) with alarms evaluated on the server and exported to Prometheus; the quarantine by reason.
 */
package io.clickstream.studio.pipeline;
