package io.clickstream.ingestion.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

class FastDeflaterTest {

    /** Compresses {@code pieces} as one stream, each piece written on its own. */
    private static byte[] deflate(FastDeflater deflater, byte[]... pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        deflater.reset();
        for (byte[] piece : pieces) {
            deflater.write(piece, 0, piece.length);
            out.write(deflater.output(), 0, deflater.outputLength());
            deflater.consumeOutput();
        }
        deflater.finish();
        out.write(deflater.output(), 0, deflater.outputLength());
        deflater.consumeOutput();
        return out.toByteArray();
    }

    /** Inflates a raw deflate stream with zlib, checking that it ends exactly where the data ends. */
    private static byte[] inflate(byte[] compressed, int expectedLength) throws Exception {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(compressed);
            byte[] result = new byte[expectedLength + 1];
            int n = 0;
            while (!inflater.finished()) {
                int read = inflater.inflate(result, n, result.length - n);
                assertThat(read > 0 || inflater.finished()).as("inflater stuck at %d of %d", n, expectedLength).isTrue();
                n += read;
            }
            assertThat(inflater.getRemaining()).as("bytes after the end of the stream").isZero();
            return Arrays.copyOf(result, n);
        } finally {
            inflater.end();
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** JSON-like envelope lines that vary the way real traffic does: shared keys, random ids and numbers. */
    private static byte[] envelopes(int count, long seed) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder();
        String[] pages = {"/", "/cart", "/product/sku-", "/category/lamps", "/search?q="};
        for (int i = 0; i < count; i++) {
            text.append("{\"rid\":\"r").append(random.nextInt(1_000_000)).append("\",\"app_id\":\"shop\",\"data\":[");
            for (int e = 0; e < 10; e++) {
                text.append("{\"event_type\":\"_page_view\",\"event_id\":\"").append(Long.toHexString(random.nextLong()))
                        .append('-').append(Long.toHexString(random.nextLong())).append("\",\"timestamp\":")
                        .append(1_795_320_000_000L + random.nextInt(1_000_000_000))
                        .append(",\"attributes\":{\"_page_url\":\"https://shop.example.com")
                        .append(pages[random.nextInt(pages.length)]).append(random.nextInt(5000))
                        .append("\",\"_value\":").append(random.nextInt(100_000) / 100.0).append("}},");
            }
            text.setLength(text.length() - 1);
            text.append("]}\n");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void assertRoundTrip(FastDeflater deflater, byte[]... pieces) throws Exception {
        byte[] all = concat(pieces);
        byte[] compressed = deflate(deflater, pieces);
        assertThat(inflate(compressed, all.length)).isEqualTo(all);
        // Never more than stored blocks would take (the sink preallocates for that).
        assertThat(compressed.length).isLessThanOrEqualTo(all.length + (all.length >> 10) + 64);
    }

    @Test
    void round_trips_text_binary_runs_and_empty_input() throws Exception {
        FastDeflater deflater = new FastDeflater();
        Random random = new Random(5);
        byte[] noise = new byte[200_000];
        random.nextBytes(noise);
        byte[] zeros = new byte[100_000];
        byte[] run = new byte[70_000];
        Arrays.fill(run, (byte) 'a');
        assertRoundTrip(deflater);
        assertRoundTrip(deflater, new byte[] {'x'});
        assertRoundTrip(deflater, "ab".getBytes(StandardCharsets.US_ASCII));
        assertRoundTrip(deflater, "abcdabcdabcdabcdabcd\n".getBytes(StandardCharsets.US_ASCII));
        assertRoundTrip(deflater, noise);
        assertRoundTrip(deflater, zeros);
        assertRoundTrip(deflater, run, noise, zeros);
        assertRoundTrip(deflater, envelopes(30, 1));
        for (int length = 0; length < 300; length++) {
            byte[] small = new byte[length];
            for (int i = 0; i < length; i++) {
                small[i] = (byte) "abcab\n{\"x\":1}".charAt(random.nextInt(13));
            }
            assertRoundTrip(deflater, small);
        }
    }

    @Test
    void round_trips_streams_longer_than_its_buffer_and_blocks_in_small_pieces() throws Exception {
        FastDeflater deflater = new FastDeflater();
        // 1.2 MB of lines: several slides of the 256 KiB input buffer, many blocks of 32 Ki symbols.
        byte[] data = envelopes(600, 2);
        assertThat(data.length).isGreaterThan(1_000_000);
        assertRoundTrip(deflater, data);
        Random random = new Random(3);
        byte[][] pieces = new byte[600][];
        int pos = 0;
        for (int i = 0; i < pieces.length; i++) {
            int n = Math.min(data.length - pos, random.nextInt(4000));
            pieces[i] = Arrays.copyOfRange(data, pos, pos + n);
            pos += n;
        }
        assertRoundTrip(deflater, pieces);
        // Matches may reach back across pieces written separately, but never into an earlier stream.
        byte[] line = envelopes(1, 4);
        assertRoundTrip(deflater, line, line, line);
        assertRoundTrip(deflater, line);
    }

    @Test
    void compresses_envelope_lines_about_as_well_as_zlib_level_1() {
        byte[] data = envelopes(20, 6);
        FastDeflater deflater = new FastDeflater();
        int fast = deflate(deflater, data).length;
        assertThat(fast).isLessThan(zlibLevel1Length(data) * 11 / 10);
    }

    private static int zlibLevel1Length(byte[] data) {
        Deflater zlib = new Deflater(1, true);
        zlib.setInput(data);
        zlib.finish();
        byte[] buffer = new byte[data.length + 64];
        int length = 0;
        while (!zlib.finished()) {
            length += zlib.deflate(buffer);
        }
        zlib.end();
        return length;
    }

    /** A web-SDK-shaped request: ten events sharing the device's fields, each with its own id and time. */
    private static byte[] sdkRequest(long seed) {
        Random random = new Random(seed);
        String device = Long.toHexString(random.nextLong());
        StringBuilder text = new StringBuilder("{\"rid\":\"r1\",\"app_id\":\"shop\",\"data\":[");
        for (int e = 0; e < 10; e++) {
            text.append("{\"event_type\":\"_page_view\",\"event_id\":\"").append(Long.toHexString(random.nextLong()))
                    .append("\",\"device_id\":\"").append(device).append("\",\"timestamp\":")
                    .append(1_795_320_000_000L + e).append(",\"platform\":\"Web\",\"make\":\"Google Inc.\",")
                    .append("\"locale\":\"en-US\",\"screen_width\":1920,\"attributes\":{\"_session_id\":\"")
                    .append(device).append("-20261122\",\"_page_url\":\"https://shop.example.com/\"}},");
        }
        text.setLength(text.length() - 1);
        return text.append("]}\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void repeated_requests_compress_better_than_zlib_level_1() throws Exception {
        // The SDK's events repeat their keys and values within a request, so the latest position with the same hash
        // is usually an earlier event of the same copy, whose match ends at the next event id. Trying the last
        // match's distance first keeps matching the previous copy (970 bytes without it, zlib level 1 919).
        byte[] request = sdkRequest(9);
        byte[][] copies = new byte[14][];
        Arrays.fill(copies, request);
        FastDeflater deflater = new FastDeflater();
        assertRoundTrip(deflater, copies);
        assertThat(deflate(deflater, copies).length).isLessThan(zlibLevel1Length(concat(copies)));
    }

    @Test
    void a_kept_code_serves_similar_blocks_and_a_block_with_a_new_symbol_makes_its_own() throws Exception {
        FastDeflater deflater = new FastDeflater();
        assertRoundTrip(deflater, envelopes(14, 10));
        int made = deflater.codesMade();
        for (int seed = 11; seed < 16; seed++) {
            assertRoundTrip(deflater, envelopes(14, seed));
        }
        assertThat(deflater.codesMade()).as("codes made for five more group commits of similar lines").isEqualTo(made);
        // A byte the envelopes never hold: the kept code has no code for it.
        byte[] other = envelopes(14, 16);
        other[other.length / 2] = (byte) 0xc3;
        assertRoundTrip(deflater, other);
        assertThat(deflater.codesMade()).isEqualTo(made + 1);
        // Binary data compresses worse per byte than the text the code was made for: a code of its own.
        byte[] noise = new byte[20_000];
        new Random(17).nextBytes(noise);
        assertRoundTrip(deflater, envelopes(14, 18));
        int before = deflater.codesMade();
        assertRoundTrip(deflater, concat(envelopes(2, 19), noise));
        assertThat(deflater.codesMade()).isGreaterThan(before);
    }

    /**
     * Generated input chosen to reach the encoder's rare paths: symbol frequencies that would give Huffman codes
     * deeper than deflate allows (Fibonacci weights), one-symbol and two-symbol alphabets, long runs, repeats at the
     * window's edge, and input cut into random pieces.
     */
    @Test
    void every_generated_input_inflates_back_to_itself() throws Exception {
        FastDeflater deflater = new FastDeflater();
        Random random = new Random(20261130);
        for (int round = 0; round < 400; round++) {
            byte[] data = generate(random, round);
            byte[][] pieces = cut(random, data);
            byte[] compressed = deflate(deflater, pieces);
            assertThat(inflate(compressed, data.length)).as("round %d, %d bytes", round, data.length).isEqualTo(data);
            assertThat(compressed.length).as("round %d", round).isLessThanOrEqualTo(data.length + (data.length >> 10) + 64);
        }
    }

    private static byte[] generate(Random random, int round) {
        int length = switch (round % 5) {
            case 0 -> random.nextInt(64);
            case 1 -> random.nextInt(4096);
            case 2 -> 30_000 + random.nextInt(40_000);
            default -> random.nextInt(300_000);
        };
        byte[] data = new byte[length];
        switch (round % 7) {
            case 0 -> { // Fibonacci weights over up to 40 symbols: an unlimited Huffman code would be ~40 deep
                int symbols = 2 + random.nextInt(39);
                long[] cumulative = new long[symbols];
                long a = 1, b = 1, total = 0;
                for (int s = 0; s < symbols; s++) {
                    total += a;
                    cumulative[s] = total;
                    long next = a + b;
                    a = b;
                    b = Math.min(next, 1L << 40);
                }
                for (int i = 0; i < length; i++) {
                    long pick = (long) (random.nextDouble() * total);
                    int s = 0;
                    while (cumulative[s] <= pick) {
                        s++;
                    }
                    data[i] = (byte) (s * 7 + 3);
                }
            }
            case 1 -> Arrays.fill(data, (byte) random.nextInt(256));
            case 2 -> { // two symbols
                for (int i = 0; i < length; i++) {
                    data[i] = random.nextInt(10) == 0 ? (byte) 'b' : (byte) 'a';
                }
            }
            case 3 -> random.nextBytes(data);
            case 4 -> { // a block repeated just inside and just outside the 32 KiB window
                byte[] block = new byte[1 + random.nextInt(600)];
                random.nextBytes(block);
                int gap = 32_768 - block.length + random.nextInt(3) - 1;
                int i = 0;
                while (i < length) {
                    int n = Math.min(block.length, length - i);
                    System.arraycopy(block, 0, data, i, n);
                    i += n;
                    for (int g = 0; g < gap && i < length; g++) {
                        data[i++] = (byte) random.nextInt(256);
                    }
                }
            }
            case 5 -> { // JSON-like text with repeats of varying length (matches of every length code)
                StringBuilder text = new StringBuilder();
                while (text.length() < length) {
                    text.append("{\"k").append(random.nextInt(50)).append("\":\"")
                            .append("v".repeat(random.nextInt(300))).append(random.nextInt(1000)).append("\"},\n");
                }
                byte[] bytes = text.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                System.arraycopy(bytes, 0, data, 0, length);
            }
            default -> { // small alphabet, runs of random lengths
                int i = 0;
                while (i < length) {
                    byte b = (byte) random.nextInt(4);
                    int run = 1 + random.nextInt(random.nextBoolean() ? 4 : 600);
                    for (int r = 0; r < run && i < length; r++) {
                        data[i++] = b;
                    }
                }
            }
        }
        return data;
    }

    private static byte[][] cut(Random random, byte[] data) {
        int pieces = 1 + random.nextInt(8);
        byte[][] out = new byte[pieces][];
        int from = 0;
        for (int p = 0; p < pieces; p++) {
            int to = p == pieces - 1 ? data.length : from + random.nextInt(data.length - from + 1);
            out[p] = Arrays.copyOfRange(data, from, to);
            from = to;
        }
        return out;
    }
}
