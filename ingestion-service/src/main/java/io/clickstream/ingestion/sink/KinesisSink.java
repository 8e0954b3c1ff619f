package io.clickstream.ingestion.sink;

import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Sends each accepted request as one Kinesis record. A sender thread packs queued requests into PutRecords calls
 * (at most 500 records / 5 MiB), acknowledges each record Kinesis stored, and retries only the records it refused
 * (throttling, internal errors) with backoff; a request is answered 503 once its record has failed
 * {@code maxAttempts} times, never dropped after a 200.
 */
public final class KinesisSink implements RawSink {

    private static final Logger log = LoggerFactory.getLogger(KinesisSink.class);
    /** Kinesis limits: records per call, bytes per call, bytes per record (data + partition key). */
    static final int MAX_RECORDS_PER_CALL = 500;
    static final long MAX_BYTES_PER_CALL = 5L * 1024 * 1024;
    static final int MAX_RECORD_BYTES = 1024 * 1024;

    private final KinesisClient kinesis;
    private final String stream;
    private final long maxQueuedBytes;
    private final int maxAttempts;
    private final Object lock = new Object();
    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicInteger queuedRequests = new AtomicInteger();
    private final AtomicLong partitionCounter = new AtomicLong();
    private final Thread sender;
    private volatile boolean closed;
    private volatile boolean failing;

    private static final class Entry {
        final String partitionKey;
        final byte[] data;
        final EventExecutor executor;
        final SinkCallback callback;
        int attempts;

        Entry(String partitionKey, byte[] data, EventExecutor executor, SinkCallback callback) {
            this.partitionKey = partitionKey;
            this.data = data;
            this.executor = executor;
            this.callback = callback;
        }

        long size() {
            return data.length + partitionKey.length();
        }
    }

    public KinesisSink(KinesisClient kinesis, String stream, long maxQueuedBytes, int maxAttempts) {
        this.kinesis = kinesis;
        this.stream = stream;
        this.maxQueuedBytes = maxQueuedBytes;
        this.maxAttempts = maxAttempts;
        this.sender = new Thread(this::sendLoop, "kinesis-sender-" + stream);
        sender.start();
    }

    @Override
    public boolean offer(String appId, long ingestTime, byte[] line, EventExecutor executor, SinkCallback callback) {
        int length = line.length;
        // Spread an app over shards; order between requests carries no meaning.
        String partitionKey = appId + "/" + (partitionCounter.incrementAndGet() & 255);
        if (closed || length + partitionKey.length() > MAX_RECORD_BYTES) {
            return false;
        }
        if (queuedBytes.addAndGet(length) > maxQueuedBytes) {
            queuedBytes.addAndGet(-length);
            return false;
        }
        queuedRequests.incrementAndGet();
        synchronized (lock) {
            queue.addLast(new Entry(partitionKey, line, executor, callback));
            lock.notifyAll();
        }
        return true;
    }

    private void sendLoop() {
        long backoffMillis = 0;
        while (true) {
            List<Entry> batch = new ArrayList<>();
            synchronized (lock) {
                while (queue.isEmpty() && !closed) {
                    try {
                        lock.wait(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (queue.isEmpty()) {
                    return;
                }
                long bytes = 0;
                while (!queue.isEmpty() && batch.size() < MAX_RECORDS_PER_CALL
                        && bytes + queue.peekFirst().size() <= MAX_BYTES_PER_CALL) {
                    Entry entry = queue.pollFirst();
                    bytes += entry.size();
                    batch.add(entry);
                }
            }
            if (backoffMillis > 0) {
                sleep(backoffMillis);
            }
            backoffMillis = send(batch) ? 0 : Math.min(Math.max(backoffMillis * 2, 50), 2000);
        }
    }

    /** One PutRecords call; true when Kinesis took every record. */
    private boolean send(List<Entry> batch) {
        List<PutRecordsRequestEntry> records = new ArrayList<>(batch.size());
        for (Entry entry : batch) {
            entry.attempts++;
            records.add(PutRecordsRequestEntry.builder().partitionKey(entry.partitionKey)
                    .data(SdkBytes.fromByteArrayUnsafe(entry.data)).build());
        }
        List<Entry> retry = new ArrayList<>();
        try {
            PutRecordsResponse response = kinesis.putRecords(b -> b.streamName(stream).records(records));
            List<PutRecordsResultEntry> results = response.records();
            for (int i = 0; i < batch.size(); i++) {
                Entry entry = batch.get(i);
                PutRecordsResultEntry result = i < results.size() ? results.get(i) : null;
                if (result != null && result.errorCode() == null) {
                    complete(entry, null);
                } else {
                    retryOrFail(entry, result == null ? "missing result" : result.errorCode(), retry);
                }
            }
        } catch (SdkException e) {
            log.warn("PutRecords to {} failed: {}", stream, e.toString());
            for (Entry entry : batch) {
                retryOrFail(entry, e.toString(), retry);
            }
        }
        if (!retry.isEmpty()) {
            synchronized (lock) {
                for (int i = retry.size() - 1; i >= 0; i--) {
                    queue.addFirst(retry.get(i));
                }
            }
        }
        failing = !retry.isEmpty();
        return retry.isEmpty();
    }

    private void retryOrFail(Entry entry, String reason, List<Entry> retry) {
        if (entry.attempts < maxAttempts) {
            retry.add(entry);
        } else {
            complete(entry, new IllegalStateException("Kinesis refused the record " + entry.attempts + " times: "
                    + reason));
        }
    }

    private void complete(Entry entry, Throwable failure) {
        queuedBytes.addAndGet(-entry.data.length);
        queuedRequests.decrementAndGet();
        try {
            entry.executor.execute(() -> entry.callback.completed(failure));
        } catch (RuntimeException e) {
            entry.callback.completed(failure);
        }
    }

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean healthy() {
        return !closed && !failing && sender.isAlive();
    }

    @Override
    public long queuedBytes() {
        return queuedBytes.get();
    }

    @Override
    public int queuedRequests() {
        return queuedRequests.get();
    }

    /** Sends everything queued (retrying as usual), then stops. */
    @Override
    public void close() {
        closed = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        try {
            sender.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
