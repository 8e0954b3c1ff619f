package io.clickstream.ingestion.sink;

import io.clickstream.ingestion.metrics.IngestionMetrics;
import io.clickstream.model.LakeLayout;
import io.netty.util.concurrent.EventExecutor;
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
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default sink: raw batches in a local lake directory, with group commit. The sink has lanes, shared by all event
 * loops, each with its own in-progress files under {@code <lake>/_ingest/<node>/} and its own sync thread. An event
 * loop only queues a request's envelope line on a lane; the sync thread takes everything queued while its previous
 * commit ran, compresses the lines bound for one file into one gzip member (deflate at the configured level, with a
 * deflater kept per lane), appends it, fsyncs once, and acknowledges the group by one task on each event loop with
 * requests in it; the lanes' commits run in parallel. Each request is thus compressed once and its bytes written once.
 * A batch that is big or old enough is sealed and handed to a {@link RawBatchPublisher}, which publishes it as it is to
 * {@code raw/app_id=<app>/date=<d>/hour=<h>/<node>-<seq>.jsonl.gz}. After a crash, the complete members of
 * in-progress files (every acknowledged group, so every acknowledged request) are kept and published at the next
 * start.
 */
public final class LocalLakeSink implements RawSink {

    private static final Logger log = LoggerFactory.getLogger(LocalLakeSink.class);
    private static final String IN_PROGRESS_SUFFIX = ".inprogress";
    private static final long HOUR_MILLIS = 3_600_000L;
    private static final int WRITE_BUFFER_BYTES = 1024 * 1024;
    /**
     * In-progress files are extended by this many bytes of zeros ahead of the data. A group commit then overwrites
     * blocks the file already has, so its fsync (fdatasync) only flushes data: no size change and no block allocation
     * for ext4 to commit to its journal on every group. The zeros after the last group are cut before a batch is
     * published, and by the recovery after a crash.
     */
    private static final int PREALLOCATE_BYTES = 1024 * 1024;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(64 * 1024).asReadOnlyBuffer();
    /** Files of versions that recompressed batches before publishing them; a crash could leave one behind. */
    private static final String COMPACTING_SUFFIX = ".compacting";
    /** Beyond this many bytes of sealed batches the destination cannot take, requests get 503. */
    private static final long MAX_BUFFERED_BYTES = 4L * 1024 * 1024 * 1024;

