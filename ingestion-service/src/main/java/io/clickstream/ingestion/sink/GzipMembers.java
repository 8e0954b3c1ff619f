package io.clickstream.ingestion.sink;

import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Raw batches are concatenations of gzip members, one per acknowledged request, so that a batch cut short by a
 * crash is still readable up to its last complete member. This class writes one member and finds where the complete
 * members of a damaged file end.
 */
public final class GzipMembers {

    private static final int HEADER_LENGTH = 10;
    private static final int TRAILER_LENGTH = 8;

    private static final int MAX_STORED_BLOCK = 65535;

    private final int level;
    private final Deflater deflater;
    private final CRC32 crc = new CRC32();
    private byte[] out = new byte[16 * 1024];

    /** A member writer at the given deflate level; not thread-safe, keep one per thread. */
    public GzipMembers(int level) {
        this.level = level;
        this.deflater = level == 0 ? null : new Deflater(level, true);
    }

    /** Compresses {@code data} into one complete gzip member and returns it as a new array. */
    public byte[] member(byte[] data, int offset, int length) {
        return level == 0 ? stored(data, offset, length) : deflated(data, offset, length);
    }

    /**
     * Level 0 written by hand: deflate's stored blocks are a 5-byte header per 64 KiB, so the member costs one copy
     * and a CRC, several times less than running the deflater at level 0.
     */
    private byte[] stored(byte[] data, int offset, int length) {
        int blocks = Math.max(1, (length + MAX_STORED_BLOCK - 1) / MAX_STORED_BLOCK);
        byte[] member = new byte[HEADER_LENGTH + blocks * 5 + length + TRAILER_LENGTH];
        writeHeader(member);
        int pos = HEADER_LENGTH;
        int done = 0;
        do {
            int n = Math.min(MAX_STORED_BLOCK, length - done);
            member[pos++] = (byte) (done + n == length ? 1 : 0);
            member[pos++] = (byte) n;
            member[pos++] = (byte) (n >>> 8);
            member[pos++] = (byte) ~n;
            member[pos++] = (byte) (~n >>> 8);
            System.arraycopy(data, offset + done, member, pos, n);
            pos += n;
            done += n;
        } while (done < length);
        crc.reset();
        crc.update(data, offset, length);
        pos = writeIntLe(member, pos, (int) crc.getValue());
        writeIntLe(member, pos, length);
        return member;
    }

    private static void writeHeader(byte[] b) {
        b[0] = 0x1f;
        b[1] = (byte) 0x8b;
        b[2] = 8;
        b[3] = 0;
        b[4] = b[5] = b[6] = b[7] = 0;
        b[8] = 0;
        b[9] = (byte) 0xff;
    }

    private byte[] deflated(byte[] data, int offset, int length) {
        int bound = HEADER_LENGTH + TRAILER_LENGTH + length + (length >> 12) + (length >> 14) + (length >> 25) + 64;
        if (out.length < bound) {
            out = new byte[bound];
        }
        writeHeader(out);
        int pos = HEADER_LENGTH;
        deflater.reset();
        deflater.setInput(data, offset, length);
        deflater.finish();
        while (!deflater.finished()) {
            if (pos == out.length) {
                byte[] bigger = new byte[out.length * 2];
                System.arraycopy(out, 0, bigger, 0, pos);
                out = bigger;
            }
            pos += deflater.deflate(out, pos, out.length - pos);
        }
        if (out.length - pos < TRAILER_LENGTH) {
            byte[] bigger = new byte[pos + TRAILER_LENGTH];
            System.arraycopy(out, 0, bigger, 0, pos);
            out = bigger;
        }
        crc.reset();
        crc.update(data, offset, length);
        pos = writeIntLe(out, pos, (int) crc.getValue());
        pos = writeIntLe(out, pos, length);
        byte[] member = new byte[pos];
        System.arraycopy(out, 0, member, 0, pos);
        return member;
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

    private static int writeIntLe(byte[] b, int pos, int v) {
        b[pos] = (byte) v;
        b[pos + 1] = (byte) (v >>> 8);
        b[pos + 2] = (byte) (v >>> 16);
        b[pos + 3] = (byte) (v >>> 24);
        return pos + 4;
    }

    private static int readIntLe(byte[] b, int pos) {
        return (b[pos] & 0xff) | (b[pos + 1] & 0xff) << 8 | (b[pos + 2] & 0xff) << 16 | (b[pos + 3] & 0xff) << 24;
    }
}
