package io.clickstream.ingestion.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The collector's counters, rendered in the Prometheus text format at {@code GET /metrics}. Everything is a
 * {@link LongAdder} so that event loop threads never contend on a shared cache line.
 */
public final class IngestionMetrics {

    private final Map<Integer, LongAdder> responses = new ConcurrentHashMap<>();
    private final LongAdder events = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder bytesAccepted = new LongAdder();
    private final LongAdder[] rejections = new LongAdder[Rejection.values().length];
    private final LatencyHistogram ackLatency = new LatencyHistogram();
    private final LatencyHistogram syncLatency = new LatencyHistogram();
    private final LongAdder batchesPublished = new LongAdder();
    private volatile LongSupplier queuedRequests = () -> 0;
    private volatile LongSupplier queuedBytes = () -> 0;
    private volatile BooleanSupplier sinkHealthy = () -> true;

    public IngestionMetrics() {
        for (int i = 0; i < rejections.length; i++) {
            rejections[i] = new LongAdder();
        }
    }

    /** Connects the gauges that the sink owns. */
    public void watchSink(LongSupplier requests, LongSupplier bytes, BooleanSupplier healthy) {
        this.queuedRequests = requests;
        this.queuedBytes = bytes;
        this.sinkHealthy = healthy;
    }

    public void response(int status) {
        responses.computeIfAbsent(status, s -> new LongAdder()).increment();
    }

    public void received(long bytes) {
        bytesReceived.add(bytes);
    }

    public void accepted(int eventCount, long decompressedBytes) {
        events.add(eventCount);
        bytesAccepted.add(decompressedBytes);
    }

    public void rejected(Rejection reason) {
        rejections[reason.ordinal()].increment();
    }

    /** Time from handing a request to the sink until it was durable. */
    public void acknowledged(long nanos) {
        ackLatency.record(nanos);
    }

    /** Time of one group commit (write + fsync). */
    public void synced(long nanos) {
        syncLatency.record(nanos);
    }

    public void published() {
        batchesPublished.increment();
    }

    public long responses(int status) {
        LongAdder count = responses.get(status);
        return count == null ? 0 : count.sum();
    }

    public long rejections(Rejection reason) {
        return rejections[reason.ordinal()].sum();
    }

    public long events() {
        return events.sum();
    }

    /** Responses given, whatever their status. */
    public long requests() {
        long total = 0;
        for (LongAdder count : responses.values()) {
            total += count.sum();
        }
        return total;
    }

    /** Time from handing a request to the sink until it was durable (the sink's latency as a client sees it). */
    public LatencyHistogram ackLatency() {
        return ackLatency;
    }

    /** The Prometheus text exposition format (version 0.0.4). */
    public String render() {
        StringBuilder out = new StringBuilder(4096);
        out.append("# HELP clickstream_ingest_requests_total HTTP responses by status code.\n");
        out.append("# TYPE clickstream_ingest_requests_total counter\n");
        responses.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                out.append("clickstream_ingest_requests_total{code=\"").append(e.getKey()).append("\"} ")
                        .append(e.getValue().sum()).append('\n'));
        counter(out, "clickstream_ingest_events_total", "Events in accepted requests.", events.sum());
        counter(out, "clickstream_ingest_received_bytes_total", "Request body bytes as sent.", bytesReceived.sum());
        counter(out, "clickstream_ingest_accepted_bytes_total", "Decompressed body bytes of accepted requests.",
                bytesAccepted.sum());
        out.append("# HELP clickstream_ingest_rejections_total Refused requests by reason.\n");
        out.append("# TYPE clickstream_ingest_rejections_total counter\n");
        for (Rejection reason : Rejection.values()) {
            out.append("clickstream_ingest_rejections_total{reason=\"").append(reason.label()).append("\"} ")
                    .append(rejections[reason.ordinal()].sum()).append('\n');
        }
        ackLatency.appendTo(out, "clickstream_ingest_sink_ack_seconds",
                "Time from handing a request to the sink until it was durable.");
        syncLatency.appendTo(out, "clickstream_ingest_sink_sync_seconds", "Duration of one group commit.");
        counter(out, "clickstream_ingest_batches_published_total", "Raw batches published to the lake.",
                batchesPublished.sum());
        gauge(out, "clickstream_ingest_queue_requests", "Requests waiting for the sink.", queuedRequests.getAsLong());
        gauge(out, "clickstream_ingest_queue_bytes", "Bytes waiting for the sink.", queuedBytes.getAsLong());
        gauge(out, "clickstream_ingest_sink_up", "1 while the sink accepts and syncs writes.",
                sinkHealthy.getAsBoolean() ? 1 : 0);
        java.lang.management.MemoryUsage heap =
                java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        gauge(out, "clickstream_ingest_jvm_heap_used_bytes", "Java heap in use.", heap.getUsed());
        gauge(out, "clickstream_ingest_jvm_heap_committed_bytes", "Java heap committed.", heap.getCommitted());
        gauge(out, "clickstream_ingest_jvm_heap_max_bytes", "Java heap limit.", heap.getMax());
        long peak = 0;
        for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        gauge(out, "clickstream_ingest_jvm_heap_peak_bytes", "Sum of the heap pools' peak use since start.", peak);
        return out.toString();
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" counter\n");
        out.append(name).append(' ').append(value).append('\n');
    }

    private static void gauge(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" gauge\n");
        out.append(name).append(' ').append(value).append('\n');
    }
}
