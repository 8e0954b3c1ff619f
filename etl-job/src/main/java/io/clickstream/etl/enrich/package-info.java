/**
 * The enrichment chain: the {@link io.clickstream.etl.enrich.EventEnricher} plugin interface, the mutable
 * {@link io.clickstream.etl.enrich.EventRecord} it works on, and the built-in steps (user agent, geolocation,
 * traffic source, bot filter, PII masking).
 */
package io.clickstream.etl.enrich;
