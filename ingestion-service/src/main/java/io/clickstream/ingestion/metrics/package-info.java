/**
 * The collector's own telemetry: request, event and byte counters, rejections by reason, sink latency and queue
 * depth, rendered by hand in the Prometheus text format so that the service needs no metrics library.
 */
package io.clickstream.ingestion.metrics;