    private final Path ingestDir;
    private final String nodeId;
    private final long rollBytes;
    private final long rollAgeNanos;
    private final long maxQueuedBytes;
    private final IngestionMetrics metrics;
    private final int gzipLevel;
    /**
     * Lanes of the sink, shared by all event loops. Requests join the next group commit of the first lane (one file
     * per partition, one fsync per group) until that group holds {@link #SPILL_AFTER} requests while the lane is in
     * the middle of an fsync; only then do they spill to the next lane, whose fsync runs in parallel. Big groups keep
     * the fsyncs and the per-member work of compression, which cost more CPU than anything else per request on the
     * sync threads, few on a fast disk (one lane for 64 connections here), while a disk with slow fsyncs and many
     * clients still gets parallel ones. Sharing lanes between loops keeps the groups as large with two loops as
     * with one (bench/ingestion/README.md).
     */
    private static final int LANES = 3;
    /** Queued requests of a syncing lane beyond which requests go to the next lane. */
    private static final int SPILL_AFTER = 32;
    /**
     * Under load, when its previous group had at least this many requests, a lane holds its next commit back until as
     * many are queued, {@link #HOLD_NANOS} at most: a commit's fixed work (the fsync with its two VM exits, waking the
     * sync thread and the event loops, a gzip member's first line without history; ~100 us of CPU here, about what
     * four requests take) is then shared by more requests. Without it, groups get as small as the commits are fast
     * (11-12 requests at 64 connections here, 18-19 with it; bench/ingestion/README.md). At light load (smaller
     * groups) nothing waits, and the first commit after load falls waits 1 ms at most.
     */
    static final int FULL_GROUP = 14;
    private static final long HOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** Guards the creation of lanes and {@link #closed}. */
    private final Object lock = new Object();
    /** Lanes opened so far, in order; a slot is set once, under {@link #lock}, and read by the loops without it. */
    private final AtomicReferenceArray<Lane> lanes = new AtomicReferenceArray<>(LANES);
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicInteger queuedRequests = new AtomicInteger();
    private final RawBatchPublisher publisher;
    private volatile boolean closed;
    private volatile boolean writesFailing;
    private long lastSequence;

    private record Pending(String appId, long hour, byte[] line, EventExecutor executor, SinkCallback callback) {
    }

    private record PartitionKey(String appId, long hour) {
    }


    /**
     * Opens the sink: hands what a previous run of this node left in progress to the publisher.
     *
     * @param rollBytes     uncompressed bytes after which a batch is published
     * @param rollAgeMillis age after which a batch is published
     * @param gzipLevel     deflate level of raw batches, applied on the sync threads as each group commit is written
     *                      (0 stores the lines uncompressed)
     */
    public LocalLakeSink(Path lakeRoot, String nodeId, long rollBytes, long rollAgeMillis, long maxQueuedBytes,
                         int gzipLevel, IngestionMetrics metrics) {
        this(lakeRoot, new LocalLakeDestination(lakeRoot), nodeId, rollBytes, rollAgeMillis, maxQueuedBytes,
                gzipLevel, metrics);
    }

    /**
     * Opens the sink with in-progress files under {@code bufferRoot/_ingest/<node>/} and batches published to
     * {@code destination} (a local lake or S3).
     */
    public LocalLakeSink(Path bufferRoot, BatchDestination destination, String nodeId, long rollBytes,
                         long rollAgeMillis, long maxQueuedBytes, int gzipLevel, IngestionMetrics metrics) {
        this(bufferRoot, destination, nodeId, rollBytes, rollAgeMillis, maxQueuedBytes, gzipLevel, metrics,
                System::currentTimeMillis);
    }

    /** As above, with the clock that decides whether a batch is published late (tests give ingest times of their own). */
    LocalLakeSink(Path bufferRoot, BatchDestination destination, String nodeId, long rollBytes, long rollAgeMillis,
                  long maxQueuedBytes, int gzipLevel, IngestionMetrics metrics, java.util.function.LongSupplier clock) {
        Path lakeRoot = bufferRoot;
        this.ingestDir = lakeRoot.resolve("_ingest").resolve(nodeId).toAbsolutePath();
        this.nodeId = nodeId;
        this.rollBytes = rollBytes;
        this.rollAgeNanos = TimeUnit.MILLISECONDS.toNanos(rollAgeMillis);
        this.maxQueuedBytes = maxQueuedBytes;
        this.metrics = metrics;
        if (gzipLevel < 0 || gzipLevel > 9) {
            throw new IllegalArgumentException("gzipLevel must be 0..9: " + gzipLevel);
        }
        this.gzipLevel = gzipLevel;
        try {
            Files.createDirectories(ingestDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + ingestDir, e);
        }
        this.publisher = new RawBatchPublisher(destination, nodeId, metrics, clock);
        try {
            recover();
        } catch (IOException e) {
            publisher.close();
            throw new UncheckedIOException("cannot recover " + ingestDir, e);
        }
        metrics.watchSink(queuedRequests::get, queuedBytes::get, this::healthy);
    }

    @Override
    public boolean offer(String appId, long ingestTime, byte[] line, EventExecutor executor, SinkCallback callback) {
        int length = line.length;
        if (closed || publisher.backlogBytes() > MAX_BUFFERED_BYTES) {
            return false;
        }
        if (queuedBytes.addAndGet(length) > maxQueuedBytes) {
            queuedBytes.addAndGet(-length);
            return false;
        }
        queuedRequests.incrementAndGet();
        // The line is ours (RawSink): no copy on the event loop; compression happens on the sync thread.
        Pending pending = new Pending(appId, Math.floorDiv(ingestTime, HOUR_MILLIS), line, executor, callback);
        Lane lane = chooseLane();
        if (lane == null || !lane.add(pending)) {
            queuedBytes.addAndGet(-length);
            queuedRequests.decrementAndGet();
            return false;
        }
        return true;
    }

    /**
     * The first lane that is not syncing or has fewer than {@link #SPILL_AFTER} requests queued, else the last one,
     * opening it if needed; null once the sink is closed.
     */
    private Lane chooseLane() {
        for (int i = 0; i < LANES; i++) {
            Lane lane = lanes.get(i);
            if (lane == null) {
                synchronized (lock) {
                    if (closed) {
                        return null;
                    }
                    lane = lanes.get(i);
                    if (lane == null) {
                        lane = new Lane(i);
                        lanes.set(i, lane);
                    }
                }
            }
            if (!lane.syncing || lane.queued < SPILL_AFTER || i == LANES - 1) {
                return lane;
            }
        }
        return null;
    }

    @Override
    public boolean healthy() {
        return !closed && !writesFailing && publisher.healthy();
    }

    @Override
    public long queuedBytes() {
        return queuedBytes.get();
    }

    @Override
    public int queuedRequests() {
        return queuedRequests.get();
    }

    /** Bytes of sealed batches not yet published. */
    public long publishBacklogBytes() {
        return publisher.backlogBytes();
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
        }
        for (int i = 0; i < LANES; i++) {
            Lane lane = lanes.get(i);
            if (lane != null) {
                lane.stop();
            }
        }
        publisher.close();
    }

