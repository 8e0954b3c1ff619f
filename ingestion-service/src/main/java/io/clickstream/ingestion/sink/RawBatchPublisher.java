package io.clickstream.ingestion.sink;

import io.clickstream.ingestion.metrics.IngestionMetrics;
import io.clickstream.model.LakeLayout;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves sealed batches into the lake's raw partitions, off the request path, one thread per sink. The batches are
 * already compressed (the sync threads deflate each group commit as they write it), so publishing is a rename into
 * {@code raw/app_id=.../date=.../hour=...} or an upload, through the {@link BatchDestination}. A batch that cannot be
 * published is retried with a growing pause; the bytes waiting are counted so that the sink can refuse requests
 * when the destination stays away.
 */
final class RawBatchPublisher {

    private static final Logger log = LoggerFactory.getLogger(RawBatchPublisher.class);
    private static final long HOUR_MILLIS = 3_600_000L;

    /** A finished in-progress file waiting to be published. */
    record SealedBatch(Path file, String appId, long hour, long sequence) {
    }

    private final BatchDestination destination;
    /** Wall clock in milliseconds, of the same kind as the ingest times that give a batch its hour. */
    private final LongSupplier clock;
    private final String nodeId;
    private final IngestionMetrics metrics;
    private final LinkedBlockingQueue<SealedBatch> queue = new LinkedBlockingQueue<>();
    private final AtomicLong backlogBytes = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean failing;

    RawBatchPublisher(BatchDestination destination, String nodeId, IngestionMetrics metrics, LongSupplier clock) {
        this.destination = destination;
        this.clock = clock;
        this.nodeId = nodeId;
        this.metrics = metrics;
        this.thread = new Thread(this::run, "lake-publisher-" + nodeId);
        thread.start();
    }

    void submit(SealedBatch batch) {
        long size;
        try {
            size = Files.size(batch.file());
        } catch (IOException e) {
            size = 0;
        }
        backlogBytes.addAndGet(size);
        queue.add(batch);
    }

    long backlogBytes() {
        return backlogBytes.get();
    }

    boolean healthy() {
        return !failing && thread.isAlive();
    }

    /** Publishes everything submitted so far, then stops. */
    void close() {
        closed = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        long retryMillis = 200;
        while (true) {
            SealedBatch batch;
            try {
                batch = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (batch == null) {
                if (closed && queue.isEmpty()) {
                    return;
                }
                continue;
            }
            long size = 0;
            try {
                size = Files.size(batch.file());
                publish(batch);
                failing = false;
                metrics.published();
            } catch (IOException | RuntimeException e) {
                failing = true;
                backlogBytes.addAndGet(-size);
                size = 0;
                if (closed) {
                    log.error("cannot publish {}; it is published at the next start", batch.file(), e);
                } else {
                    log.warn("cannot publish {} ({}); retrying in {} ms", batch.file(), e.toString(), retryMillis);
                    sleep(retryMillis);
                    retryMillis = Math.min(retryMillis * 2, 10_000);
                    submit(batch);
                }
                continue;
            } finally {
                backlogBytes.addAndGet(-size);
            }
            retryMillis = 200;
        }
    }

    private void publish(SealedBatch batch) throws IOException {
        // The ETL seals an hour's partition some time after the hour ends and never lists it again: a batch that
        // comes later than LakeLayout.RAW_LATE_LIMIT (a destination that was away, a restart's recovery) goes to
        // the current hour instead. Its events keep their own times; only where the file lies changes.
        long hour = LakeLayout.rawPublishHour(batch.hour(), clock.getAsLong());
        destination.publish(batch.file(), batch.appId(), dateOf(hour), (int) Math.floorMod(hour, 24L),
                LakeLayout.rawFileName(nodeId, batch.sequence()));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static LocalDate dateOf(long epochHour) {
        return Instant.ofEpochMilli(epochHour * HOUR_MILLIS).atZone(ZoneOffset.UTC).toLocalDate();
    }

    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
