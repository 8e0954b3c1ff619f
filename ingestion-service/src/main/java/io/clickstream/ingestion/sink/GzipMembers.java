package io.clickstream.ingestion.sink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Raw batches are concatenations of gzip members, one per group commit (all the envelope lines a commit wrote to
 * that file), so that a batch cut short by a crash is still readable up to its last complete member, which is
 * the last fsync'd group. An instance writes members; {@link #completePrefix} finds where the complete members of
 * a damaged file end.
 *
 * <p>A member is built with {@link #begin}, {@link #add} for each line and {@link #finish}: the lines are deflated
 * as one stream (the deflater is kept and reset per member) straight into a buffer that is written to a channel
 * whenever it fills.
 */
public final class GzipMembers {

    private static final int HEADER_LENGTH = 10;
    private static final int TRAILER_LENGTH = 8;

    /** zlib, for levels 0 and 2-9. */
    private final Deflater deflater;
    /** The collector's own encoder, for level 1. */
    private final FastDeflater fast;
    private final CRC32 crc = new CRC32();
    private ByteBuffer buffer;
    private WritableByteChannel out;
    private long size;
    private long written;

    /**
     * A member writer at the given deflate level; not thread-safe, keep one per thread. Level 1 uses
     * {@link FastDeflater} (about zlib level 1's ratio on envelope lines, at a fraction of its CPU), 0 writes stored
     * blocks and 2-9 are zlib's levels.
     */
    public GzipMembers(int level) {
        if (level == 1) {
            this.fast = new FastDeflater();
            this.deflater = null;
        } else {
            this.fast = null;
            this.deflater = new Deflater(level, true);
        }
    }

    /**
     * Starts a member whose bytes go through {@code buffer} (cleared first, best direct) to {@code out}.
     */
    public void begin(ByteBuffer buffer, WritableByteChannel out) throws IOException {
        if (buffer.capacity() < HEADER_LENGTH + TRAILER_LENGTH) {
            throw new IllegalArgumentException("buffer too small");
        }
        this.buffer = buffer;
        this.out = out;
        buffer.clear();
        buffer.order(ByteOrder.LITTLE_ENDIAN);
        if (fast != null) {
            fast.reset();
        } else {
            deflater.reset();
        }
        crc.reset();
        size = 0;
        written = 0;
        buffer.put((byte) 0x1f).put((byte) 0x8b).put((byte) 8).put((byte) 0).putInt(0).put((byte) 0)
                .put((byte) 0xff);
    }

    /** Adds bytes (whole envelope lines) to the member begun last. */
    public void add(byte[] data, int offset, int length) throws IOException {
        crc.update(data, offset, length);
        size += length;
        if (fast != null) {
            fast.write(data, offset, length);
            takeFastOutput();
            return;
        }
        deflater.setInput(data, offset, length);
        while (!deflater.needsInput()) {
            if (!buffer.hasRemaining()) {
                drain();
            }
            deflater.deflate(buffer);
        }
    }

    /** Ends the member: the rest of the deflate stream and the trailer, all written out; returns its length. */
    public long finish() throws IOException {
        if (out == null) {
            throw new IllegalStateException("no member begun");
        }
        if (fast != null) {
            fast.finish();
            takeFastOutput();
        } else {
            deflater.finish();
            while (!deflater.finished()) {
                if (!buffer.hasRemaining()) {
                    drain();
                }
                deflater.deflate(buffer);
            }
        }
        if (buffer.remaining() < TRAILER_LENGTH) {
            drain();
        }
        buffer.putInt((int) crc.getValue()).putInt((int) size);
        drain();
        out = null;
        buffer = null;
        return written;
    }

    /** One complete member holding {@code data}, as a new array (tests and tools; the sink streams members). */
    public byte[] member(byte[] data, int offset, int length) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(length / 4 + 64);
        try {
            begin(ByteBuffer.allocate(16 * 1024), Channels.newChannel(bytes));
            add(data, offset, length);
            finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Copies what the fast encoder has compressed so far into the buffer, writing the buffer out when it fills. */
    private void takeFastOutput() throws IOException {
        byte[] bytes = fast.output();
        int length = fast.outputLength();
        int offset = 0;
        while (offset < length) {
            if (!buffer.hasRemaining()) {
                drain();
            }
            int n = Math.min(buffer.remaining(), length - offset);
            buffer.put(bytes, offset, n);
            offset += n;
        }
        fast.consumeOutput();
    }

    private void drain() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            written += out.write(buffer);
        }
        buffer.clear();
    }

    /** Releases the native deflater. */
    public void end() {
        if (deflater != null) {
            deflater.end();
        }
    }

    /**
     * Length of the longest prefix of {@code file} made of complete, CRC-checked gzip members whose content ends
     * with a newline (every envelope line does). Everything after it is a member cut short by a crash.
     */
    public static long completePrefix(byte[] file) {
        int pos = 0;
        byte[] scratch = new byte[64 * 1024];
        Inflater inflater = new Inflater(true);
        CRC32 crc = new CRC32();
        try {
            while (file.length - pos >= HEADER_LENGTH + TRAILER_LENGTH) {
                int start = pos;
                int dataStart = headerEnd(file, pos);
                if (dataStart < 0) {
                    return start;
                }
                inflater.reset();
                crc.reset();
                inflater.setInput(file, dataStart, file.length - dataStart);
                long size = 0;
                byte last = 0;
                while (!inflater.finished()) {
                    int n = inflater.inflate(scratch);
                    if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                        return start;
                    }
                    if (n > 0) {
                        crc.update(scratch, 0, n);
                        size += n;
                        last = scratch[n - 1];
                    }
                }
                int trailer = file.length - inflater.getRemaining();
                if (file.length - trailer < TRAILER_LENGTH) {
                    return start;
                }
                if (readIntLe(file, trailer) != (int) crc.getValue() || readIntLe(file, trailer + 4) != (int) size
                        || size == 0 || last != '\n') {
                    return start;
                }
                pos = trailer + TRAILER_LENGTH;
            }
            return pos;
        } catch (DataFormatException e) {
            return pos;
        } finally {
            inflater.end();
        }
    }

    /** Offset of the deflate data after a gzip header at {@code pos}, or -1 when it is not a whole header. */
    private static int headerEnd(byte[] b, int pos) {
        if ((b[pos] & 0xff) != 0x1f || (b[pos + 1] & 0xff) != 0x8b || b[pos + 2] != 8) {
            return -1;
        }
        int flags = b[pos + 3] & 0xff;
        int p = pos + HEADER_LENGTH;
        if ((flags & 4) != 0) {
            if (p + 2 > b.length) {
                return -1;
            }
            p += 2 + ((b[p] & 0xff) | (b[p + 1] & 0xff) << 8);
        }
        for (int bit : new int[] {8, 16}) {
            if ((flags & bit) != 0) {
                while (p < b.length && b[p] != 0) {
                    p++;
                }
                p++;
            }
        }
        if ((flags & 2) != 0) {
            p += 2;
        }
        return p <= b.length ? p : -1;
    }

    private static int readIntLe(byte[] b, int pos) {
        return (b[pos] & 0xff) | (b[pos + 1] & 0xff) << 8 | (b[pos + 2] & 0xff) << 16 | (b[pos + 3] & 0xff) << 24;
    }
}
