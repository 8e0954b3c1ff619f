package io.clickstream.etl.io;

import io.clickstream.etl.EtlConfig;
import io.clickstream.model.LakeCommitLock;
import io.clickstream.model.LakeLayout;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.locks.Lock;

/**
 * Deletes what a lake keeps only for a while: raw batches older than the raw retention once they are modeled
 * (whole {@code date=} folders whose hours are all sealed), and quarantine partitions older than their own retention.
 * It lists only the {@code date=} folders of each app, which the retention itself keeps few, and runs at most once
 * an {@link #INTERVAL}.
 */
public final class Retention {

    /** A pass purges at most this often. */
    public static final Duration INTERVAL = Duration.ofHours(1);

    private Retention() {
    }

    /**
     * Purges if retention is configured and the last purge is {@link #INTERVAL} old; records the purge in
     * {@code progress} (written by the caller).
     *
     * @return the {@code date=} folders deleted
     */
    public static int purgeIfDue(LakeFiles lake, RawProgress progress, EtlConfig.LakeHousekeeping settings,
                                 Instant now) throws IOException {
        if (settings.rawRetention() == null && settings.quarantineRetention() == null) {
            return 0;
        }
        Instant last = progress.lastPurge();
        if (last != null && last.plus(INTERVAL).isAfter(now)) {
            return 0;
        }
        int deleted = 0;
        if (settings.rawRetention() != null) {
            long keepFromHour = Math.floorDiv(now.minus(settings.rawRetention()).getEpochSecond(), 3600);
            for (String app : lake.rawApps()) {
                Long sealed = progress.sealedThrough(app);
                if (sealed == null) {
                    continue;
                }
                String appDir = LakeLayout.RAW + "/app_id=" + app;
                for (LocalDate date : lake.dates(appDir)) {
                    long lastHour = RawProgress.epochHour(date, 23);
                    // Modeled (sealed) and old enough, every hour of it.
                    if (lastHour <= sealed && lastHour < keepFromHour) {
                        lake.delete(appDir + "/date=" + date, true);
                        deleted++;
                    }
                }
            }
        }
        if (settings.quarantineRetention() != null) {
            Instant cutoff = now.minus(settings.quarantineRetention());
            for (String name : lake.list(LakeLayout.QUARANTINE)) {
                if (!name.startsWith("app_id=")) {
                    continue;
                }
                String appDir = LakeLayout.QUARANTINE + "/" + name;
                for (LocalDate date : lake.dates(appDir)) {
                    if (!date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(cutoff)) {
                        // Readers in this JVM see the partition whole or not at all.
                        Lock writeLock = LakeCommitLock.of(lake.rootUri()).writeLock();
                        writeLock.lock();
                        try {
                            lake.delete(appDir + "/date=" + date, true);
                        } finally {
                            writeLock.unlock();
                        }
                        deleted++;
                    }
                }
            }
        }
        progress.purged(now);
        return deleted;
    }
}