    /**
     * A share of the sink: its own in-progress files and a sync thread. Event loops queue requests and go on reading
     * while the sync thread compresses, writes and fsyncs what has queued since its last commit; each loop with
     * requests in the group then gets one task that acknowledges them. Lanes commit in parallel.
     */
    private final class Lane {
        private final Map<PartitionKey, OpenBatch> open = new HashMap<>();
        private final ByteBuffer writeBuffer = ByteBuffer.allocateDirect(WRITE_BUFFER_BYTES);
        /** Used only by the sync thread, which ends it when it stops. */
        private final GzipMembers gzip = new GzipMembers(gzipLevel);
        private final Thread syncer;
        private List<Pending> pending = new ArrayList<>();
        private boolean syncerWaiting;
        /** Queued requests at which a waiting sync thread is woken: 1, or a full group while it holds one back. */
        private int wakeAt = 1;
        /** Requests of the lane's previous group commit. */
        private int previousGroup;
        private boolean stopping;
        /** True while the sync thread writes and fsyncs a group; read by the loop to spread load over lanes. */
        volatile boolean syncing;
        /** Requests waiting for the next group commit of this lane. */
        volatile int queued;

        Lane(int number) {
            this.syncer = new Thread(this::syncLoop, "lake-sync-" + nodeId + "-" + number);
            syncer.start();
        }

        boolean add(Pending request) {
            synchronized (this) {
                if (stopping) {
                    return false;
                }
                pending.add(request);
                queued = pending.size();
                if (syncerWaiting && queued >= wakeAt) {
                    syncerWaiting = false;
                    notify();
                }
                return true;
            }
        }

        private void syncLoop() {
            List<Pending> group = new ArrayList<>();
            long rollCheckNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(rollAgeNanos / 2,
                    TimeUnit.SECONDS.toNanos(1)));
            long nextRollCheck = System.nanoTime() + rollCheckNanos;
            boolean last = false;
            while (!last) {
                synchronized (this) {
                    long wait = nextRollCheck - System.nanoTime();
                    while (pending.isEmpty() && !stopping && wait > 0) {
                        syncerWaiting = true;
                        try {
                            TimeUnit.NANOSECONDS.timedWait(this, wait);
                        } catch (InterruptedException e) {
                            stopping = true;
                        }
                        wait = nextRollCheck - System.nanoTime();
                    }
                    syncerWaiting = false;
                    holdForFullGroup();
                    List<Pending> taken = pending;
                    pending = group;
                    group = taken;
                    queued = 0;
                    previousGroup = group.size();
                    last = stopping && group.isEmpty();
                }
                try {
                    if (!group.isEmpty()) {
                        syncing = true;
                        commit(group);
                        group = new ArrayList<>();
                    }
                    if (last || System.nanoTime() >= nextRollCheck) {
                        rollDue(last);
                        nextRollCheck = System.nanoTime() + rollCheckNanos;
                    }
                } catch (RuntimeException | Error e) {
                    log.error("lake sync thread failed", e);
                    writesFailing = true;
                } finally {
                    syncing = false;
                }
            }
            gzip.end();
        }

