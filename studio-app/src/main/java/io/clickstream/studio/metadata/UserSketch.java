package io.clickstream.studio.metadata;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;

/**
 * Distinct users of an event, kept small enough to live in its metadata item and merged scan after scan: exact
 * (the sorted set of user hashes) up to {@value #EXACT_LIMIT} users, then a HyperLogLog of 2^{@value #PRECISION}
 * one-byte registers (standard error about 1.6 %), never more than 4 KiB. Adding the same users again changes
 * nothing, so a partition read twice (a rewritten partition, a retried scan) counts its users once.
 *
 * <p>Hashes are 63-bit and must be uniform (the scan takes them from MD5); instances are mutable and not
 * thread-safe.
 */
final class UserSketch {

    static final int EXACT_LIMIT = 512;
    static final int PRECISION = 12;
    private static final int REGISTERS = 1 << PRECISION;
    private static final int HASH_BITS = 63;
    private static final byte EXACT = 'x';
    private static final byte LOG_LOG = 'h';

    private long[] exact = new long[0];
    private byte[] registers;

    /** Adds users by their hashes. */
    void addAll(long[] hashes) {
        if (registers != null) {
            for (long hash : hashes) {
                addToRegisters(hash);
            }
            return;
        }
        long[] merged = Arrays.copyOf(exact, exact.length + hashes.length);
        System.arraycopy(hashes, 0, merged, exact.length, hashes.length);
        exact = Arrays.stream(merged).sorted().distinct().toArray();
        if (exact.length > EXACT_LIMIT) {
            toRegisters();
        }
    }

    /** Adds every user of {@code other}. */
    void merge(UserSketch other) {
        if (other.registers == null) {
            addAll(other.exact);
            return;
        }
        if (registers == null) {
            toRegisters();
        }
        for (int i = 0; i < REGISTERS; i++) {
            registers[i] = (byte) Math.max(registers[i], other.registers[i]);
        }
    }

    /** The number of distinct users: exact in the exact range, an estimate beyond. */
    long estimate() {
        if (registers == null) {
            return exact.length;
        }
        double sum = 0;
        int zeros = 0;
        for (byte register : registers) {
            sum += Math.scalb(1.0, -register);
            if (register == 0) {
                zeros++;
            }
        }
        double alpha = 0.7213 / (1 + 1.079 / REGISTERS);
        double estimate = alpha * REGISTERS * REGISTERS / sum;
        if (estimate <= 2.5 * REGISTERS && zeros > 0) {
            // Linear counting is the better estimate while many registers are still empty.
            estimate = REGISTERS * Math.log((double) REGISTERS / zeros);
        }
        return Math.round(estimate);
    }

    boolean isExact() {
        return registers == null;
    }

    /** Text for an item attribute. */
    String encode() {
        ByteBuffer bytes;
        if (registers == null) {
            bytes = ByteBuffer.allocate(1 + Long.BYTES * exact.length).put(EXACT);
            for (long hash : exact) {
                bytes.putLong(hash);
            }
        } else {
            bytes = ByteBuffer.allocate(1 + REGISTERS).put(LOG_LOG).put(registers);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    /** A sketch from {@link #encode()}'s text; empty for null or text it does not know. */
    static UserSketch decode(String text) {
        UserSketch sketch = new UserSketch();
        if (text == null || text.isEmpty()) {
            return sketch;
        }
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(text));
        byte kind = bytes.get();
        if (kind == EXACT && bytes.remaining() % Long.BYTES == 0) {
            long[] hashes = new long[bytes.remaining() / Long.BYTES];
            for (int i = 0; i < hashes.length; i++) {
                hashes[i] = bytes.getLong();
            }
            sketch.addAll(hashes);
        } else if (kind == LOG_LOG && bytes.remaining() == REGISTERS) {
            sketch.registers = new byte[REGISTERS];
            bytes.get(sketch.registers);
        }
        return sketch;
    }

    private void toRegisters() {
        registers = new byte[REGISTERS];
        for (long hash : exact) {
            addToRegisters(hash);
        }
        exact = new long[0];
    }

    private void addToRegisters(long hash) {
        int index = (int) (hash & (REGISTERS - 1));
        long rest = hash >>> PRECISION;
        int restBits = HASH_BITS - PRECISION;
        // Position of the first 1-bit in the remaining bits, from the top; all zeros rank one past the last bit.
        int rank = rest == 0 ? restBits + 1 : Long.numberOfLeadingZeros(rest) - (Long.SIZE - restBits) + 1;
        if (rank > registers[index]) {
            registers[index] = (byte) rank;
        }
    }
}
