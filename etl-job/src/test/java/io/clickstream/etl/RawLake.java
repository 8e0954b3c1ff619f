package io.clickstream.etl;

import io.clickstream.model.LakeLayout;
import io.clickstream.model.RawEnvelope;
import io.clickstream.model.RawEnvelopeCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Writes raw batches into a test lake exactly as ingestion does: envelope lines, gzip, under raw/app_id=/date=/hour=. */
final class RawLake {

    /**
     * For tests that add raw batches to hours long past after a first pass, as micro-batches of that time: hours
     * are sealed only a century after they end, so every pass lists them (real producers put a late batch into the
     * current hour instead).
     */
    static final EtlConfig.LakeHousekeeping REPLAYING_HISTORY =
            new EtlConfig.LakeHousekeeping(java.time.Duration.ofDays(36_500), null, null);

    final Path root;
    private final LakeLayout layout;
    private int sequence;

    RawLake(Path root) {
        this.root = root;
        this.layout = new LakeLayout(root.toString());
    }

    /** One raw file with one gzip member per list of envelopes (ingestion appends a member per flush). */
    @SafeVarargs
    final Path write(String appId, long ingestTime, List<RawEnvelope>... members) {
        Instant at = Instant.ofEpochMilli(ingestTime);
        LocalDate date = LocalDate.ofInstant(at, ZoneOffset.UTC);
        int hour = at.atZone(ZoneOffset.UTC).getHour();
        Path dir = Path.of(layout.rawPartition(appId, date, hour));
        try {
            Files.createDirectories(dir);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (List<RawEnvelope> member : members) {
                try (GZIPOutputStream gz = new GZIPOutputStream(new NonClosing(bytes))) {
                    for (RawEnvelope e : member) {
                        gz.write(RawEnvelopeCodec.encode(e));
                    }
                }
            }
            Path file = dir.resolve(LakeLayout.rawFileName("node1", ++sequence));
            Files.write(file, bytes.toByteArray());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file whose name says finished batch but whose bytes are a truncated gzip stream. */
    Path writeCorrupt(String appId, long ingestTime, List<RawEnvelope> envelopes) {
        Path good = write(appId, ingestTime, envelopes);
        try {
            byte[] bytes = Files.readAllBytes(good);
            byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3);
            Files.write(good, cut);
            return good;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RawEnvelope envelope(String rid, String appId, long ingestTime, Long uploadTs, String data) {
        return new RawEnvelope(rid, ingestTime, appId, "Web", "203.0.113.9",
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
                "/collect?appId=" + appId, null, 1L, uploadTs, data);
    }

    /** A web SDK event with session and page attributes and one custom parameter. */
    static String event(String appId, String id, String type, long ts, String uniqueId) {
        return """
                {"event_type":"%s","event_id":"%s","timestamp":%d,"app_id":"%s","unique_id":"%s",\
                "platform":"Web","make":"Google","locale":"en_US","sdk_name":"aws-solution-clickstream-sdk",\
                "sdk_version":"0.12.4","screen_width":1920,"screen_height":1080,\
                "user":{"_user_id":{"value":"u-%s","set_timestamp":%d}},\
                "attributes":{"_session_id":"s-%s","_session_number":1,"_session_start_timestamp":%d,\
                "_page_url":"https://shop.example.com/p/1?utm_source=news","_page_title":"Product 1",\
                "_page_referrer":"https://www.google.com/","_value":9.5,"_currency":"EUR",\
                "_engagement_time_msec":1200,"color":"red"}}"""
                .formatted(type, id, ts, appId, uniqueId, uniqueId, ts, uniqueId, ts);
    }

    /** An event as a plain HTTP client sends it: no SDK session attributes; {@code extra} is JSON fields or empty. */
    static String plainEvent(String appId, String id, String type, long ts, String uniqueId, String extra) {
        return "{\"event_type\":\"%s\",\"event_id\":\"%s\",\"timestamp\":%d,\"app_id\":\"%s\",\"unique_id\":\"%s\"%s}"
                .formatted(type, id, ts, appId, uniqueId, extra.isEmpty() ? "" : "," + extra);
    }

    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(java.io.OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
