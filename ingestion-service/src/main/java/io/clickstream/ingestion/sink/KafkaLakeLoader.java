package io.clickstream.ingestion.sink;

import io.clickstream.ingestion.metrics.IngestionMetrics;
import io.clickstream.model.LakeLayout;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The path from the Kafka topic to the lake: consumes the records {@link KafkaSink} produced and writes them as raw
 * batches through a {@link LocalLakeSink} (same files, same group commit, same recovery). Offsets are committed
 * only after every record of a poll is durable in the lake's in-progress files, so a crash re-reads records rather
 * than losing them (duplicates are removed by the ETL's event-id de-duplication).
 */
public final class KafkaLakeLoader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaLakeLoader.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final LocalLakeSink sink;
    private final EventExecutor callbacks = new DefaultEventExecutor();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long committedRecords;

    /**
     * @param destination where the batches are published (the local lake under {@code bufferRoot} when null)
     */
    public KafkaLakeLoader(String bootstrapServers, String topic, String groupId, Path bufferRoot,
                           BatchDestination destination, String nodeId, Duration rollAge, int gzipLevel) {
        this(bootstrapServers, topic, groupId, bufferRoot, destination, nodeId, rollAge, gzipLevel, false);
    }

    /** As the constructor above, over TLS when {@code tls} (Amazon MSK's TLS listener). */
    public KafkaLakeLoader(String bootstrapServers, String topic, String groupId, Path bufferRoot,
                           BatchDestination destination, String nodeId, Duration rollAge, int gzipLevel, boolean tls) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        if (tls) {
            config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
        }
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.sink = new LocalLakeSink(bufferRoot,
                destination != null ? destination : new LocalLakeDestination(bufferRoot), nodeId,
                64L * 1024 * 1024, rollAge.toMillis(), Long.MAX_VALUE / 4, gzipLevel, new IngestionMetrics());
        consumer.subscribe(List.of(topic));
        this.thread = new Thread(this::run, "kafka-lake-loader-" + nodeId);
        thread.start();
    }

    /** Records whose offsets were committed after they became durable. */
    public long committedRecords() {
        return committedRecords;
    }

    private void run() {
        try {
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    continue;
                }
                if (store(records)) {
                    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                    for (TopicPartition partition : records.partitions()) {
                        List<ConsumerRecord<String, byte[]>> part = records.records(partition);
                        offsets.put(partition, new OffsetAndMetadata(part.get(part.size() - 1).offset() + 1));
                    }
                    consumer.commitSync(offsets);
                    committedRecords += records.count();
                } else {
                    rewind(records);
                    Thread.sleep(1000);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                log.error("Kafka loader woken up unexpectedly", e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("Kafka loader stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(10));
        }
    }

    /** Hands every record to the lake sink and waits until all are durable; false when any was not. */
    private boolean store(ConsumerRecords<String, byte[]> records) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(records.count());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            String appId = appId(record);
            byte[] line = record.value();
            if (appId == null || line == null || line.length == 0 || line[line.length - 1] != '\n') {
                log.warn("skipping record {}-{}@{}: not an envelope line of a known app", record.topic(),
                        record.partition(), record.offset());
                done.countDown();
                continue;
            }
            boolean taken = sink.offer(appId, record.timestamp(), line, callbacks, error -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
                done.countDown();
            });
            if (!taken) {
                failure.compareAndSet(null, new IllegalStateException("lake sink refused a record"));
                done.countDown();
            }
        }
        done.await();
        if (failure.get() != null) {
            log.warn("records not stored, reading them again: {}", failure.get().toString());
            return false;
        }
        return true;
    }

    private void rewind(ConsumerRecords<String, byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            consumer.seek(partition, records.records(partition).get(0).offset());
        }
    }

    private static String appId(ConsumerRecord<String, byte[]> record) {
        String key = record.key();
        if (key == null) {
            Header header = record.headers().lastHeader("app_id");
            key = header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
        return LakeLayout.isSafeSegment(key) ? key : null;
    }

    /** Stops consuming, then makes the lake sink publish what it holds. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sink.close();
        callbacks.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
