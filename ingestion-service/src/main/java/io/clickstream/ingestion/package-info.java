/**
 * The ingestion service's public API: {@link io.clickstream.ingestion.IngestionServer} started with
 * {@link io.clickstream.ingestion.IngestionSettings}, the {@link io.clickstream.ingestion.AppRegistry} that says
 * which apps and origins are accepted, and the standalone command {@link io.clickstream.ingestion.IngestionMain}.
 * The HTTP protocol lives in {@code collect}, durable storage in {@code sink}, telemetry in {@code metrics}.
 */
package io.clickstream.ingestion;
