package io.clickstream.etl.parse;

import io.clickstream.etl.EtlConfig;
import io.clickstream.etl.enrich.EnrichmentChain;
import io.clickstream.etl.enrich.EventRecord;
import io.clickstream.etl.io.HadoopConf;
import io.clickstream.etl.io.RawFile;
import io.clickstream.model.ParsedEvent;
import io.clickstream.model.RawEnvelope;
import io.clickstream.model.RawEnvelopeCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.LongAccumulator;

/**
 * Turns groups of raw files into {@link StageRows} inside a Spark task: gunzip (any number of concatenated
 * members), decode each envelope line, decode its events, map, enrich. A file is buffered whole before its rows
 * are released, so that a file whose gzip stream breaks half-way is quarantined as one record instead of being
 * half-loaded.
 */
public final class RawBatchDecoder implements FlatMapFunction<List<RawFile>, InternalRow>, Serializable {
    private static final long serialVersionUID = 1L;
    /** Events of one line share a line's ordinal range; a request holds at most 10,000 events. */
    private static final long ORDINAL_STRIDE = 1L << 20;

    private final EtlConfig config;
    private final HadoopConf hadoopConf;
    private final LongAccumulator filtered;
    private final LongAccumulator corruptFiles;

    public RawBatchDecoder(EtlConfig config, HadoopConf hadoopConf, LongAccumulator filtered,
                           LongAccumulator corruptFiles) {
        this.config = config;
        this.hadoopConf = hadoopConf;
        this.filtered = filtered;
        this.corruptFiles = corruptFiles;
    }

    @Override
    public Iterator<InternalRow> call(List<RawFile> files) {
        EnrichmentChain chain = EnrichmentChain.create(config);
        EventMapping mapping = new EventMapping(config.clockSkewThreshold().toMillis());
        Iterator<RawFile> pending = files.iterator();
        return new Iterator<>() {
            private Iterator<InternalRow> current = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && pending.hasNext()) {
                    current = decodeFile(pending.next(), chain, mapping).iterator();
                }
                return current.hasNext();
            }

            @Override
            public InternalRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    /** All rows of one file, or one quarantine row when the file cannot be read to its end. */
    List<InternalRow> decodeFile(RawFile file, EnrichmentChain chain, EventMapping mapping) {
        List<InternalRow> rows = new ArrayList<>();
        long filteredHere = 0;
        ZoneId zone = config.timeZoneOf(file.appId());
        // Per file, not per event: its name and the text of the day an event falls on (events of a file span a few).
        UTF8String source = UTF8String.fromString(file.relative());
        DayText dates = new DayText(zone);
        Path path = new Path(file.uri());
        try (InputStream raw = path.getFileSystem(hadoopConf.get()).open(path);
             ByteLines lines = new ByteLines(new GZIPInputStream(new KnownLength(raw, file.size()), 1 << 16))) {
            long lineNo = 0;
            while (lines.next()) {
                lineNo++;
                if (lines.isBlank()) {
                    continue;
                }
                long base = lineNo * ORDINAL_STRIDE;
                RawEnvelopeCodec.DecodedLine decoded;
                try {
                    // the parser reads the UTF-8 bytes as they are, which is faster than decoding text first
                    decoded = RawEnvelopeCodec.decodeWithEvents(lines.buffer(), lines.start(), lines.length());
                } catch (IllegalArgumentException notUtf8OrNotJson) {
                    // again as text, where bytes that are not UTF-8 become replacement characters
                    String text = lines.text();
                    try {
                        decoded = RawEnvelopeCodec.decodeWithEvents(text);
                    } catch (IllegalArgumentException e) {
                        rows.add(StageRows.quarantine(file.appId(), file.date(), e.getMessage(), text,
                                file.relative(), null, null, base));
                        continue;
                    }
                }
                RawEnvelope env = decoded.envelope();
                List<ParsedEvent> events = decoded.events();
                String ingestDate = eventDate(env.ingestTime(), ZoneOffset.UTC);
                long shift = mapping.clockShift(env);
                for (int i = 0; i < events.size(); i++) {
                    ParsedEvent parsed = events.get(i);
                    long ordinal = base + i;
                    if (!parsed.isValid()) {
                        rows.add(StageRows.quarantine(file.appId(), ingestDate, parsed.reason(), parsed.rawJson(),
                                file.relative(), env.rid(), env.ingestTime(), ordinal));
                        continue;
                    }
                    // The partition's app id is authoritative: ingestion admitted the request for it.
                    RawEnvelope scoped = env.appId().equals(file.appId()) ? env : withApp(env, file.appId());
                    EventRecord record = mapping.toRecord(scoped, parsed.event(), shift);
                    if (!chain.apply(record)) {
                        filteredHere++;
                        continue;
                    }
                    rows.add(StageRows.event(record, dates.of(record.eventTimeMsec), source, ordinal));
                }
            }
        } catch (IOException e) {
            corruptFiles.add(1);
            return List.of(StageRows.quarantine(file.appId(), file.date(),
                    "unreadable raw file: " + e, null, file.relative(), null, null, 0));
        }
        filtered.add(filteredHere);
        return rows;
    }

