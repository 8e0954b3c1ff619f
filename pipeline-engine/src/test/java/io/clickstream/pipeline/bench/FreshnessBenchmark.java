package io.clickstream.pipeline.bench;

import io.clickstream.model.LakeCommitLock;
import io.clickstream.model.ParsedEvent;
import java.util.concurrent.locks.Lock;
import io.clickstream.model.SdkEventCodec;
import io.clickstream.metadata.MetadataStore;
import io.clickstream.metadata.apps.AppRecord;
import io.clickstream.metadata.apps.AppRepository;
import io.clickstream.metadata.sqlite.SqliteMetadataStore;
import io.clickstream.pipeline.demo.DemoTrafficModel;
import io.clickstream.pipeline.demo.DemoTrafficSender;
import io.clickstream.pipeline.demo.DemoVisit;
import io.clickstream.pipeline.local.DefaultPipeline;
import io.clickstream.pipeline.local.LocalRuntimeSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Freshness of the local runtime: SDK-shaped traffic at a fixed event rate flows into the embedded ingestion
 * endpoint while the scheduled ETL runs; a poller queries the modeled event table through DuckDB once a second.
 * For every acknowledged event, the delay is the time from its {@code 200} to the first poll that sees it.
 * Prints the delay percentiles. Arguments: {@code events-per-second seconds etl-interval-seconds}.
 */
public final class FreshnessBenchmark {

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 180;
        int interval = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        Path dataDir = Files.createTempDirectory("freshness");
        LocalRuntimeSettings settings = new LocalRuntimeSettings(dataDir, "127.0.0.1", 0,
                Duration.ofSeconds(interval), "local[2]", false, 0, null);
        Map<String, Long> ackedAt = new ConcurrentHashMap<>();
        Map<String, Long> seenAt = new ConcurrentHashMap<>();
        AtomicLong sentEvents = new AtomicLong();
        AtomicBoolean loadDone = new AtomicBoolean();
        try (MetadataStore store = SqliteMetadataStore.open(dataDir.resolve("metadata.db"));
             DefaultPipeline runtime = DefaultPipeline.open(settings, store)) {
            new AppRepository(store).create(new AppRecord("bench", "default", "Bench", "", "UTC", true, List.of(),
                    List.of()));
            runtime.runtime().apps().refresh();
            DemoTrafficModel model = DemoTrafficModel.lastDays("bench", 5_000, 1, 9);
            DemoTrafficSender sender = new DemoTrafficSender(
                    URI.create("http://127.0.0.1:" + runtime.ingestionPort() + "/collect"), "bench", 8);
            String table = dataDir.resolve("lake/modeled/event").toAbsolutePath() + "/**/*.parquet";
            System.out.printf("freshness: %d events/s for %d s, ETL every %d s, lake %s%n", rate, seconds, interval,
                    dataDir);

            ExecutorService senders = Executors.newFixedThreadPool(8);
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            SplittableRandom random = new SplittableRandom(1);
            Lock lakeLock = LakeCommitLock.of(dataDir.resolve("lake").toString()).readLock();
            Thread poller = new Thread(() -> poll(table, lakeLock, seenAt, end + TimeUnit.SECONDS.toNanos(interval + 120L),
                    ackedAt, loadDone));
            poller.start();
            while (System.nanoTime() < end) {
                long elapsed = System.nanoTime() - start;
                long due = elapsed * rate / 1_000_000_000L;
                if (sentEvents.get() >= due) {
                    Thread.sleep(2);
                    continue;
                }
                DemoVisit visit = model.liveVisit(System.currentTimeMillis(), random.split());
                sentEvents.addAndGet(visit.eventCount());
                senders.execute(() -> {
                    if (sender.send(visit)) {
                        long now = System.currentTimeMillis();
                        for (ParsedEvent e : SdkEventCodec.decodeBatch(visit.bodyJson())) {
                            ackedAt.put(e.event().eventId(), now);
                        }
                    }
                });
            }
            senders.shutdown();
            senders.awaitTermination(1, TimeUnit.MINUTES);
            loadDone.set(true);
            System.out.printf("load done: %d events sent, %d acknowledged; waiting for the ETL to catch up%n",
                    sentEvents.get(), ackedAt.size());
            poller.join();
        }
        List<Long> delays = new ArrayList<>();
        long missing = 0;
        for (Map.Entry<String, Long> acked : ackedAt.entrySet()) {
            Long seen = seenAt.get(acked.getKey());
            if (seen == null) {
                missing++;
            } else {
                delays.add(Math.max(0, seen - acked.getValue()));
            }
        }
        delays.sort(Long::compare);
        System.out.printf("acknowledged %d, queryable %d, never seen %d%n", ackedAt.size(), delays.size(), missing);
        if (!delays.isEmpty()) {
            System.out.printf("delay from 200 to queryable: p50 %.1f s, p95 %.1f s, p99 %.1f s, max %.1f s%n",
                    pct(delays, 50), pct(delays, 95), pct(delays, 99), delays.get(delays.size() - 1) / 1000.0);
        }
    }

    private static double pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1000.0;
    }

    private static void poll(String table, Lock lakeLock, Map<String, Long> seenAt, long deadline, Map<String, Long> acked,
                             AtomicBoolean loadDone) {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            while (System.nanoTime() < deadline) {
                Thread.sleep(1000);
                long now = System.currentTimeMillis();
                lakeLock.lock();
                try (Statement q = duck.createStatement();
                     ResultSet rs = q.executeQuery("SELECT event_id FROM read_parquet('" + table
                             + "', hive_partitioning = true)")) {
                    while (rs.next()) {
                        seenAt.putIfAbsent(rs.getString(1), now);
                    }
                } catch (java.sql.SQLException e) {
                    // No Parquet yet.
                } finally {
                    lakeLock.unlock();
                }
                if (loadDone.get() && seenAt.keySet().containsAll(acked.keySet())) {
                    return;
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