        /**
         * Under load (the previous group was full), waits for a full group, {@link #HOLD_NANOS} at most. Called with
         * this lane's lock held; {@link #add} wakes the thread once the group is full.
         */
        private void holdForFullGroup() {
            if (previousGroup < FULL_GROUP) {
                return;
            }
            long deadline = System.nanoTime() + HOLD_NANOS;
            long left;
            wakeAt = FULL_GROUP;
            while (pending.size() < FULL_GROUP && !stopping && (left = deadline - System.nanoTime()) > 0) {
                syncerWaiting = true;
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    stopping = true;
                }
            }
            syncerWaiting = false;
            wakeAt = 1;
        }

        /** Makes everything queued durable, acknowledges it, publishes this lane's files and stops its thread. */
        void stop() {
            synchronized (this) {
                stopping = true;
                notify();
            }
            try {
                syncer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Runs the acknowledgements of one commit as one task on each event loop whose requests it holds. */
        private void acknowledgeOnLoops(List<Pending> group, Map<Pending, Throwable> failures) {
            Map<EventExecutor, List<Pending>> byLoop = new IdentityHashMap<>();
            long bytes = 0;
            for (Pending request : group) {
                bytes += request.line().length;
                byLoop.computeIfAbsent(request.executor(), loop -> new ArrayList<>()).add(request);
            }
            // The group leaves the queue here, once, rather than request by request on the loops: the two counters
            // are shared by every thread that offers or acknowledges, so each update moves their cache line.
            queuedBytes.addAndGet(-bytes);
            queuedRequests.addAndGet(-group.size());
            byLoop.forEach((loop, requests) -> acknowledgeOn(loop, requests, failures));
        }

        private void acknowledgeOn(EventExecutor executor, List<Pending> requests, Map<Pending, Throwable> failures) {
            Runnable acks = () -> {
                for (Pending request : requests) {
                    acknowledge(request, failures.get(request));
                }
            };
            if (executor.isShuttingDown()) {
                acks.run();
            } else {
                try {
                    executor.execute(acks);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    acks.run();
                }
            }
        }

        /** Appends a group of requests to their batches, fsyncs each touched batch once, then acknowledges. */
        private void commit(List<Pending> group) {
            long start = System.nanoTime();
            Map<OpenBatch, List<Pending>> byBatch = new HashMap<>();
            Map<Pending, Throwable> failures = new HashMap<>();
            for (Pending request : group) {
                PartitionKey key = new PartitionKey(request.appId(), request.hour());
                OpenBatch batch = open.get(key);
                if (batch == null) {
                    try {
                        batch = openBatch(key);
                        open.put(key, batch);
                    } catch (IOException e) {
                        log.error("cannot open a batch file in {}", ingestDir, e);
                        failures.put(request, e);
                        continue;
                    }
                }
                byBatch.computeIfAbsent(batch, b -> new ArrayList<>()).add(request);
            }
            for (Map.Entry<OpenBatch, List<Pending>> entry : byBatch.entrySet()) {
                OpenBatch batch = entry.getKey();
                try {
                    batch.append(entry.getValue(), writeBuffer, gzip);
                } catch (IOException | RuntimeException | Error e) {
                    // Whatever stopped a member half-way, the file is cut back to its last durable group before
                    // anything else is appended, so a torn member never sits in front of acknowledged ones.
                    log.error("cannot write {}", batch.file, e);
                    open.remove(batch.key);
                    batch.salvage();
                    for (Pending request : entry.getValue()) {
                        failures.put(request, e);
                    }
                }
            }
            boolean failed = !failures.isEmpty();
            if (writesFailing != failed) {
                // Written only on a change: the event loops read this object's fields on every request.
                writesFailing = failed;
            }
            metrics.synced(System.nanoTime() - start);
            acknowledgeOnLoops(group, failures);
        }

        private void rollDue(boolean all) {
            long now = System.nanoTime();
            Iterator<OpenBatch> it = open.values().iterator();
            while (it.hasNext()) {
                OpenBatch batch = it.next();
                if (all || batch.rawBytes >= rollBytes || now - batch.openedNanos >= rollAgeNanos) {
                    it.remove();
                    try {
                        batch.seal();
                        publish(batch.file, batch.key.appId(), batch.key.hour(), batch.sequence);
                    } catch (IOException e) {
                        writesFailing = true;
                        log.error("cannot close {}; it stays in {} until the next start", batch.file, ingestDir, e);
                    }
                }
            }
        }
    }

    private void acknowledge(Pending request, Throwable failure) {
        try {
            request.callback().completed(failure);
        } catch (RuntimeException e) {
            log.warn("acknowledgement callback failed", e);
        }
    }

    private synchronized long nextSequence() {
        lastSequence = Math.max(lastSequence + 1, System.currentTimeMillis());
        return lastSequence;
    }

    private OpenBatch openBatch(PartitionKey key) throws IOException {
        long sequence = nextSequence();
        LocalDate date = RawBatchPublisher.dateOf(key.hour());
        int hourOfDay = (int) Math.floorMod(key.hour(), 24L);
        String name = sequence + "_" + date + "_" + (hourOfDay < 10 ? "0" : "") + hourOfDay + "_" + key.appId()
                + IN_PROGRESS_SUFFIX;
        Path file = ingestDir.resolve(name);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        RawBatchPublisher.syncDirectory(ingestDir);
        return new OpenBatch(key, file, channel, sequence, System.nanoTime());
    }

    private void publish(Path file, String appId, long hour, long sequence) {
        publisher.submit(new RawBatchPublisher.SealedBatch(file, appId, hour, sequence));
    }

    /** Keeps the complete members of every in-progress file a previous run left and publishes them. */
    private void recover() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(ingestDir, "*" + COMPACTING_SUFFIX)) {
            for (Path unfinished : files) {
                Files.delete(unfinished);
            }
        }
        List<Path> leftovers = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(ingestDir, "*" + IN_PROGRESS_SUFFIX)) {
            files.forEach(leftovers::add);
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
            synchronized (this) {
                lastSequence = Math.max(lastSequence, sequence);
            }
            byte[] content = Files.readAllBytes(file);
            long complete = GzipMembers.completePrefix(content);
            if (complete == 0) {
                Files.delete(file);
                RawBatchPublisher.syncDirectory(ingestDir);
                log.info("removed {}: no complete request in it", file);
                continue;
            }
            if (complete < content.length) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.truncate(complete);
                    channel.force(true);
                }
                log.info("recovered {}: cut {} bytes after its last complete group commit (an unfinished one, or"
                        + " space written ahead)", file, content.length - complete);
            }
            publish(file, parts[3], hour, sequence);
            log.info("publishing batch {} left by a previous run", file.getFileName());
        }
    }

    /** One in-progress batch file: the partition it belongs to and how much of it is durable. */
    private final class OpenBatch {
        final PartitionKey key;
        final Path file;
        final FileChannel channel;
        final long sequence;
        final long openedNanos;
        long durableLength;
        /** Length of the file: the durable groups and the zeros written ahead of them. */
        long allocatedLength;
        long rawBytes;

        OpenBatch(PartitionKey key, Path file, FileChannel channel, long sequence, long openedNanos) {
            this.key = key;
            this.file = file;
            this.channel = channel;
            this.sequence = sequence;
            this.openedNanos = openedNanos;
        }

        /** Writes the lines of one group commit as one gzip member and fsyncs it. */
        void append(List<Pending> requests, ByteBuffer writeBuffer, GzipMembers gzip) throws IOException {
            long raw = 0;
            for (Pending request : requests) {
                raw += request.line().length;
            }
            // Deflate (zlib's and FastDeflater, which falls back to stored blocks) never grows data by more than its
            // stored blocks' headers: the member fits in raw + this.
            preallocate(raw + (raw >> 10) + 64);
            gzip.begin(writeBuffer, channel);
            for (Pending request : requests) {
                byte[] line = request.line();
                gzip.add(line, 0, line.length);
            }
            long written = gzip.finish();
            channel.force(false);
            durableLength += written;
            // Should a member ever outgrow the space written ahead, the file grew with it: zeros written ahead
            // later must start after it, never over it.
            allocatedLength = Math.max(allocatedLength, durableLength);
            rawBytes += raw;
        }

        /** Makes sure the file has {@code bytes} of written zeros after its durable groups. */
        private void preallocate(long bytes) throws IOException {
            if (durableLength + bytes <= allocatedLength) {
                return;
            }
            long target = Math.max(allocatedLength + PREALLOCATE_BYTES, durableLength + bytes);
            while (allocatedLength < target) {
                ByteBuffer zeros = ZEROS.duplicate();
                zeros.limit((int) Math.min(zeros.capacity(), target - allocatedLength));
                allocatedLength += channel.write(zeros, allocatedLength);
            }
        }

        /** Cuts the zeros after the last group, makes that durable and closes the file, ready to be published. */
        void seal() throws IOException {
            try {
                if (allocatedLength > durableLength) {
                    channel.truncate(durableLength);
                    channel.force(true);
                }
            } finally {
                channel.close();
            }
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