    /**
     * The lines of a stream as bytes, without their line end ({@code \n} or {@code \r\n}), in a buffer that the next
     * line reuses.
     */
    static final class ByteLines implements java.io.Closeable {
        private final InputStream in;
        private byte[] buf = new byte[1 << 16];
        private int filled;
        private int start;
        private int end;
        private int next;
        private boolean eof;

        ByteLines(InputStream in) {
            this.in = in;
        }

        /** Moves to the next line; false at the end of the stream. */
        boolean next() throws IOException {
            start = next;
            int scan = start;
            while (true) {
                for (; scan < filled; scan++) {
                    if (buf[scan] == '\n') {
                        end = scan > start && buf[scan - 1] == '\r' ? scan - 1 : scan;
                        next = scan + 1;
                        return true;
                    }
                }
                if (eof) {
                    if (start == filled) {
                        return false;
                    }
                    end = filled;
                    next = filled;
                    return true;
                }
                if (start > 0) {
                    // keep the partial line, at the front of the buffer
                    System.arraycopy(buf, start, buf, 0, filled - start);
                    filled -= start;
                    scan -= start;
                    start = 0;
                } else if (filled == buf.length) {
                    buf = java.util.Arrays.copyOf(buf, buf.length * 2);
                }
                int n = in.read(buf, filled, buf.length - filled);
                if (n < 0) {
                    eof = true;
                } else {
                    filled += n;
                }
            }
        }

        byte[] buffer() {
            return buf;
        }

        int start() {
            return start;
        }

        int length() {
            return end - start;
        }

        String text() {
            return new String(buf, start, end - start, StandardCharsets.UTF_8);
        }

        /** Whether the line holds only whitespace (as {@link String#isBlank} sees ASCII). */
        boolean isBlank() {
            for (int i = start; i < end; i++) {
                byte b = buf[i];
                if (b != ' ' && b != '\t' && b != '\r' && b != 0x0B && b != '\f' && (b < 0x1C || b > 0x1F)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /**
     * A raw file's stream whose {@code available()} is what is left of the file. Raw batches are thousands of gzip
     * members (one per group commit), and the JDK's GZIPInputStream looks for a next member only when its buffer
     * holds more bytes or {@code available()} says more will come: a stream answering 0 at a member boundary (as
     * some file systems' streams may) would end the file there, silently.
     */
    static final class KnownLength extends java.io.FilterInputStream {
        private long remaining;

        KnownLength(InputStream in, long length) {
            super(in);
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            int c = in.read();
            if (c >= 0) {
                remaining--;
            }
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(n);
            remaining -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return remaining > 0 ? (int) Math.min(remaining, Integer.MAX_VALUE) : in.available();
        }
    }

    private static RawEnvelope withApp(RawEnvelope e, String appId) {
        return new RawEnvelope(e.rid(), e.ingestTime(), appId, e.platform(), e.ip(), e.ua(), e.uri(),
                e.compression(), e.bundleSeq(), e.uploadTs(), e.data());
    }

    /** {@code YYYY-MM-DD} of an instant in a zone, remembered for the day last asked about. */
    private static final class DayText {
        private final ZoneId zone;
        private long dayStart = Long.MAX_VALUE;
        private long dayEnd = Long.MIN_VALUE;
        private UTF8String text;

        DayText(ZoneId zone) {
            this.zone = zone;
        }

        UTF8String of(long msec) {
            if (msec < dayStart || msec >= dayEnd) {
                LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(msec), zone);
                dayStart = day.atStartOfDay(zone).toInstant().toEpochMilli();
                dayEnd = day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
                text = UTF8String.fromString(day.toString());
            }
            return text;
        }
    }

    private static String eventDate(long msec, ZoneId zone) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(msec), zone).toString();
    }
}
