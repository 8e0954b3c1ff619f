package io.clickstream.etl.enrich;

import io.clickstream.etl.EtlConfig;

/**
 * What an enricher may read while configuring itself: the pass's settings (including a user plugin's view of
 * them) and a place to open files the settings name, such as the GeoIP database.
 */
public record EnrichmentContext(EtlConfig config) {
}
