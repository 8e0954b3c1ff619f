package io.clickstream.pipeline.local;

import io.clickstream.ingestion.BearerAuth;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of the local runtime.
 *
 * @param dataDir         the lake lives in {@code lake/} under it; an {@code apps.json} of earlier versions there is
 *                        imported into the metadata store once
 * @param ingestionHost   interface the ingestion endpoint binds to
 * @param ingestionPort   its port (0 picks a free one)
 * @param etlInterval     longest pause between ETL runs (a run also starts as soon as ingestion publishes a batch)
 * @param sparkMaster     Spark master for the in-process ETL, e.g. {@code local[2]}
 * @param demo            send demo traffic on the first start with an empty lake, then a live trickle
 * @param demoUsers       users in the demo backfill
 * @param geoipDatabase   a MaxMind {@code .mmdb} for IP geolocation, or null
 * @param ingestionAuth   bearer-JWT check of the collect endpoint, or null for none
 * @param rawRetention    raw batches older than this are deleted once modeled; null keeps them
 * @param quarantineRetention quarantined records older than this are deleted; null keeps them
 */
public record LocalRuntimeSettings(
        Path dataDir,
        String ingestionHost,
        int ingestionPort,
        Duration etlInterval,
        String sparkMaster,
        boolean demo,
        int demoUsers,
        Path geoipDatabase,
        BearerAuth ingestionAuth,
        Duration rawRetention,
        Duration quarantineRetention) {

    /** Settings without ingestion authentication, keeping raw batches and quarantine. */
    public LocalRuntimeSettings(Path dataDir, String ingestionHost, int ingestionPort, Duration etlInterval,
                                String sparkMaster, boolean demo, int demoUsers, Path geoipDatabase) {
        this(dataDir, ingestionHost, ingestionPort, etlInterval, sparkMaster, demo, demoUsers, geoipDatabase, null);
    }

    /** Settings keeping raw batches and quarantine. */
    public LocalRuntimeSettings(Path dataDir, String ingestionHost, int ingestionPort, Duration etlInterval,
                                String sparkMaster, boolean demo, int demoUsers, Path geoipDatabase,
                                BearerAuth ingestionAuth) {
        this(dataDir, ingestionHost, ingestionPort, etlInterval, sparkMaster, demo, demoUsers, geoipDatabase,
                ingestionAuth, null, null);
    }

    /** These settings with the lake's retention (null keeps). */
    public LocalRuntimeSettings withLakeRetention(Duration newRawRetention, Duration newQuarantineRetention) {
        return new LocalRuntimeSettings(dataDir, ingestionHost, ingestionPort, etlInterval, sparkMaster, demo,
                demoUsers, geoipDatabase, ingestionAuth, newRawRetention, newQuarantineRetention);
    }

    public static final String DEMO_APP_ID = io.clickstream.pipeline.apps.AppSetup.DEMO_APP;

    public LocalRuntimeSettings {
        if (etlInterval == null || etlInterval.isNegative() || etlInterval.isZero()) {
            throw new IllegalArgumentException("the ETL interval must be positive, was " + etlInterval);
        }
        if (ingestionPort < 0 || ingestionPort > 65535) {
            throw new IllegalArgumentException("ingestion port out of range: " + ingestionPort);
        }
    }

    public Path lakeDir() {
        return dataDir.resolve("lake");
    }
}
