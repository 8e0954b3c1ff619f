package io.clickstream.studio.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.metadata.MetadataStore;
import io.clickstream.metadata.sqlite.SqliteMetadataStore;
import io.clickstream.pipeline.local.EtlStatus;
import io.clickstream.studio.metadata.ModeledLake.EventRow;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When automatic scans run: at startup, after ETL runs that modeled events, at most once a minute. */
class MetadataScanSchedulerTest {

    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @TempDir
    Path dir;

    final AtomicReference<Instant> now = new AtomicReference<>(T0);
    final AtomicReference<EtlStatus> etl = new AtomicReference<>(new EtlStatus(false, null, 0, 0, null));
    final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    ModeledLake lake;
    ModeledLakeReader queries;
    MetadataStore store;
    MetadataScanScheduler scheduler;
    MetadataScanner scanner;

    @BeforeEach
    void open() {
        lake = new ModeledLake(dir.resolve("lake"));
        queries = new ModeledLakeReader(lake.layout);
        store = SqliteMetadataStore.open(dir.resolve("metadata.db"));
        scanner = new MetadataScanner(store, queries, clock);
        scheduler = new MetadataScanScheduler(scanner, new MetadataCatalog(store, clock), etl::get,
                new MetadataScanProperties(true, Duration.ofSeconds(60), Duration.ofSeconds(5)), clock);
    }

    @AfterEach
    void close() {
        scheduler.close();
        lake.close();
        queries.close();
        store.close();
    }

    @Test
    void scans_at_startup_then_after_etl_runs_with_new_events_at_most_once_a_minute() {
        append(1);
        scheduler.tick();
        assertThat(scans()).as("startup scan").isEqualTo(1);

        append(2);
        now.set(T0.plusSeconds(5));
        scheduler.tick();
        assertThat(scans()).as("no ETL run reported yet").isEqualTo(1);

        etl.set(new EtlStatus(false, T0.plusSeconds(4), 0, 0, null));
        now.set(T0.plusSeconds(90));
        scheduler.tick();
        assertThat(scans()).as("the ETL run modeled no events").isEqualTo(1);

        etl.set(new EtlStatus(false, T0.plusSeconds(95), 40, 0, null));
        now.set(T0.plusSeconds(100));
        scheduler.tick();
        assertThat(scans()).as("a run with new events").isEqualTo(2);

        append(3);
        etl.set(new EtlStatus(false, T0.plusSeconds(120), 12, 0, null));
        now.set(T0.plusSeconds(125));
        scheduler.tick();
        assertThat(scans()).as("less than a minute after the last scan").isEqualTo(2);

        now.set(T0.plusSeconds(160));
        scheduler.tick();
        assertThat(scans()).as("the minute has passed, the run is still owed").isEqualTo(3);

        now.set(T0.plusSeconds(300));
        scheduler.tick();
        assertThat(scans()).as("nothing new since").isEqualTo(3);
    }

    @Test
    void scan_now_runs_on_the_scan_thread_and_reports() {
        append(1);

        ScanReport report = scheduler.scanNow("shop");

        assertThat(report.outcome()).isEqualTo(ScanReport.Outcome.SCANNED);
        assertThat(scheduler.running()).isNull();
    }

    private void append(int second) {
        lake.appendEvents(List.of(new EventRow("shop", "purchase", T0.plusSeconds(second), "u1", Map.of(), null, null,
                null, 1L)));
    }

    private long scans() {
        return scanner.lastScan("shop").map(LastScan::scan).orElse(0L);
    }
}
