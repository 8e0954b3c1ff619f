package io.clickstream.etl.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ByteLinesTest {

    @Test
    void splits_lines_as_a_reader_would_across_reads_and_long_lines() throws IOException {
        String longLine = "{\"x\":\"" + "\u00e9".repeat(100_000) + "\"}";
        String input = "a\nb\r\n\n  \t\n" + longLine + "\nlast";
        assertThat(lines(input, 1)).containsExactly("a", "b", "", "  \t", longLine, "last");
        assertThat(lines(input, 7)).containsExactly("a", "b", "", "  \t", longLine, "last");
        assertThat(lines(input, 1 << 20)).containsExactly("a", "b", "", "  \t", longLine, "last");
        assertThat(lines("one\n", 3)).containsExactly("one");
        assertThat(lines("", 3)).isEmpty();
    }

    @Test
    void knows_blank_lines() throws IOException {
        RawBatchDecoder.ByteLines lines = new RawBatchDecoder.ByteLines(
                new ByteArrayInputStream(" \t\f\n \u0000 \n".getBytes(StandardCharsets.UTF_8)));
        assertThat(lines.next()).isTrue();
        assertThat(lines.isBlank()).isTrue();
        assertThat(lines.next()).isTrue();
        assertThat(lines.isBlank()).as("NUL is not whitespace").isFalse();
        assertThat(lines.next()).isFalse();
    }

    /** The lines of {@code input}, read from a stream that returns at most {@code chunk} bytes per read. */
    private static List<String> lines(String input, int chunk) throws IOException {
        InputStream in = new FilterInputStream(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8))) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
        List<String> out = new ArrayList<>();
        try (RawBatchDecoder.ByteLines lines = new RawBatchDecoder.ByteLines(in)) {
            while (lines.next()) {
                out.add(lines.text());
            }
        }
        return out;
    }
}
