package io.clickstream.ingestion.sink;

import io.clickstream.ingestion.metrics.IngestionMetrics;
import io.clickstream.model.LakeLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default sink: raw batches in a local lake directory, with group commit. Request threads wrap each
 * envelope line into its own (stored, uncompressed) gzip member and queue it; one writer thread appends every queued member to the
 * in-progress file of its app/hour partition under {@code <lake>/_ingest/<node>/}, fsyncs once for all of them and
 * only then acknowledges them. A batch that is big or old enough is renamed into
 * {@code raw/app_id=<app>/date=<d>/hour=<h>/<node>-<seq>.jsonl.gz}, recompressed off the request path by a
 * {@link RawBatchPublisher}. After a crash, the complete members of
 * in-progress files (every acknowledged request) are kept and published at the next start.
 */
public final class LocalLakeSink implements RawSink {

    private static final Logger log = LoggerFactory.getLogger(LocalLakeSink.class);
    private static final String IN_PROGRESS_SUFFIX = ".inprogress";
    private static final long HOUR_MILLIS = 3_600_000L;
    private static final long MAX_IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final int WRITE_BUFFER_BYTES = 1024 * 1024;
    private static final long MAX_PUBLISH_BACKLOG_BYTES = 1024L * 1024 * 1024;

    private final LakeLayout layout;
    private final Path ingestDir;
    private final String nodeId;
    private final long rollBytes;
    private final long rollAgeNanos;
    private final long maxQueuedBytes;
    private final IngestionMetrics metrics;
    private final ThreadLocal<GzipMembers> compressors;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicInteger queuedRequests = new AtomicInteger();
    private final Thread writer;
    private final RawBatchPublisher publisher;
    private volatile boolean closed;
    private volatile boolean terminated;
    private volatile boolean writesFailing;

    // Owned by the writer thread (and by the constructor before it starts).
    private final Map<PartitionKey, OpenBatch> open = new HashMap<>();
    private final ByteBuffer writeBuffer = ByteBuffer.allocateDirect(WRITE_BUFFER_BYTES);
    private long lastSequence;

    private record Pending(String appId, long hour, byte[] member, int lineLength, SinkCallback callback,
                           long offeredNanos) {
    }

    private record PartitionKey(String appId, long hour) {
    }

    /**
     * Opens the sink: publishes what a previous run of this node left in progress, then starts the writer.
     *
     * @param rollBytes uncompressed bytes after which a batch is published
     * @param rollAgeMillis age after which a batch is published
     */
    public LocalLakeSink(Path lakeRoot, String nodeId, long rollBytes, long rollAgeMillis, long maxQueuedBytes,
                         int gzipLevel, IngestionMetrics metrics) {
        this.layout = new LakeLayout(lakeRoot.toAbsolutePath().toString());
        this.ingestDir = lakeRoot.resolve("_ingest").resolve(nodeId).toAbsolutePath();
        this.nodeId = nodeId;
        this.rollBytes = rollBytes;
        this.rollAgeNanos = TimeUnit.MILLISECONDS.toNanos(rollAgeMillis);
        this.maxQueuedBytes = maxQueuedBytes;
        this.metrics = metrics;
        // Requests are stored uncompressed (level 0 members cost a copy and a CRC); the publisher compresses whole
        // batches at gzipLevel off the request path.
        this.compressors = ThreadLocal.withInitial(() -> new GzipMembers(0));
        try {
            Files.createDirectories(ingestDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + ingestDir, e);
        }
        this.publisher = new RawBatchPublisher(layout, nodeId, gzipLevel, MAX_PUBLISH_BACKLOG_BYTES, metrics);
        try {
            recover();
        } catch (IOException e) {
            publisher.close();
            throw new UncheckedIOException("cannot recover " + ingestDir, e);
        }
        metrics.watchSink(queuedRequests::get, queuedBytes::get, this::healthy);
        writer = new Thread(this::writeLoop, "lake-writer-" + nodeId);
        writer.setDaemon(false);
        writer.start();
    }

    @Override
    public boolean offer(String appId, long ingestTime, byte[] line, int offset, int length, SinkCallback callback) {
        if (closed) {
            return false;
        }
        byte[] member = compressors.get().member(line, offset, length);
        if (queuedBytes.addAndGet(member.length) > maxQueuedBytes) {
            queuedBytes.addAndGet(-member.length);
            return false;
        }
        queuedRequests.incrementAndGet();
        Pending pending = new Pending(appId, Math.floorDiv(ingestTime, HOUR_MILLIS), member, length, callback,
                System.nanoTime());
        queue.add(pending);
        if (terminated && queue.remove(pending)) {
            dequeued(pending);
            return false;
        }
        return true;
    }

