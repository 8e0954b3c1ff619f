package io.clickstream.ingestion.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.ingestion.metrics.IngestionMetrics;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalLakeSinkTest {

    private static final long HOUR = 3_600_000L;
    private static final long T0 = 1763784000000L; // 2025-11-22T04:00Z
    /** The clock of the requests' world: an hour after T0, so that batches of T0's hours are on time. */
    private static final java.util.function.LongSupplier IN_TEST_TIME = () -> T0 + HOUR;

    @TempDir
    Path lake;

    private final EventExecutor loop = new DefaultEventExecutor();

    @AfterEach
    void stopLoop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private static byte[] line(String id) {
        StringBuilder json = new StringBuilder("{\"rid\":\"").append(id).append("\",\"data\":[");
        for (int i = 0; i < 40; i++) {
            json.append(i == 0 ? "" : ",").append("{\"event_type\":\"_page_view\",\"event_id\":\"").append(id)
                    .append('-').append(i).append("\",\"attributes\":{\"_page_url\":\"https://shop.example.com/\"}}");
        }
        return json.append("]}\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> linesOf(Path file) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
        }
    }

    private List<Path> raw() throws Exception {
        Path raw = lake.resolve("raw");
        if (!Files.isDirectory(raw)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(raw)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static String rid(String line) {
        return line.substring("{\"rid\":\"".length(), line.indexOf('"', "{\"rid\":\"".length()));
    }

    @Test
    void acknowledged_requests_are_in_compressed_group_members_and_published_as_they_are() throws Exception {
        LocalLakeSink sink = new LocalLakeSink(lake, new LocalLakeDestination(lake), "n1", 64L * 1024 * 1024, 60_000, 64L * 1024 * 1024, 1,
                new IngestionMetrics(), IN_TEST_TIME);
        int requests = 300;
        CountDownLatch acked = new CountDownLatch(requests);
        AtomicInteger failed = new AtomicInteger();
        long rawBytes = 0;
        for (int i = 0; i < requests; i++) {
            byte[] line = line("r" + i);
            rawBytes += line.length;
            boolean taken = sink.offer("shop", T0 + (i % 2) * HOUR, line, loop, error -> {
                if (error != null) {
                    failed.incrementAndGet();
                }
                acked.countDown();
            });
            assertThat(taken).isTrue();
        }
        assertThat(acked.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(failed).hasValue(0);

        // Before the batches are sealed: every acknowledged request is in complete members of the in-progress files,
        // followed only by the zeros written ahead.
        List<String> durable = new ArrayList<>();
        long onDisk = 0;
        try (Stream<Path> files = Files.list(lake.resolve("_ingest/n1"))) {
            for (Path file : files.toList()) {
                byte[] content = Files.readAllBytes(file);
                int complete = (int) GzipMembers.completePrefix(content);
                assertThat(complete).isPositive();
                assertThat(Arrays.copyOfRange(content, complete, content.length)).containsOnly((byte) 0);
                durable.addAll(linesOf(file));
                onDisk += complete;
            }
        }
        assertThat(durable).hasSize(requests);
        assertThat(onDisk).as("compressed on the ack path").isLessThan(rawBytes / 4);

        sink.close();
        // One file per lane and partition (a busy loop spills to more lanes); each hour's requests in its partition.
        List<Path> published = raw();
        assertThat(published).hasSizeGreaterThanOrEqualTo(2);
        List<String> rids = new ArrayList<>();
        for (Path file : published) {
            String relative = lake.relativize(file).toString();
            assertThat(relative).matches("raw/app_id=shop/date=2025-11-22/hour=0[45]/n1-\\d+\\.jsonl\\.gz");
            int parity = relative.contains("hour=04") ? 0 : 1;
            List<String> fileRids = linesOf(file).stream().map(LocalLakeSinkTest::rid).toList();
            byte[] content = Files.readAllBytes(file);
            assertThat(GzipMembers.completePrefix(content)).as("no zeros left at the end").isEqualTo(content.length);
            assertThat(fileRids).isNotEmpty()
                    .allSatisfy(r -> assertThat(Integer.parseInt(r.substring(1)) % 2).isEqualTo(parity));
            rids.addAll(fileRids);
        }
        assertThat(rids).hasSize(requests).doesNotHaveDuplicates();
        assertThat(lake.resolve("_ingest/n1")).isEmptyDirectory();
    }

    @Test
    void after_full_groups_a_lone_request_waits_for_company_a_millisecond_at_most() throws Exception {
        LocalLakeSink sink = new LocalLakeSink(lake, new LocalLakeDestination(lake), "n4", 64L * 1024 * 1024, 60_000, 64L * 1024 * 1024, 1,
                new IngestionMetrics(), IN_TEST_TIME);
        // A burst queued faster than a lane commits: its lanes' last groups are full, so their next commits wait.
        int burst = 20 * LocalLakeSink.FULL_GROUP;
        CountDownLatch acked = new CountDownLatch(burst);
        for (int i = 0; i < burst; i++) {
            assertThat(sink.offer("shop", T0, line("b" + i), loop, error -> acked.countDown())).isTrue();
        }
        assertThat(acked.await(30, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 3; i++) {
            CountDownLatch lone = new CountDownLatch(1);
            long start = System.nanoTime();
            assertThat(sink.offer("shop", T0, line("lone" + i), loop, error -> lone.countDown())).isTrue();
            assertThat(lone.await(5, TimeUnit.SECONDS)).as("lone request %d acknowledged", i).isTrue();
            // The hold (1 ms) plus an fsync, with room for a slow disk; a hold without its deadline never ends.
            assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(2));
        }
        sink.close();
        List<String> rids = new ArrayList<>();
        for (Path file : raw()) {
            linesOf(file).forEach(l -> rids.add(rid(l)));
        }
        assertThat(rids).hasSize(burst + 3).doesNotHaveDuplicates().contains("lone0", "lone1", "lone2");
    }

    @Test
    void loops_share_the_lanes_and_each_request_is_acknowledged_on_its_own_loop() throws Exception {
        EventExecutor other = new DefaultEventExecutor();
        try {
            LocalLakeSink sink = new LocalLakeSink(lake, new LocalLakeDestination(lake), "n3", 64L * 1024 * 1024, 60_000, 64L * 1024 * 1024, 1,
                new IngestionMetrics(), IN_TEST_TIME);
            int requests = 400;
            CountDownLatch acked = new CountDownLatch(requests);
            AtomicInteger wrongLoop = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            CountDownLatch offered = new CountDownLatch(2);
            for (EventExecutor executor : List.of(loop, other)) {
                // Each loop offers its half from its own thread, as event loops do, so groups mix both loops.
                executor.execute(() -> {
                    for (int i = 0; i < requests / 2; i++) {
                        boolean taken = sink.offer("shop", T0, line((executor == loop ? "a" : "b") + i), executor,
                                error -> {
                                    if (!executor.inEventLoop()) {
                                        wrongLoop.incrementAndGet();
                                    }
                                    if (error != null) {
                                        failed.incrementAndGet();
                                    }
                                    acked.countDown();
                                });
                        if (!taken) {
                            failed.incrementAndGet();
                            acked.countDown();
                        }
                    }
                    offered.countDown();
                });
            }
            assertThat(offered.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(acked.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(failed).hasValue(0);
            assertThat(wrongLoop).hasValue(0);
            sink.close();
            List<String> rids = new ArrayList<>();
            for (Path file : raw()) {
                linesOf(file).forEach(line -> rids.add(rid(line)));
            }
            assertThat(rids).hasSize(requests).doesNotHaveDuplicates();
        } finally {
            other.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    @Test
    void level_zero_stores_the_group_uncompressed() throws Exception {
        LocalLakeSink sink = new LocalLakeSink(lake, new LocalLakeDestination(lake), "n0", 64L * 1024 * 1024, 60_000, 64L * 1024 * 1024, 0,
                new IngestionMetrics(), IN_TEST_TIME);
        CountDownLatch acked = new CountDownLatch(20);
        long rawBytes = 0;
        for (int i = 0; i < 20; i++) {
            byte[] line = line("s" + i);
            rawBytes += line.length;
            assertThat(sink.offer("shop", T0, line, loop, error -> acked.countDown())).isTrue();
        }
        assertThat(acked.await(30, TimeUnit.SECONDS)).isTrue();
        sink.close();
        List<Path> published = raw();
        assertThat(published).hasSize(1);
        assertThat(linesOf(published.get(0))).hasSize(20);
        assertThat(Files.size(published.get(0))).isGreaterThan(rawBytes);
    }

    @Test
    void a_crash_inside_a_group_member_keeps_the_complete_groups_before_it() throws Exception {
        Path ingest = Files.createDirectories(lake.resolve("_ingest/n2"));
        GzipMembers gzip = new GzipMembers(1);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        int[] groupSizes = {5, 1, 12};
        int n = 0;
        for (int size : groupSizes) {
            gzip.begin(ByteBuffer.allocateDirect(4096), Channels.newChannel(file));
            for (int i = 0; i < size; i++) {
                byte[] line = line("g" + n++);
                gzip.add(line, 0, line.length);
            }
            gzip.finish();
        }
        int complete = file.size();
        ByteArrayOutputStream torn = new ByteArrayOutputStream();
        gzip.begin(ByteBuffer.allocateDirect(4096), Channels.newChannel(torn));
        for (int i = 0; i < 7; i++) {
            byte[] line = line("torn" + i);
            gzip.add(line, 0, line.length);
        }
        gzip.finish();
        gzip.end();
        file.write(torn.toByteArray(), 0, torn.size() * 2 / 3);
        file.write(new byte[100_000]); // the rest of the space written ahead of the groups
        Files.write(ingest.resolve("1763784000000_2025-11-22_04_shop.inprogress"), file.toByteArray());
        // A file whose first group never completed: nothing but the start of a member and zeros.
        Files.write(ingest.resolve("1763784000001_2025-11-22_05_shop.inprogress"),
                Arrays.copyOf(Arrays.copyOf(torn.toByteArray(), torn.size() / 2), 50_000));
        // A leftover of versions that recompressed batches before publishing them.
        Files.write(ingest.resolve("1763784000000_2025-11-22_04_shop.inprogress.compacting"), new byte[100]);

        long before = System.currentTimeMillis();
        LocalLakeSink sink = new LocalLakeSink(lake, "n2", 64L * 1024 * 1024, 60_000, 64L * 1024 * 1024, 1,
                new IngestionMetrics());
        sink.close();
        long after = System.currentTimeMillis();

        List<Path> published = raw();
        assertThat(published).hasSize(1);
        // Published long after its hour ended: into the hour of publication (the ETL has sealed 2025-11-22 04:00).
        assertThat(lake.relativize(published.get(0)).toString()).isIn(
                "raw/app_id=shop/" + hourPartition(before) + "/n2-1763784000000.jsonl.gz",
                "raw/app_id=shop/" + hourPartition(after) + "/n2-1763784000000.jsonl.gz");
        assertThat(Files.size(published.get(0))).isEqualTo(complete);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            expected.add("g" + i);
        }
        assertThat(linesOf(published.get(0)).stream().map(LocalLakeSinkTest::rid).toList())
                .containsExactlyElementsOf(expected);
        assertThat(ingest).isEmptyDirectory();
    }

    private static String hourPartition(long millis) {
        java.time.ZonedDateTime t = java.time.Instant.ofEpochMilli(millis).atZone(java.time.ZoneOffset.UTC);
        return "date=" + t.toLocalDate() + "/hour=" + String.format("%02d", t.getHour());
    }
}
