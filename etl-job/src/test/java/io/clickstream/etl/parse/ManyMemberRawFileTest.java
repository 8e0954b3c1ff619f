package io.clickstream.etl.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Raw batches hold one gzip member per group commit of the ingestion service. Every member must be read, also from
 * a stream that hands out short reads and answers {@code available()} with 0, as remote file systems' streams may.
 */
class ManyMemberRawFileTest {

    @Test
    void reads_every_member_of_a_file_whatever_the_stream_says_is_available() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        int lines = 0;
        for (int member = 0; member < 3_000; member++) {
            try (GZIPOutputStream gz = new GZIPOutputStream(file)) {
                for (int i = 0; i <= member % 4; i++) {
                    gz.write(("{\"line\":" + lines++ + "}\n").getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        byte[] bytes = file.toByteArray();

        assertThat(countLines(new GZIPInputStream(new RawBatchDecoder.KnownLength(new Stingy(bytes), bytes.length),
                1 << 16))).isEqualTo(lines);
        // the scenario is real: the bare stream ends the file at the first member boundary it cannot see past
        assertThat(countLines(new GZIPInputStream(new Stingy(bytes), 1 << 16))).isLessThan(lines);
    }

    private static int countLines(InputStream in) throws IOException {
        int n = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            while (r.readLine() != null) {
                n++;
            }
        }
        return n;
    }

    /** Reads at most 61 bytes at a time and never claims more bytes are available. */
    private static final class Stingy extends ByteArrayInputStream {
        Stingy(byte[] b) {
            super(b);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 61));
        }

        @Override
        public synchronized int available() {
            return 0;
        }
    }
}
