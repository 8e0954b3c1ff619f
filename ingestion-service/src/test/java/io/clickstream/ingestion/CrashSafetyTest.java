package io.clickstream.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.model.RawEnvelope;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the standalone collector as a child process, kills it with SIGKILL again and again while clients post, and
 * checks that every event of every acknowledged request is in the lake afterwards, and that every visible raw batch
 * is complete.
 */
class CrashSafetyTest {

    private static final int KILLS = 10;
    private static final Pattern LISTENING = Pattern.compile("ingestion listening on port (\\d+)");
    private static final Pattern EVENT_ID = Pattern.compile("\"event_id\":\"([^\"]+)\"");

    @TempDir
    Path work;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final Set<String> acknowledgedEvents = ConcurrentHashMap.newKeySet();
    private final AtomicInteger acknowledgedRequests = new AtomicInteger();
    private final AtomicLong nextRequest = new AtomicLong();
    private volatile int port = -1;

    @Test
    void keeps_every_acknowledged_event_through_repeated_sigkill() throws Exception {
        Path lake = work.resolve("lake");
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Thread t = new Thread(() -> postUntil(running), "crash-client-" + i);
            t.start();
            clients.add(t);
        }
        int acknowledgedWhileKilled = 0;
        for (int round = 0; round < KILLS; round++) {
            Process collector = startCollector(lake, round);
            int before = acknowledgedRequests.get();
            long until = System.currentTimeMillis() + 10_000;
            // Kill at a random moment, once requests are flowing.
            while (acknowledgedRequests.get() - before < 20 && System.currentTimeMillis() < until) {
                Thread.sleep(5);
            }
            Thread.sleep(ThreadLocalRandom.current().nextInt(50, 400));
            port = -1;
            collector.destroyForcibly().waitFor();
            acknowledgedWhileKilled += acknowledgedRequests.get() - before;
            assertThat(acknowledgedRequests.get()).as("requests acknowledged in round %d", round).isGreaterThan(before);
        }
        running.set(false);
        for (Thread t : clients) {
            t.join();
        }
        // A last clean start publishes what the killed runs left in progress; SIGTERM then shuts it down gracefully.
        Process last = startCollector(lake, KILLS);
        last.destroy();
        assertThat(last.waitFor()).isIn(0, 143);

        assertThat(LakeFiles.inProgress(lake)).isEmpty();
        List<RawEnvelope> envelopes = LakeFiles.envelopes(lake);
        List<String> found = new ArrayList<>();
        for (RawEnvelope envelope : envelopes) {
            Matcher m = EVENT_ID.matcher(envelope.data());
            while (m.find()) {
                found.add(m.group(1));
            }
        }
        Set<String> foundSet = new HashSet<>(found);
        Set<String> missing = new HashSet<>(acknowledgedEvents);
        missing.removeAll(foundSet);
        System.out.printf("crash safety: %d SIGKILLs, %d acknowledged requests (%d events), %d requests in the lake"
                        + " (%d events, %d distinct), %d acknowledged events missing%n", KILLS,
                acknowledgedRequests.get(), acknowledgedEvents.size(), envelopes.size(), found.size(),
                foundSet.size(), missing.size());
        assertThat(acknowledgedWhileKilled).isGreaterThan(KILLS * 20);
        assertThat(missing).as("acknowledged events missing from the lake").isEmpty();
    }

    private void postUntil(AtomicBoolean running) {
        while (running.get()) {
            int p = port;
            if (p < 0) {
                sleep(5);
                continue;
            }
            String prefix = "c" + nextRequest.incrementAndGet();
            String body = SdkBodies.batch("shop", prefix, 3);
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + p + "/collect?appId=shop&platform=Web"))
                        .timeout(Duration.ofSeconds(5))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    for (int i = 0; i < 3; i++) {
                        acknowledgedEvents.add(prefix + "-" + i);
                    }
                    acknowledgedRequests.incrementAndGet();
                }
            } catch (IOException e) {
                sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Process startCollector(Path lake, int round) throws Exception {
        Path log = work.resolve("collector-" + round + ".log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                IngestionMain.class.getName(), "--port=0", "--host=127.0.0.1", "--lake=" + lake, "--apps=shop",
                "--node=crash-node", "--roll-seconds=1", "--io-threads=2")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(log)) {
                Matcher m = LISTENING.matcher(Files.readString(log));
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                    return process;
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("collector exited: " + Files.readString(log));
            }
            Thread.sleep(20);
        }
        process.destroyForcibly();
        throw new AssertionError("collector did not start: " + Files.readString(log));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
