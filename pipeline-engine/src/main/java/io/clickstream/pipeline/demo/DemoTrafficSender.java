package io.clickstream.pipeline.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends demo visits to an ingestion endpoint over real HTTP, as the SDKs do: one request per visit, mobile
 * platforms gzip+base64 compressed, retried on 503 and connection errors, a few requests in flight.
 */
public final class DemoTrafficSender {

    private static final Logger log = LoggerFactory.getLogger(DemoTrafficSender.class);
    private static final int MAX_ATTEMPTS = 8;

    private final URI endpoint;
    private final String appId;
    private final HttpClient http;
    private final int concurrency;
    private final Semaphore inFlight;
    private final AtomicLong sequence = new AtomicLong();

    /** @param endpoint the collect URL, e.g. {@code http://127.0.0.1:8081/collect} */
    public DemoTrafficSender(URI endpoint, String appId, int concurrency) {
        this.endpoint = endpoint;
        this.appId = appId;
        this.concurrency = concurrency;
        this.inFlight = new Semaphore(concurrency);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Result of sending a stream of visits. */
    public record Outcome(long requests, long events, long failedRequests) {
    }

    /**
     * Sends every visit, waiting for all responses. Visits that keep failing are counted, not thrown, so that a
     * demo never stops a studio from starting.
     *
     * @param progress called with the number of events acknowledged so far, every few thousand events
     */
    public Outcome sendAll(Iterable<DemoVisit> visits, LongConsumer progress) throws InterruptedException {
        AtomicLong requests = new AtomicLong();
        AtomicLong events = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong lastReported = new AtomicLong();
        ExecutorService workers = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "demo-sender");
            t.setDaemon(true);
            return t;
        });
        try {
            for (DemoVisit visit : visits) {
                inFlight.acquire();
                workers.execute(() -> {
                    try {
                        if (sendWithRetry(visit)) {
                            requests.incrementAndGet();
                            long total = events.addAndGet(visit.eventCount());
                            long last = lastReported.get();
                            if (total - last >= 5_000 && lastReported.compareAndSet(last, total)) {
                                progress.accept(total);
                            }
                        } else {
                            failed.incrementAndGet();
                        }
                    } finally {
                        inFlight.release();
                    }
                });
            }
        } finally {
            workers.shutdown();
            workers.awaitTermination(10, TimeUnit.MINUTES);
        }
        progress.accept(events.get());
        return new Outcome(requests.get(), events.get(), failed.get());
    }

    /** Sends one visit; true once the service answered 200. */
    public boolean send(DemoVisit visit) {
        return sendWithRetry(visit);
    }

    private boolean sendWithRetry(DemoVisit visit) {
        AtomicReference<String> lastProblem = new AtomicReference<>();
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                HttpResponse<String> response = http.send(request(visit), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return true;
                }
                lastProblem.set(response.statusCode() + " " + response.body());
                if (response.statusCode() != 503) {
                    break;
                }
            } catch (IOException e) {
                lastProblem.set(e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            try {
                Thread.sleep(100L << Math.min(attempt, 6));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        log.warn("demo request refused: {}", lastProblem.get());
        return false;
    }

    private HttpRequest request(DemoVisit visit) {
        long now = System.currentTimeMillis();
        StringBuilder query = new StringBuilder("?appId=").append(appId)
                .append("&platform=").append(visit.platform())
                .append("&event_bundle_sequence_id=").append(sequence.incrementAndGet())
                .append("&upload_timestamp=").append(now);
        byte[] body = visit.bodyJson().getBytes(StandardCharsets.UTF_8);
        if (visit.gzip()) {
            query.append("&compression=gzip");
            body = Base64.getEncoder().encode(gzip(body));
        }
        return HttpRequest.newBuilder(endpoint.resolve(endpoint.getPath() + query))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", visit.userAgent())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
