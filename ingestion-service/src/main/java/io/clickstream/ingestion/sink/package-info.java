/**
 * Sinks: where accepted requests become durable before they are acknowledged. {@link
 * io.clickstream.ingestion.sink.LocalLakeSink} writes gzip batches of raw envelope lines into a local lake with group
 * commit and crash recovery; every sink refuses work at once when its bounded buffer is full so that clients get a
 * 503 and retry.
 */
package io.clickstream.ingestion.sink;
