package io.clickstream.ingestion.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class GzipMembersTest {

    private static byte[] lines(int size, long seed) {
        Random random = new Random(seed);
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) ('a' + random.nextInt(26));
        }
        data[size - 1] = '\n';
        return data;
    }

    private static byte[] gunzip(byte[] gzip) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return in.readAllBytes();
        }
    }

    @Test
    void stored_and_deflated_members_concatenate_into_one_readable_gzip_stream() throws Exception {
        byte[] small = lines(100, 1);
        byte[] large = lines(200_000, 2); // several stored blocks
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(new GzipMembers(0).member(small, 0, small.length));
        file.write(new GzipMembers(0).member(large, 0, large.length));
        file.write(new GzipMembers(1).member(small, 0, small.length));

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(small);
        expected.write(large);
        expected.write(small);
        assertThat(gunzip(file.toByteArray())).isEqualTo(expected.toByteArray());
        assertThat(GzipMembers.completePrefix(file.toByteArray())).isEqualTo(file.size());
    }

    @Test
    void complete_prefix_stops_before_a_torn_or_corrupt_member() throws Exception {
        GzipMembers members = new GzipMembers(0);
        byte[] first = members.member(lines(5000, 3), 0, 5000);
        byte[] second = members.member(lines(70_000, 4), 0, 70_000);
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);

        assertThat(GzipMembers.completePrefix(Arrays.copyOf(both, both.length - 1))).isEqualTo(first.length);
        assertThat(GzipMembers.completePrefix(Arrays.copyOf(both, first.length + 12))).isEqualTo(first.length);
        byte[] corrupt = both.clone();
        corrupt[first.length + 100] ^= 0x40; // payload flip: the CRC no longer matches
        assertThat(GzipMembers.completePrefix(corrupt)).isEqualTo(first.length);
        byte[] unterminated = members.member("no newline".getBytes(StandardCharsets.UTF_8), 0, 10);
        assertThat(GzipMembers.completePrefix(unterminated)).isZero();
    }
}
