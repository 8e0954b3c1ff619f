package io.clickstream.etl.enrich;

/**
 * One step of the enrichment chain (user agent, geolocation, traffic source, bot filter, PII masking, or a user's
 * own class named in {@code --plugin}). Instances are created once per Spark task through a public no-argument
 * constructor or by the built-in chain, then {@link #configure}d, so they need not be serializable or thread-safe.
 */
public interface EventEnricher {

    /** Called once before the first event of a task. */
    default void configure(EnrichmentContext context) {
    }

    /**
     * Enriches one event in place.
     *
     * @return false to drop the event (it is counted as filtered, not quarantined)
     */
    boolean enrich(EventRecord event);
}
