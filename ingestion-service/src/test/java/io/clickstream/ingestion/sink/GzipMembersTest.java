package io.clickstream.ingestion.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class GzipMembersTest {

    /** Newline-terminated lines of JSON-ish text, compressible like envelopes. */
    private static byte[] lines(int size, long seed) {
        Random random = new Random(seed);
        byte[] data = new byte[size];
        String[] words = {"{\"event_type\":", "\"_page_view\",", "\"attributes\":{", "\"_session_id\":", "}",
            "\"unique_id\":\"", "8f2c", "a91e", "7710\",", " "};
        int pos = 0;
        while (pos < size) {
            byte[] word = words[random.nextInt(words.length)].getBytes(StandardCharsets.US_ASCII);
            int n = Math.min(word.length, size - pos);
            System.arraycopy(word, 0, data, pos, n);
            pos += n;
        }
        for (int i = 0; i < size; i += 1 + random.nextInt(4000)) {
            data[i] = '\n';
        }
        data[size - 1] = '\n';
        return data;
    }

    private static byte[] gunzip(byte[] gzip) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return in.readAllBytes();
        }
    }

    /** One member of several lines, written the way the sink writes a group commit: through a small buffer. */
    private static byte[] groupMember(GzipMembers gzip, int bufferBytes, byte[]... lines) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        gzip.begin(ByteBuffer.allocateDirect(bufferBytes), Channels.newChannel(out));
        for (byte[] line : lines) {
            gzip.add(line, 0, line.length);
        }
        long written = gzip.finish();
        assertThat(written).isEqualTo(out.size());
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    @Test
    void a_member_of_many_requests_round_trips_at_every_level() throws Exception {
        byte[][] requests = new byte[40][];
        for (int i = 0; i < requests.length; i++) {
            requests[i] = lines(7_900 + i * 31, i);
        }
        byte[] large = lines(300_000, 99); // more than one stored block, more than the write buffer
        for (int level : new int[] {0, 1, 6, 9}) {
            GzipMembers gzip = new GzipMembers(level);
            try {
                // The deflater is reused: a second member from the same writer must be complete on its own.
                byte[] first = groupMember(gzip, 4096, requests);
                byte[] second = groupMember(gzip, 64 * 1024, large, requests[3]);
                byte[] file = concat(first, second);

                assertThat(gunzip(first)).isEqualTo(concat(requests));
                assertThat(gunzip(file)).isEqualTo(concat(concat(requests), large, requests[3]));
                assertThat(GzipMembers.completePrefix(file)).isEqualTo(file.length);
                if (level > 0) {
                    assertThat(first.length).isLessThan(concat(requests).length / 2);
                }
            } finally {
                gzip.end();
            }
        }
    }

    @Test
    void a_file_cut_inside_a_group_member_keeps_every_complete_group_before_it() throws Exception {
        GzipMembers gzip = new GzipMembers(1);
        byte[] group1 = groupMember(gzip, 8192, lines(7_900, 1), lines(7_900, 2), lines(5_000, 3));
        byte[] group2 = groupMember(gzip, 8192, lines(7_900, 4), lines(7_900, 5));
        byte[] group3 = groupMember(gzip, 8192, lines(7_900, 6), lines(7_900, 7), lines(9_000, 8));
        byte[] file = concat(group1, group2, group3);
        int twoGroups = group1.length + group2.length;

        assertThat(GzipMembers.completePrefix(file)).isEqualTo(file.length);
        // Every cut inside the third member (header, deflate data, trailer) recovers exactly the first two groups.
        for (int cut = twoGroups; cut < file.length; cut++) {
            assertThat(GzipMembers.completePrefix(Arrays.copyOf(file, cut))).as("cut at %d", cut)
                    .isEqualTo(twoGroups);
        }
        for (int cut = group1.length; cut < twoGroups; cut += 7) {
            assertThat(GzipMembers.completePrefix(Arrays.copyOf(file, cut))).as("cut at %d", cut)
                    .isEqualTo(group1.length);
        }
        assertThat(gunzip(Arrays.copyOf(file, twoGroups))).isEqualTo(concat(
                lines(7_900, 1), lines(7_900, 2), lines(5_000, 3), lines(7_900, 4), lines(7_900, 5)));

        byte[] corrupt = file.clone();
        corrupt[group1.length + group2.length / 2] ^= 0x40;
        assertThat(GzipMembers.completePrefix(corrupt)).isEqualTo(group1.length);
        gzip.end();
    }

    @Test
    void complete_prefix_stops_before_a_member_that_does_not_end_a_line() throws Exception {
        GzipMembers gzip = new GzipMembers(0);
        byte[] first = gzip.member(lines(5000, 3), 0, 5000);
        byte[] unterminated = gzip.member("no newline".getBytes(StandardCharsets.UTF_8), 0, 10);
        assertThat(GzipMembers.completePrefix(unterminated)).isZero();
        assertThat(GzipMembers.completePrefix(concat(first, unterminated))).isEqualTo(first.length);
        assertThat(gunzip(first)).isEqualTo(lines(5000, 3));
        gzip.end();
    }

    @Test
    void finish_without_begin_is_refused() {
        GzipMembers gzip = new GzipMembers(1);
        assertThatThrownBy(gzip::finish).isInstanceOf(IllegalStateException.class);
        gzip.end();
    }
}
