package io.clickstream.ingestion.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/**
 * {@link FastDeflater} against zlib's inflater on generated input chosen to reach the encoder's rare paths: symbol
 * frequencies that would give Huffman codes deeper than deflate allows (Fibonacci weights), one-symbol and
 * two-symbol alphabets, long runs, matches at the window's edge, and input cut into random pieces.
 */
class FastDeflaterFuzzTest {

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

    private static byte[] deflate(FastDeflater deflater, byte[][] pieces) {
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

    private static byte[] inflate(byte[] compressed, int expectedLength) throws Exception {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(compressed);
            byte[] result = new byte[expectedLength + 1];
            int n = 0;
            while (!inflater.finished()) {
                int read = inflater.inflate(result, n, result.length - n);
                if (read == 0 && !inflater.finished()) {
                    throw new AssertionError("inflater stuck at " + n + " of " + expectedLength);
                }
                n += read;
            }
            assertThat(inflater.getRemaining()).isZero();
            return Arrays.copyOf(result, n);
        } finally {
            inflater.end();
        }
    }
}
