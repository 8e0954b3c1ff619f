package io.clickstream.ingestion.sink;

import io.clickstream.ingestion.metrics.IngestionMetrics;
import io.clickstream.model.LakeLayout;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
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
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves sealed batches into the lake's raw partitions, off the request path. The request path stores each request
 * as a cheap uncompressed gzip member; here a whole sealed batch is recompressed in one pass at the configured
 * level (one thread, big window, far less CPU per byte than per-request compression), fsync'd and renamed into
 * {@code raw/app_id=.../date=.../hour=...}. When the backlog grows past its bound, batches are published as they
 * are (still valid gzip) so that freshness and disk use stay bounded under overload.
 */
final class RawBatchPublisher {

    private static final Logger log = LoggerFactory.getLogger(RawBatchPublisher.class);
    private static final long HOUR_MILLIS = 3_600_000L;
    static final String COMPACTING_SUFFIX = ".compacting";

    /** A finished in-progress file waiting to be published. */
    record SealedBatch(Path file, String appId, long hour, long sequence) {
    }

    private final BatchDestination destination;
    private final String nodeId;
    private final int level;
    private final long maxBacklogBytes;
    private final IngestionMetrics metrics;
    private final LinkedBlockingQueue<SealedBatch> queue = new LinkedBlockingQueue<>();
    private final AtomicLong backlogBytes = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean failing;

    /**
     * @param level           deflate level of published batches; 0 publishes the stored members as they are
     * @param maxBacklogBytes beyond this many bytes waiting, batches are published without recompression
     */
    RawBatchPublisher(BatchDestination destination, String nodeId, int level, long maxBacklogBytes,
                      IngestionMetrics metrics) {
        this.destination = destination;
        this.nodeId = nodeId;
        this.level = level;
        this.maxBacklogBytes = maxBacklogBytes;
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
                if (level == 0 || backlogBytes.get() > maxBacklogBytes) {
                    publish(batch.file(), batch);
                } else {
                    compactAndPublish(batch);
                }
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

    private void compactAndPublish(SealedBatch batch) throws IOException {
        Path compacted = batch.file().resolveSibling(batch.file().getFileName() + COMPACTING_SUFFIX);
        try (FileChannel channel = FileChannel.open(compacted, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
             LeveledGzipStream out = new LeveledGzipStream(Channels.newOutputStream(channel), level)) {
            try (InputStream in = new GZIPInputStream(new KnownLengthInputStream(
                    new BufferedInputStream(Files.newInputStream(batch.file()), 256 * 1024),
                    Files.size(batch.file())), 256 * 1024)) {
                byte[] buffer = new byte[256 * 1024];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    out.write(buffer, 0, n);
                }
            }
            out.finish();
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(compacted);
            throw e;
        }
        try {
            publish(compacted, batch);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(compacted);
            throw e;
        }
        // A crash before this delete republishes the same lines under the same name, which replaces the file.
        Files.delete(batch.file());
        syncDirectory(batch.file().getParent());
    }

    private void publish(Path file, SealedBatch batch) throws IOException {
        destination.publish(file, batch.appId(), dateOf(batch.hour()), (int) Math.floorMod(batch.hour(), 24L),
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

    /**
     * A file's stream that answers {@code available()} from the known length instead of asking the file channel:
     * GZIPInputStream calls it at the end of every member, and the in-progress files hold one member per request.
     */
    private static final class KnownLengthInputStream extends FilterInputStream {
        private long remaining;

        KnownLengthInputStream(InputStream in, long length) {
            super(in);
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            int c = in.read();
            if (c >= 0) {
                remaining--;
            }
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(n);
            remaining -= skipped;
            return skipped;
        }

        @Override
        public int available() {
            return (int) Math.max(0, Math.min(Integer.MAX_VALUE, remaining));
        }
    }

    /** A gzip stream at a chosen deflate level (the JDK's stream fixes the default level). */
    private static final class LeveledGzipStream extends GZIPOutputStream {
        LeveledGzipStream(OutputStream out, int level) throws IOException {
            super(out, 256 * 1024);
            def.setLevel(level);
        }
    }
}