    @Override
    public boolean healthy() {
        return !closed && !writesFailing && writer.isAlive() && publisher.healthy();
    }

    @Override
    public long queuedBytes() {
        return queuedBytes.get();
    }

    @Override
    public int queuedRequests() {
        return queuedRequests.get();
    }

    @Override
    public void close() {
        closed = true;
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publisher.close();
    }

    /** Bytes of sealed batches not yet published. */
    public long publishBacklogBytes() {
        return publisher.backlogBytes();
    }

    private void writeLoop() {
        List<Pending> group = new ArrayList<>();
        try {
            while (true) {
                Pending first = closed ? queue.poll() : queue.poll(nanosUntilNextRoll(), TimeUnit.NANOSECONDS);
                if (first != null) {
                    group.add(first);
                    queue.drainTo(group);
                    commit(group);
                    group.clear();
                }
                rollDue(System.nanoTime(), false);
                if (closed && queue.isEmpty()) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            log.error("lake writer stopped", e);
            fail(group, e);
        } finally {
            rollDue(System.nanoTime(), true);
            terminated = true;
            List<Pending> orphans = new ArrayList<>();
            queue.drainTo(orphans);
            fail(orphans, new IllegalStateException("sink closed"));
        }
    }

    /** Appends a group of requests to their batches, fsyncs each touched batch once, then acknowledges. */
    private void commit(List<Pending> group) {
        long start = System.nanoTime();
        Map<OpenBatch, List<Pending>> byBatch = new HashMap<>();
        Map<PartitionKey, IOException> openFailures = new HashMap<>();
        for (Pending pending : group) {
            PartitionKey key = new PartitionKey(pending.appId(), pending.hour());
            OpenBatch batch = open.get(key);
            if (batch == null && !openFailures.containsKey(key)) {
                try {
                    batch = openBatch(key);
                    open.put(key, batch);
                } catch (IOException e) {
                    openFailures.put(key, e);
                }
            }
            if (batch == null) {
                acknowledge(pending, openFailures.get(key));
            } else {
                byBatch.computeIfAbsent(batch, b -> new ArrayList<>()).add(pending);
            }
        }
        boolean failed = !openFailures.isEmpty();
        for (Map.Entry<OpenBatch, List<Pending>> entry : byBatch.entrySet()) {
            OpenBatch batch = entry.getKey();
            IOException failure = null;
            try {
                batch.append(entry.getValue());
            } catch (IOException e) {
                failure = e;
                failed = true;
                log.error("cannot write {}", batch.file, e);
                open.remove(batch.key);
                batch.salvage();
            }
            for (Pending pending : entry.getValue()) {
                acknowledge(pending, failure);
            }
        }
        writesFailing = failed;
        metrics.synced(System.nanoTime() - start);
    }

    private void acknowledge(Pending pending, Throwable failure) {
        dequeued(pending);
        if (failure == null) {
            metrics.acknowledged(System.nanoTime() - pending.offeredNanos());
        }
        try {
            pending.callback().completed(failure);
        } catch (RuntimeException e) {
            log.warn("acknowledgement callback failed", e);
        }
    }

    private void fail(List<Pending> pendings, Throwable failure) {
        for (Pending pending : pendings) {
            acknowledge(pending, failure);
        }
    }

    private void dequeued(Pending pending) {
        queuedBytes.addAndGet(-pending.member().length);
        queuedRequests.decrementAndGet();
    }

    private long nanosUntilNextRoll() {
        long now = System.nanoTime();
        long wait = MAX_IDLE_WAIT_NANOS;
        for (OpenBatch batch : open.values()) {
            wait = Math.min(wait, batch.openedNanos + rollAgeNanos - now);
        }
        return Math.max(wait, 0);
    }

    private void rollDue(long now, boolean all) {
        Iterator<OpenBatch> it = open.values().iterator();
        while (it.hasNext()) {
            OpenBatch batch = it.next();
            if (all || batch.rawBytes >= rollBytes || now - batch.openedNanos >= rollAgeNanos) {
                it.remove();
                try {
                    batch.channel.close();
                    publish(batch.file, batch.key.appId(), batch.key.hour(), batch.sequence);
                } catch (IOException e) {
                    writesFailing = true;
                    log.error("cannot close {}; it stays in {} until the next start", batch.file, ingestDir, e);
                }
            }
        }
    }

    private OpenBatch openBatch(PartitionKey key) throws IOException {
        long sequence = Math.max(lastSequence + 1, System.currentTimeMillis());
        lastSequence = sequence;
        LocalDate date = dateOf(key.hour());
        int hourOfDay = (int) Math.floorMod(key.hour(), 24L);
        String name = sequence + "_" + date + "_" + (hourOfDay < 10 ? "0" : "") + hourOfDay + "_" + key.appId()
                + IN_PROGRESS_SUFFIX;
        Path file = ingestDir.resolve(name);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        syncDirectory(ingestDir);
        return new OpenBatch(key, file, channel, sequence, System.nanoTime());
    }

    /** Keeps the complete members of every in-progress file a previous run left and publishes them. */
    private void recover() throws IOException {
        List<Path> leftovers = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(ingestDir, "*" + IN_PROGRESS_SUFFIX)) {
            files.forEach(leftovers::add);
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(ingestDir,
                "*" + RawBatchPublisher.COMPACTING_SUFFIX)) {
            for (Path unfinished : files) {
                Files.delete(unfinished);
            }
        }
        for (Path file : leftovers) {
            String name = file.getFileName().toString();
            String[] parts = name.substring(0, name.length() - IN_PROGRESS_SUFFIX.length()).split("_", 4);
            long sequence;
            long hour;
            try {
                sequence = Long.parseLong(parts[0]);
                hour = LocalDate.parse(parts[1]).toEpochDay() * 24 + Integer.parseInt(parts[2]);
            } catch (RuntimeException e) {
                log.warn("leaving unrecognised file {} alone", file);
                continue;
            }
            if (parts.length < 4 || !LakeLayout.isSafeSegment(parts[3])) {
                log.warn("leaving unrecognised file {} alone", file);
                continue;
            }
            lastSequence = Math.max(lastSequence, sequence);
            byte[] content = Files.readAllBytes(file);
            long complete = GzipMembers.completePrefix(content);
            if (complete == 0) {
                Files.delete(file);
                syncDirectory(ingestDir);
                log.info("removed {}: no complete request in it", file);
                continue;
            }
            if (complete < content.length) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.truncate(complete);
                    channel.force(true);
                }
                log.info("recovered {}: cut {} bytes of an unfinished request", file, content.length - complete);
            }
            publish(file, parts[3], hour, sequence);
            log.info("publishing batch {} left by a previous run", file.getFileName());
        }
    }

    private static LocalDate dateOf(long epochHour) {
        return RawBatchPublisher.dateOf(epochHour);
    }

    private static void syncDirectory(Path dir) throws IOException {
        RawBatchPublisher.syncDirectory(dir);
    }

    private void publish(Path file, String appId, long hour, long sequence) {
        publisher.submit(new RawBatchPublisher.SealedBatch(file, appId, hour, sequence));
    }

    /** One in-progress batch file: the partition it belongs to and how much of it is durable. */
    private final class OpenBatch {
        final PartitionKey key;
        final Path file;
        final FileChannel channel;
        final long sequence;
        final long openedNanos;
        long durableLength;
        long rawBytes;

        OpenBatch(PartitionKey key, Path file, FileChannel channel, long sequence, long openedNanos) {
            this.key = key;
            this.file = file;
            this.channel = channel;
            this.sequence = sequence;
            this.openedNanos = openedNanos;
        }

        /** Writes the members of one group commit and fsyncs them. */
        void append(List<Pending> pendings) throws IOException {
            writeBuffer.clear();
            long written = 0;
            long raw = 0;
            for (Pending pending : pendings) {
                byte[] member = pending.member();
                if (member.length > writeBuffer.remaining()) {
                    written += drain();
                }
                if (member.length > writeBuffer.capacity()) {
                    written += writeFully(ByteBuffer.wrap(member));
                } else {
                    writeBuffer.put(member);
                }
                raw += pending.lineLength();
            }
            written += drain();
            channel.force(false);
            durableLength += written;
            rawBytes += raw;
        }

        private long drain() throws IOException {
            writeBuffer.flip();
            long n = writeFully(writeBuffer);
            writeBuffer.clear();
            return n;
        }

        private long writeFully(ByteBuffer buffer) throws IOException {
            long n = 0;
            while (buffer.hasRemaining()) {
                n += channel.write(buffer);
            }
            return n;
        }

        /** After a failed write: cut the file back to what was durable and publish that, or leave it for recovery. */
        void salvage() {
            try {
                channel.truncate(durableLength);
                channel.force(true);
                channel.close();
                if (durableLength == 0) {
                    Files.deleteIfExists(file);
                } else {
                    publish(file, key.appId(), key.hour(), sequence);
                }
            } catch (IOException e) {
                log.error("cannot salvage {}; it is recovered at the next start", file, e);
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // already reported; the file is recovered at the next start
                }
            }
        }
    }
}
