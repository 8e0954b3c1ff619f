package io.clickstream.pipeline.definition;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ETL of a pipeline: when it runs and what it does to each event between the raw batches and the modeled tables.
 *
 * @param schedule               when the ETL runs, as an EventBridge expression: {@code rate(5 minutes)} or
 *                               {@code cron(0/15 * * * ? *)} (UTC). Default {@code rate(1 minute)} locally (where a run
 *                               also starts as soon as a raw batch is published) and {@code rate(1 hour)} on AWS (one
 *                               EMR Serverless job run each time)
 * @param plugins                custom enrichers, run after the built-in ones in this order
 * @param botFilter              drop events whose user agent is a known bot, crawler or HTTP tool (default true)
 * @param anonymizeIp            drop the last IPv4 octet (80 bits of IPv6) before geolocation and storage (default false)
 * @param pii                    attributes to hash or drop
 * @param geoipDatabase          a MaxMind GeoIP2 / GeoLite2 City database: a local {@code .mmdb} file for the local
 *                               runtime, an {@code s3://} URI on AWS; null turns geolocation off (nothing is downloaded)
 * @param rawRetentionDays       raw batches are deleted this many days after they arrive (default 365; on AWS at least
 *                               31, since they move to infrequent access after 30)
 * @param sessionTimeoutMinutes  inactivity that ends a session for clients that send no SDK session ids (default 30)
 */
public record ProcessingDefinition(
        String schedule,
        List<Plugin> plugins,
        Boolean botFilter,
        Boolean anonymizeIp,
        PiiRules pii,
        String geoipDatabase,
        Integer rawRetentionDays,
        Integer sessionTimeoutMinutes) {

    public static final String DEFAULT_LOCAL_SCHEDULE = "rate(1 minute)";
    public static final String DEFAULT_AWS_SCHEDULE = "rate(1 hour)";
    public static final int DEFAULT_RAW_RETENTION_DAYS = 365;
    public static final int DEFAULT_SESSION_TIMEOUT_MINUTES = 30;

    public ProcessingDefinition {
        plugins = plugins == null ? List.of() : List.copyOf(plugins);
        botFilter = botFilter == null || botFilter;
        anonymizeIp = anonymizeIp != null && anonymizeIp;
        pii = pii == null ? PiiRules.none() : pii;
        rawRetentionDays = rawRetentionDays == null ? DEFAULT_RAW_RETENTION_DAYS : rawRetentionDays;
        sessionTimeoutMinutes = sessionTimeoutMinutes == null ? DEFAULT_SESSION_TIMEOUT_MINUTES : sessionTimeoutMinutes;
    }

    /** The runtime's schedule, bot filter on, no plugins, no privacy rules, no geolocation, 365 days of raw data. */
    public static ProcessingDefinition defaults() {
        return new ProcessingDefinition(null, null, null, null, null, null, null, null);
    }

    /** The same processing on another schedule. */
    public ProcessingDefinition withSchedule(String newSchedule) {
        return new ProcessingDefinition(newSchedule, plugins, botFilter, anonymizeIp, pii, geoipDatabase,
                rawRetentionDays, sessionTimeoutMinutes);
    }

    /** The same processing with another GeoIP database. */
    public ProcessingDefinition withGeoipDatabase(String newGeoipDatabase) {
        return new ProcessingDefinition(schedule, plugins, botFilter, anonymizeIp, pii, newGeoipDatabase,
                rawRetentionDays, sessionTimeoutMinutes);
    }

    /** The same processing with other plugins. */
    public ProcessingDefinition withPlugins(List<Plugin> newPlugins) {
        return new ProcessingDefinition(schedule, newPlugins, botFilter, anonymizeIp, pii, geoipDatabase,
                rawRetentionDays, sessionTimeoutMinutes);
    }

    ProcessingDefinition resolvedFor(RuntimeMode runtime) {
        return schedule != null ? this
                : withSchedule(runtime == RuntimeMode.AWS ? DEFAULT_AWS_SCHEDULE : DEFAULT_LOCAL_SCHEDULE);
    }

    /**
     * A custom enricher of the ETL: a class implementing {@code io.clickstream.etl.enrich.EventEnricher} with a public
     * no-argument constructor.
     *
     * @param className the class's binary name, e.g. {@code com.example.CouponEnricher}
     * @param jar       the jar holding it: a local file (local runtime) or an {@code s3://} URI (AWS); null when the
     *                  class is on the ETL's classpath already
     * @param settings  the plugin's own settings, name to value, in the order given; empty by default
     */
    public record Plugin(String className, String jar, Map<String, String> settings) {

        public Plugin {
            settings = settings == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        }
    }

    /**
     * What the ETL does with personal data in event and user attributes.
     *
     * @param hash attribute names whose values are replaced by their SHA-256 (so they still join and count)
     * @param drop attribute names that are removed
     */
    public record PiiRules(List<String> hash, List<String> drop) {

        public PiiRules {
            hash = hash == null ? List.of() : List.copyOf(hash);
            drop = drop == null ? List.of() : List.copyOf(drop);
        }

        /** Nothing hashed, nothing dropped. */
        public static PiiRules none() {
            return new PiiRules(null, null);
        }
    }
}
