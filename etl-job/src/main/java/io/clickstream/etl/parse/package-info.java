/**
 * Decoding inside Spark tasks: gzip raw batches to envelopes to events (with event-model's codecs), mapped to
 * event records and enriched, emitted as one row schema for events and quarantine records alike.
 */
package io.clickstream.etl.parse;
