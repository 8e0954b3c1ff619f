/**
 * Sinks: where accepted requests become durable before they are acknowledged. {@link
 * io.clickstream.ingestion.sink.LocalLakeSink} group-commits requests into in-progress files (one lane of files and
 * sync thread per event loop; each group commit is compressed by the sync thread into one gzip member, written and
 * fsync'd) and hands sealed batches to a publisher that publishes them as they are through a {@link
 * io.clickstream.ingestion.sink.BatchDestination}: the local lake directory or S3. {@link io.clickstream.ingestion.sink.KafkaSink} acknowledges once Kafka holds a request, and {@link
 * io.clickstream.ingestion.sink.KafkaLakeLoader} writes the topic into the same raw batches. Every sink refuses work
 * at once when its bounded buffer is full, so that clients get a 503 and retry.
 */
package io.clickstream.ingestion.sink;
