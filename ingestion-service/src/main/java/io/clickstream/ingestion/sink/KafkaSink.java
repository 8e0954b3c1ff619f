package io.clickstream.ingestion.sink;

import io.netty.util.concurrent.EventExecutor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each accepted request as one record (key: app id, value: the envelope line, timestamp: ingest time) to a
 * Kafka or MSK topic with an idempotent producer and {@code acks=all}; the client gets its 200 only when the broker
 * has acknowledged the record from all in-sync replicas. {@link KafkaLakeLoader} turns the topic into raw batches.
 */
public final class KafkaSink implements RawSink {

    private static final Logger log = LoggerFactory.getLogger(KafkaSink.class);

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final long maxQueuedBytes;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicInteger queuedRequests = new AtomicInteger();
    private volatile boolean closed;
    private volatile boolean failing;

    /**
     * Connects to {@code bootstrapServers} and waits (up to a minute) for the topic's metadata, so that sends never
     * block an event loop later.
     */
    public KafkaSink(String bootstrapServers, String topic, long maxQueuedBytes) {
        this(bootstrapServers, topic, false, maxQueuedBytes);
    }

    /** As {@link #KafkaSink(String, String, long)}, over TLS when {@code tls} (Amazon MSK's TLS listener). */
    public KafkaSink(String bootstrapServers, String topic, boolean tls, long maxQueuedBytes) {
        this.topic = topic;
        this.maxQueuedBytes = maxQueuedBytes;
        this.producer = new KafkaProducer<>(producerConfig(bootstrapServers, maxQueuedBytes, tls),
                new StringSerializer(), new ByteArraySerializer());
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (true) {
            try {
                // With max.block.ms=0 each attempt only asks for the metadata; it is cached once it arrives.
                producer.partitionsFor(topic);
                break;
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    producer.close(Duration.ZERO);
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    producer.close(Duration.ZERO);
                    throw e;
                }
            } catch (KafkaException e) {
                producer.close(Duration.ZERO);
                throw e;
            }
        }
    }

    static Properties producerConfig(String bootstrapServers, long maxQueuedBytes, boolean tls) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        if (tls) {
            config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
        }
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(Math.max(maxQueuedBytes * 2, 32L << 20)));
        // An event loop must never wait for the producer: a full buffer or missing metadata fails the send at once
        // (503, the client retries).
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "0");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        // Keep the topic's metadata cached through quiet periods, since sends never wait for it.
        config.put(ProducerConfig.METADATA_MAX_IDLE_CONFIG, Long.toString(TimeUnit.DAYS.toMillis(1)));
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "clickstream-ingestion");
        return config;
    }

    @Override
    public boolean offer(String appId, long ingestTime, byte[] line, EventExecutor executor, SinkCallback callback) {
        int length = line.length;
        if (closed || queuedBytes.addAndGet(length) > maxQueuedBytes) {
            queuedBytes.addAndGet(-length);
            return false;
        }
        queuedRequests.incrementAndGet();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, ingestTime, appId, line);
        record.headers().add("app_id", appId.getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(record, (metadata, failure) -> {
                queuedBytes.addAndGet(-length);
                queuedRequests.decrementAndGet();
                failing = failure != null;
                if (failure != null) {
                    log.warn("record for app {} not acknowledged by Kafka: {}", appId, failure.toString());
                }
                executor.execute(() -> callback.completed(failure));
            });
            return true;
        } catch (KafkaException | IllegalStateException e) {
            // Not accepted into the producer's buffer: the callback will not run.
            queuedBytes.addAndGet(-length);
            queuedRequests.decrementAndGet();
            failing = true;
            return false;
        }
    }

    @Override
    public boolean healthy() {
        return !closed && !failing;
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
        producer.flush();
        producer.close(Duration.ofSeconds(30));
    }
}
