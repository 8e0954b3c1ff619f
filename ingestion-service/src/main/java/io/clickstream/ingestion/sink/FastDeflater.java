package io.clickstream.ingestion.sink;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A raw deflate encoder (RFC 1951) built for the sink's group commits: greedy LZ77 with one candidate per hash of
 * six bytes (no hash chains, no lazy matching, literals taken several at a time after a run without matches) and a
 * dynamic Huffman code per block, in Java. On envelope lines it compresses a little better than zlib's level 1 in
 * about half its time (zlib looks at up to four candidates for every position and inserts every literal into its
 * chains). Its output is ordinary deflate: any gzip reader reads it.
 *
 * <p>One stream at a time: {@link #reset()}, then {@link #write} the input in pieces (each piece may refer back to the
 * ones before it, 32 KiB at most, as deflate allows), then {@link #finish()}. Compressed bytes collect in
 * {@link #output()} up to {@link #outputLength()}; {@link #consumeOutput()} empties it after the caller copied them.
 * Not thread-safe.
 */
public final class FastDeflater {

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final int WINDOW = 32 * 1024;
    private static final int MIN_MATCH = 4;
    private static final int MAX_MATCH = 258;
    private static final int HASH_BITS = 15;
    /** Input kept in memory: the window plus what is parsed in one go before the buffer slides. */
    private static final int INPUT_BYTES = 256 * 1024;
    /** Symbols per block: one Huffman code per this many literals and matches. */
    private static final int BLOCK_SYMBOLS = 32 * 1024;
    /** Longest stored block. */
    private static final int MAX_STORED = 65535;

    private static final int LITERALS = 286;
    private static final int DISTANCES = 30;
    private static final int CODE_LENGTHS = 19;
    private static final int END_OF_BLOCK = 256;

    private static final int[] LENGTH_BASE = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59,
            67, 83, 99, 115, 131, 163, 195, 227, 258};
    private static final int[] LENGTH_EXTRA = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4,
            5, 5, 5, 5, 0};
    private static final int[] DISTANCE_BASE = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385,
            513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
    private static final int[] DISTANCE_EXTRA = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10,
            10, 11, 11, 12, 12, 13, 13};
    private static final int[] CODE_LENGTH_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
    /** Length code (0..28) of a match of length {@code 3 + index}. */
    private static final byte[] LENGTH_CODE = new byte[256];
    /** Distance code of {@code distance - 1} below 256, and of {@code 256 + ((distance - 1) >> 7)} above. */
    private static final byte[] DISTANCE_CODE = new byte[512];
    private static final byte[] FIXED_LITERAL_LENGTHS = new byte[288];
    private static final byte[] FIXED_DISTANCE_LENGTHS = new byte[30];

    static {
        for (int code = 0; code < 29; code++) {
            int first = LENGTH_BASE[code] - 3;
            int last = code == 28 ? 255 : Math.min(255, LENGTH_BASE[code + 1] - 4);
            for (int i = first; i <= last; i++) {
                LENGTH_CODE[i] = (byte) code;
            }
        }
        LENGTH_CODE[255] = 28;
        for (int code = 0; code < 30; code++) {
            int first = DISTANCE_BASE[code] - 1;
            int last = first + (1 << DISTANCE_EXTRA[code]) - 1;
            for (int d = first; d <= last; d++) {
                if (d < 256) {
                    DISTANCE_CODE[d] = (byte) code;
                } else {
                    DISTANCE_CODE[256 + (d >> 7)] = (byte) code;
                }
            }
        }
        Arrays.fill(FIXED_LITERAL_LENGTHS, 0, 144, (byte) 8);
        Arrays.fill(FIXED_LITERAL_LENGTHS, 144, 256, (byte) 9);
        Arrays.fill(FIXED_LITERAL_LENGTHS, 256, 280, (byte) 7);
        Arrays.fill(FIXED_LITERAL_LENGTHS, 280, 288, (byte) 8);
        Arrays.fill(FIXED_DISTANCE_LENGTHS, (byte) 5);
    }

    // Input: in[0, inEnd) holds the window and the bytes not parsed yet; parsed < inEnd is where parsing goes on.
    private final byte[] in = new byte[INPUT_BYTES];
    private int inEnd;
    private int parsed;
    /** Where the raw bytes of the block being collected start in {@code in} (for a stored block). */
    private int blockStart;
    /**
     * Last position of each hash, plus {@link #base}; a value below {@code base} is from an earlier stream or slid
     * out of the buffer.
     */
    private final int[] head = new int[1 << HASH_BITS];
    private int base = 1;
    /** Distance of the stream's last match (0 before the first), tried before the hash's candidate. */
    private int lastDistance;

    // Symbols of the current block: a literal byte (< 256), or 256 | (length - 3) | distance << 9.
    private final int[] symbols = new int[BLOCK_SYMBOLS];
    private int symbolCount;
    private final int[] literalFreq = new int[LITERALS];
    private final int[] distanceFreq = new int[DISTANCES];
    /** The frequencies a code is made from: the block's, with every length and distance counted at least once. */
    private final int[] codeFreq = new int[LITERALS];

    /** Blocks written with the kept code at most, before a block makes its own again (to follow drifting traffic). */
    private static final int MAX_CODE_REUSES = 64;

    // Codes of the block being written, kept for later blocks (writeWithKeptCode): lengths, codes and header.
    private int codeReuses = MAX_CODE_REUSES;
    private int codesMade;
    private int codeLengthCount;
    private long codeHeaderBits;
    /** Data bits (no header) of the block the kept code was made for, and its input bytes. */
    private long codeDataBits;
    private int codeRawLength;
    private final byte[] literalLengths = new byte[LITERALS];
    private final byte[] distanceLengths = new byte[DISTANCES];
    private final int[] literalCodes = new int[288];
    private final int[] distanceCodes = new int[DISTANCES];
    private final int[] fixedLiteralCodes = new int[288];
    private final int[] fixedDistanceCodes = new int[DISTANCES];
    private final byte[] codeLengthLengths = new byte[CODE_LENGTHS];
    private final int[] codeLengthCodes = new int[CODE_LENGTHS];
    private final int[] codeLengthFreq = new int[CODE_LENGTHS];
    /** The code-length sequence of the dynamic header: a code (0..18) | its extra bits << 8. */
    private final int[] lengthRuns = new int[LITERALS + DISTANCES];
    private int lengthRunCount;
    private final byte[] allLengths = new byte[LITERALS + DISTANCES];

    // Huffman construction scratch.
    private final long[] sortScratch = new long[LITERALS];
    private final int[] weight = new int[2 * LITERALS];
    private final int[] parent = new int[2 * LITERALS];
    private final int[] leafSymbol = new int[LITERALS];
    private final int[] scaledFreq = new int[LITERALS];
    private final int[] lengthCount = new int[16];
    private final int[] nextCode = new int[16];

    // Output.
    private byte[] out = new byte[64 * 1024];
    private int outLength;
    private long bits;
    private int bitCount;

    public FastDeflater() {
        assignCodes(FIXED_LITERAL_LENGTHS, 288, fixedLiteralCodes);
        assignCodes(FIXED_DISTANCE_LENGTHS, DISTANCES, fixedDistanceCodes);
    }

    /** Starts a new stream: nothing written before can be referred to. Output not consumed is dropped. */
    public void reset() {
        base += inEnd + WINDOW + 1;
        if (base > (1 << 30)) {
            Arrays.fill(head, 0);
            base = 1;
        }
        inEnd = 0;
        parsed = 0;
        blockStart = 0;
        lastDistance = 0;
        clearBlock();
        outLength = 0;
        bits = 0;
        bitCount = 0;
    }

    /** Compresses {@code data[offset, offset + length)} as the next bytes of the stream. */
    public void write(byte[] data, int offset, int length) {
        while (length > 0) {
            if (inEnd == in.length) {
                parse(inEnd);
                flushBlock(false);
                slide();
            }
            int n = Math.min(length, in.length - inEnd);
            System.arraycopy(data, offset, in, inEnd, n);
            inEnd += n;
            offset += n;
            length -= n;
        }
    }

    /** Ends the stream: everything written is compressed into {@link #output()}, the last block closed and padded. */
    public void finish() {
        parse(inEnd);
        flushBlock(true);
        ensureOutput(8);
        alignToByte();
    }

    /** Blocks so far that made their own code instead of writing with the kept one (for tests). */
    int codesMade() {
        return codesMade;
    }

    /** Compressed bytes ready so far (the array is reused). */
    public byte[] output() {
        return out;
    }

    public int outputLength() {
        return outLength;
    }

    /** Drops the ready output, after the caller copied it. */
    public void consumeOutput() {
        outLength = 0;
    }

    /** Keeps the last window of input at the front of the buffer. */
    private void slide() {
        int shift = inEnd - WINDOW;
        System.arraycopy(in, shift, in, 0, WINDOW);
        inEnd = WINDOW;
        parsed = WINDOW;
        blockStart = WINDOW;
        base += shift;
        if (base > (1 << 30)) {
            // Positions kept in the table would overflow: forget them (the stream only compresses a bit worse).
            Arrays.fill(head, 0);
            base = 1;
        }
    }

    /** Greedy LZ77 over in[parsed, end): a literal or a match per step, with the last position of each hash. */
    private void parse(int end) {
        byte[] in = this.in;
        int[] head = this.head;
        int[] symbols = this.symbols;
        int[] literalFreq = this.literalFreq;
        int base = this.base;
        int p = parsed;
        int n = symbolCount;
        int last = end - 8; // eight-byte reads (hash, compares) stay inside the buffer
        int misses = 0;
        int lastDistance = this.lastDistance;
        while (p < last) {
            // The hash covers six bytes, a match needs four: fewer candidates that end after four or five bytes,
            // whose symbols cost about what their literals would (varied lines 14.2 -> 13.3 us and 1,140 -> 1,086
            // bytes each in groups of 14, against a hash of four).
            long w = (long) LONG.get(in, p);
            int v = (int) w;
            int h = (int) (((w << 16) * 0xCF1BBCDCB7A56463L) >>> (64 - HASH_BITS));
            int candidate = head[h] - base;
            head[h] = p + base;
            int distance = p - candidate;
            // The distance of the last match is tried first: when a request repeats an earlier one (or its
            // structure), the most recent position with the same hash is often a key repeated within the same
            // request, whose match soon ends, while the last match's distance goes on matching the earlier request.
            if (lastDistance != 0 && p >= lastDistance && (int) INT.get(in, p - lastDistance) == v) {
                candidate = p - lastDistance;
                distance = lastDistance;
            }
            if (candidate >= 0 && distance <= WINDOW && (int) INT.get(in, candidate) == v) {
                lastDistance = distance;
                int max = Math.min(MAX_MATCH, end - p);
                int length = MIN_MATCH;
                while (true) {
                    if (length + 8 > max) {
                        while (length < max && in[p + length] == in[candidate + length]) {
                            length++;
                        }
                        break;
                    }
                    long x = (long) LONG.get(in, p + length) ^ (long) LONG.get(in, candidate + length);
                    if (x != 0) {
                        length += Long.numberOfTrailingZeros(x) >>> 3;
                        if (length > max) {
                            length = max;
                        }
                        break;
                    }
                    length += 8;
                    if (length + 8 <= max) {
                        // Twelve bytes or more: a long match, likely a repeated request. The JDK's vectorized
                        // compare finds its end tens of bytes per step (3.35 instead of 4.0 us per line of the
                        // benchmark body in groups of 13; the same output).
                        int differ = Arrays.mismatch(in, p + length, p + max, in, candidate + length, candidate + max);
                        length = differ < 0 ? max : length + differ;
                        break;
                    }
                }
                symbols[n++] = 256 | (length - 3) | distance << 9;
                literalFreq[257 + LENGTH_CODE[length - 3]]++;
                int d = distance - 1;
                distanceFreq[d < 256 ? DISTANCE_CODE[d] : DISTANCE_CODE[256 + (d >> 7)]]++;
                p += length;
                misses = 0;
            } else {
                // After eight positions in a row without a match, the next literals are taken two at a time,
                // after sixteen three at a time, ...: ids, hashes and timestamps are passed over faster, while text
                // that repeats finds its next match within a byte or two (about 10 % less time on varied lines, the
                // same size; bench/ingestion/README.md).
                int stop = Math.min(p + 1 + (misses++ >>> 3), last);
                do {
                    int c = in[p] & 0xff;
                    symbols[n++] = c;
                    literalFreq[c]++;
                    p++;
                } while (p < stop && n < BLOCK_SYMBOLS);
            }
            if (n == BLOCK_SYMBOLS) {
                symbolCount = n;
                parsed = p;
                flushBlock(false);
                n = 0;
            }
        }
        while (p < end) {
            int c = in[p] & 0xff;
            symbols[n++] = c;
            literalFreq[c]++;
            p++;
            if (n == BLOCK_SYMBOLS) {
                symbolCount = n;
                parsed = p;
                flushBlock(false);
                n = 0;
            }
        }
        symbolCount = n;
        parsed = p;
        this.lastDistance = lastDistance;
    }

    private void clearBlock() {
        symbolCount = 0;
        Arrays.fill(literalFreq, 0);
        Arrays.fill(distanceFreq, 0);
    }

    /**
     * Writes the symbols collected since the last block as one block: with the dynamic code of an earlier block when
     * it still fits, else dynamic, fixed or stored, the smallest.
     */
    private void flushBlock(boolean last) {
        int rawLength = parsed - blockStart;
        if (symbolCount == 0 && !last) {
            return;
        }
        literalFreq[END_OF_BLOCK]++;
        if (!writeWithKeptCode(last, rawLength)) {
            writeWithNewCode(last, rawLength);
        }
        blockStart = parsed;
        clearBlock();
    }

    /**
     * Writes the block with the dynamic code kept from an earlier block, if every symbol of this block has a code in
     * it, the block costs at most 1/32 more bits per input byte than the one the code was made for, and stored blocks
     * would not be smaller. Making a code (two Huffman trees, the header's run-length sequence and its own tree) costs
     * the sink's sync thread about as much per group commit as compressing a line, and consecutive group commits of
     * the same traffic have nearly the same statistics. A code is kept for {@link #MAX_CODE_REUSES} blocks at most.
     */
    private boolean writeWithKeptCode(boolean last, int rawLength) {
        if (codeReuses >= MAX_CODE_REUSES) {
            return false;
        }
        long dataBits = symbolBits(literalLengths, distanceLengths);
        if (dataBits < 0 || dataBits * codeRawLength * 32 > codeDataBits * rawLength * 33
                || 3 + codeHeaderBits + dataBits >= storedBits(rawLength)) {
            return false;
        }
        codeReuses++;
        ensureOutput((int) ((3 + codeHeaderBits + dataBits) / 8) + 64);
        putBits((last ? 1 : 0) | 2 << 1, 3);
        writeHeader();
        writeSymbols(literalCodes, literalLengths, distanceCodes, distanceLengths);
        return true;
    }

    /**
     * Bits of the block's symbols (extra bits included) under the given code lengths, or -1 when a symbol it uses has
     * no code in them.
     */
    private long symbolBits(byte[] literalCodeLengths, byte[] distanceCodeLengths) {
        long bits = 0;
        for (int s = 0; s < LITERALS; s++) {
            int f = literalFreq[s];
            if (f != 0) {
                int length = literalCodeLengths[s];
                if (length == 0) {
                    return -1;
                }
                bits += (long) f * (length + (s > END_OF_BLOCK ? LENGTH_EXTRA[s - END_OF_BLOCK - 1] : 0));
            }
        }
        for (int s = 0; s < DISTANCES; s++) {
            int f = distanceFreq[s];
            if (f != 0) {
                int length = distanceCodeLengths[s];
                if (length == 0) {
                    return -1;
                }
                bits += (long) f * (length + DISTANCE_EXTRA[s]);
            }
        }
        return bits;
    }

    private static long storedBits(int rawLength) {
        return 8L * (rawLength + 5L * Math.max(1, (rawLength + MAX_STORED - 1) / MAX_STORED)) + 7;
    }

    /** Makes this block's own codes and writes it dynamic, fixed or stored, whichever is smallest. */
    private void writeWithNewCode(boolean last, int rawLength) {
        codesMade++;
        // The kept code's lengths are overwritten here; it is only kept again if this block goes out dynamic.
        codeReuses = MAX_CODE_REUSES;
        // Every length and distance gets a code, used or not (a few bytes of header): which of them a group
        // commit happens to use varies more from one to the next than the bytes of its lines do.
        System.arraycopy(literalFreq, 0, codeFreq, 0, LITERALS);
        for (int s = END_OF_BLOCK + 1; s < LITERALS; s++) {
            codeFreq[s] = Math.max(codeFreq[s], 1);
        }
        buildLengths(codeFreq, LITERALS, 15, literalLengths);
        System.arraycopy(distanceFreq, 0, codeFreq, 0, DISTANCES);
        for (int s = 0; s < DISTANCES; s++) {
            codeFreq[s] = Math.max(codeFreq[s], 1);
        }
        buildLengths(codeFreq, DISTANCES, 15, distanceLengths);
        // With every length and distance coded, the header always carries all LITERALS and DISTANCES lengths.
        int codeLengthCodeCount = prepareHeader();

        long dataBits = symbolBits(literalLengths, distanceLengths);
        long fixedBits = 3 + symbolBits(FIXED_LITERAL_LENGTHS, FIXED_DISTANCE_LENGTHS);
        long headerBits = 14 + 3L * codeLengthCodeCount;
        for (int i = 0; i < lengthRunCount; i++) {
            int code = lengthRuns[i] & 0xff;
            headerBits += codeLengthLengths[code] + (code == 16 ? 2 : code == 17 ? 3 : code == 18 ? 7 : 0);
        }
        long dynamicBits = 3 + headerBits + dataBits;
        long storedBits = storedBits(rawLength);

        ensureOutput((int) (Math.max(Math.min(dynamicBits, fixedBits), 0) / 8) + rawLength
                + 5 * (rawLength / MAX_STORED + 2) + 64);
        if (storedBits < dynamicBits && storedBits < fixedBits) {
            writeStored(last, rawLength);
        } else if (fixedBits <= dynamicBits) {
            putBits((last ? 1 : 0) | 1 << 1, 3);
            writeSymbols(fixedLiteralCodes, FIXED_LITERAL_LENGTHS, fixedDistanceCodes, FIXED_DISTANCE_LENGTHS);
        } else {
            putBits((last ? 1 : 0) | 2 << 1, 3);
            assignCodes(literalLengths, LITERALS, literalCodes);
            assignCodes(distanceLengths, DISTANCES, distanceCodes);
            assignCodes(codeLengthLengths, CODE_LENGTHS, codeLengthCodes);
            codeLengthCount = codeLengthCodeCount;
            codeHeaderBits = headerBits;
            codeDataBits = dataBits;
            codeRawLength = rawLength;
            codeReuses = rawLength > 0 ? 0 : MAX_CODE_REUSES;
            writeHeader();
            writeSymbols(literalCodes, literalLengths, distanceCodes, distanceLengths);
        }
    }

    /** The header of a dynamic block with the current code: counts, the code-length code and the code lengths. */
    private void writeHeader() {
        putBits(LITERALS - 257, 5);
        putBits(DISTANCES - 1, 5);
        putBits(codeLengthCount - 4, 4);
        for (int i = 0; i < codeLengthCount; i++) {
            putBits(codeLengthLengths[CODE_LENGTH_ORDER[i]], 3);
        }
        for (int i = 0; i < lengthRunCount; i++) {
            int run = lengthRuns[i];
            int code = run & 0xff;
            putBits(codeLengthCodes[code], codeLengthLengths[code]);
            if (code >= 16) {
                putBits(run >>> 8, code == 16 ? 2 : code == 17 ? 3 : 7);
            }
        }
    }

    /**
     * The block's symbols under the given codes. The bit buffer stays in locals for the whole loop (putBits keeps it
     * in fields, which the JIT stores back on every call): 3.11 instead of 3.35 us per line of the benchmark body;
     * literals go out in pairs: 3.2 instead of 3.4 us (varied lines 14.3 instead of 14.6).
     */
    private void writeSymbols(int[] litCodes, byte[] litLengths, int[] distCodes, byte[] distLengths) {
        int[] symbols = this.symbols;
        byte[] out = this.out;
        long bits = this.bits;
        int bitCount = this.bitCount;
        int outLength = this.outLength;
        for (int i = 0, n = symbolCount; i < n; i++) {
            int s = symbols[i];
            int value;
            int count;
            if (s < 256) {
                value = litCodes[s];
                count = litLengths[s];
                int t;
                if (i + 1 < n && (t = symbols[i + 1]) < 256) {
                    // Two literals (15 bits at most each) go out together: one store and shift instead of two.
                    value |= litCodes[t] << count;
                    count += litLengths[t];
                    i++;
                }
            } else {
                // A length (code <= 15 bits, extra <= 5) goes out first, then its distance (<= 15 + 13 bits).
                int l = s & 0xff;
                int lc = LENGTH_CODE[l];
                int len = litLengths[257 + lc];
                bits |= (long) (litCodes[257 + lc] | (l + 3 - LENGTH_BASE[lc]) << len) << bitCount;
                bitCount += len + LENGTH_EXTRA[lc];
                LONG.set(out, outLength, bits);
                outLength += bitCount >>> 3;
                bits >>>= bitCount & ~7;
                bitCount &= 7;
                int d = (s >>> 9) - 1;
                int dc = d < 256 ? DISTANCE_CODE[d] : DISTANCE_CODE[256 + (d >> 7)];
                int dlen = distLengths[dc];
                value = distCodes[dc] | (d + 1 - DISTANCE_BASE[dc]) << dlen;
                count = dlen + DISTANCE_EXTRA[dc];
            }
            bits |= (long) value << bitCount;
            bitCount += count;
            LONG.set(out, outLength, bits);
            outLength += bitCount >>> 3;
            bits >>>= bitCount & ~7;
            bitCount &= 7;
        }
        this.bits = bits;
        this.bitCount = bitCount;
        this.outLength = outLength;
        putBits(litCodes[END_OF_BLOCK], litLengths[END_OF_BLOCK]);
    }

    private void writeStored(boolean last, int rawLength) {
        int pos = blockStart;
        do {
            int n = Math.min(MAX_STORED, rawLength);
            rawLength -= n;
            putBits(last && rawLength == 0 ? 1 : 0, 3);
            alignToByte();
            out[outLength++] = (byte) n;
            out[outLength++] = (byte) (n >>> 8);
            out[outLength++] = (byte) ~n;
            out[outLength++] = (byte) (~n >>> 8);
            System.arraycopy(in, pos, out, outLength, n);
            outLength += n;
            pos += n;
        } while (rawLength > 0);
    }

    /** The code-length sequence (with its run codes) and the code-length code; returns how many of its lengths go out. */
    private int prepareHeader() {
        byte[] all = allLengths;
        System.arraycopy(literalLengths, 0, all, 0, LITERALS);
        System.arraycopy(distanceLengths, 0, all, LITERALS, DISTANCES);
        int total = LITERALS + DISTANCES;
        Arrays.fill(codeLengthFreq, 0);
        lengthRunCount = 0;
        int i = 0;
        while (i < total) {
            int len = all[i];
            int run = 1;
            while (i + run < total && all[i + run] == len) {
                run++;
            }
            i += run;
            if (len == 0) {
                while (run >= 11) {
                    int r = Math.min(run, 138);
                    addRun(18, r - 11);
                    run -= r;
                }
                if (run >= 3) {
                    addRun(17, run - 3);
                    run = 0;
                }
            } else {
                addRun(len, 0);
                run--;
                while (run >= 3) {
                    int r = Math.min(run, 6);
                    addRun(16, r - 3);
                    run -= r;
                }
            }
            while (run-- > 0) {
                addRun(len, 0);
            }
        }
        buildLengths(codeLengthFreq, CODE_LENGTHS, 7, codeLengthLengths);
        int count = CODE_LENGTHS;
        while (count > 4 && codeLengthLengths[CODE_LENGTH_ORDER[count - 1]] == 0) {
            count--;
        }
        return count;
    }

    private void addRun(int code, int extra) {
        lengthRuns[lengthRunCount++] = code | extra << 8;
        codeLengthFreq[code]++;
    }

    /**
     * Huffman code lengths for {@code freq[0, n)}, none longer than {@code limit}: a Huffman tree over the symbols that
     * occur (at least two, as every inflater accepts), built again from flattened frequencies while too deep.
     */
    private void buildLengths(int[] freq, int n, int limit, byte[] lengths) {
        Arrays.fill(lengths, 0, n, (byte) 0);
        int used = 0;
        for (int s = 0; s < n; s++) {
            if (freq[s] != 0) {
                leafSymbol[used++] = s;
            }
        }
        if (used < 2) {
            // Two codes of one bit: the symbol that occurs (if any) and another one.
            int a = used == 1 ? leafSymbol[0] : 0;
            int b = a == 0 ? 1 : 0;
            lengths[a] = 1;
            lengths[b] = 1;
            return;
        }
        for (int i = 0; i < used; i++) {
            scaledFreq[i] = freq[leafSymbol[i]];
        }
        while (true) {
            for (int i = 0; i < used; i++) {
                sortScratch[i] = (long) scaledFreq[i] << 32 | i;
            }
            Arrays.sort(sortScratch, 0, used);
            // Two queues: leaves by weight, then internal nodes in the order they are made (weights never fall).
            for (int i = 0; i < used; i++) {
                weight[i] = (int) (sortScratch[i] >>> 32);
            }
            int leaf = 0;
            int node = used;
            int nodes = used;
            for (int k = 0; k < used - 1; k++) {
                int a;
                if (leaf < used && (node >= nodes || weight[leaf] <= weight[node])) {
                    a = leaf++;
                } else {
                    a = node++;
                }
                int b;
                if (leaf < used && (node >= nodes || weight[leaf] <= weight[node])) {
                    b = leaf++;
                } else {
                    b = node++;
                }
                weight[nodes] = weight[a] + weight[b];
                parent[a] = nodes;
                parent[b] = nodes;
                nodes++;
            }
            // Depths, root first (a parent is always made after its children). weight[] is reused for depths.
            int root = nodes - 1;
            weight[root] = 0;
            int deepest = 0;
            for (int i = root - 1; i >= 0; i--) {
                weight[i] = weight[parent[i]] + 1;
                if (i < used && weight[i] > deepest) {
                    deepest = weight[i];
                }
            }
            if (deepest <= limit) {
                for (int i = 0; i < used; i++) {
                    lengths[leafSymbol[(int) sortScratch[i]]] = (byte) weight[i];
                }
                return;
            }
            for (int i = 0; i < used; i++) {
                scaledFreq[i] = 1 + (scaledFreq[i] >>> 2);
            }
        }
    }

    /** Canonical codes for {@code lengths[0, n)}, bit-reversed for deflate's LSB-first packing. */
    private void assignCodes(byte[] lengths, int n, int[] codes) {
        Arrays.fill(lengthCount, 0);
        for (int s = 0; s < n; s++) {
            lengthCount[lengths[s]]++;
        }
        lengthCount[0] = 0;
        int code = 0;
        for (int len = 1; len < 16; len++) {
            code = (code + lengthCount[len - 1]) << 1;
            nextCode[len] = code;
        }
        for (int s = 0; s < n; s++) {
            int len = lengths[s];
            if (len != 0) {
                codes[s] = Integer.reverse(nextCode[len]++) >>> (32 - len);
            }
        }
    }

    /**
     * Appends {@code count} (at most 31) bits. Fewer than 8 bits wait in {@link #bits}; the whole bytes go out at
     * once, without a branch (eight bytes are stored, the ones past the whole bytes are overwritten later).
     */
    private void putBits(int value, int count) {
        long b = bits | (long) value << bitCount;
        int n = bitCount + count;
        LONG.set(out, outLength, b);
        int bytes = n >>> 3;
        outLength += bytes;
        bits = b >>> (bytes << 3);
        bitCount = n & 7;
    }

    private void alignToByte() {
        if (bitCount > 0) {
            out[outLength++] = (byte) bits;
        }
        bitCount = 0;
        bits = 0;
    }

    private void ensureOutput(int more) {
        if (out.length - outLength < more + 16) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, outLength + more + 16));
        }
    }
}
