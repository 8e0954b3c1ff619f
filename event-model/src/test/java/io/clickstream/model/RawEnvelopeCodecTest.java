package io.clickstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RawEnvelopeCodecTest {

    private static RawEnvelope envelope(String data) {
        return new RawEnvelope("node1-7", 1_700_000_000_123L, "shop", "Web", "203.0.113.9", "Mozilla/5.0 \"quoted\"",
                "/collect?appId=shop", "gzip", 42L, 1_700_000_000_000L, data);
    }

    @Test
    void encodes_one_line_and_decodes_the_same_envelope() {
        RawEnvelope original = envelope("[{\"event_type\":\"a\",\"event_id\":\"1\"}]");
        byte[] line = RawEnvelopeCodec.encode(original);

        String text = new String(line, StandardCharsets.UTF_8);
        assertThat(text).endsWith("}\n").doesNotContain("\r");
        assertThat(text.indexOf('\n')).isEqualTo(text.length() - 1);
        assertThat(RawEnvelopeCodec.decode(text.trim())).isEqualTo(original);
    }

    @Test
    void escapes_what_json_needs_in_header_strings_and_copies_plain_ascii_as_it_is() {
        String[] values = {"Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0.0.0", "", " ~!#$%&'()*+,-./:;<=>?@[]^_`{|}",
                "q\"uote", "back\\slash", "tab\tand\nline", "ctl\u0001", "del\u007f", "caf\u00e9", "emoji \ud83d\ude00"};
        for (String value : values) {
            RawEnvelope original = new RawEnvelope(value, 7, value, value, value, value, value, value, 1L, 2L, "[]");
            String text = new String(RawEnvelopeCodec.encode(original), StandardCharsets.UTF_8);
            assertThat(text.indexOf('\n')).as(value).isEqualTo(text.length() - 1);
            assertThat(RawEnvelopeCodec.decode(text.trim())).as(value).isEqualTo(original);
        }
        String plain = "Mozilla/5.0 (X11) ~";
        RawEnvelope sent = new RawEnvelope("r", 7, "a", "Web", "::1", plain, "/c?x=1&y=%20", null, null, null, "[]");
        assertThat(new String(RawEnvelopeCodec.encode(sent), StandardCharsets.UTF_8))
                .contains(",\"ua\":\"" + plain + "\",\"uri\":\"/c?x=1&y=%20\",\"compression\":null,");
    }

    @Test
    void replaces_line_breaks_of_a_pretty_printed_body_so_one_request_stays_one_line() {
        String pretty = "[\r\n  {\"event_type\": \"a\",\n   \"event_id\": \"x\\ny\"}\n]";
        String text = new String(RawEnvelopeCodec.encode(envelope(pretty)), StandardCharsets.UTF_8);

        assertThat(text.chars().filter(c -> c == '\n').count()).isEqualTo(1);
        RawEnvelope decoded = RawEnvelopeCodec.decode(text.trim());
        // The escaped newline inside the string survives; only insignificant whitespace was touched.
        assertThat(SdkEventCodec.decodeBatch(decoded.data()).get(0).rawJson()).contains("x\\ny");
    }

    @Test
    void finds_every_line_break_at_any_position_of_the_word_wise_scan() {
        for (int length = 0; length < 40; length++) {
            for (int at = 0; at < length; at++) {
                for (byte lineBreak : new byte[] {'\n', '\r'}) {
                    byte[] bytes = " ".repeat(length).getBytes(StandardCharsets.US_ASCII);
                    bytes[at] = lineBreak;
                    assertThat(RawEnvelopeCodec.indexOfLineBreak(bytes, 0, length)).isEqualTo(at);
                    assertThat(RawEnvelopeCodec.indexOfLineBreak(bytes, at + 1, length)).isEqualTo(-1);
                }
                // Bytes close to LF/CR in value (0x09-0x0e, 0x8a, 0x8d) against a byte-by-byte reference.
                byte[] near = new byte[length];
                java.util.Arrays.fill(near, (byte) (0x09 + at % 6));
                near[at] = (byte) (at % 2 == 0 ? 0x8a : 0x8d);
                assertThat(RawEnvelopeCodec.indexOfLineBreak(near, 0, length)).as("near %d/%d", at, length)
                        .isEqualTo(firstLineBreak(near));
            }
        }
    }

    private static int firstLineBreak(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n' || bytes[i] == '\r') {
                return i;
            }
        }
        return -1;
    }

    @Test
    void keeps_nulls_for_absent_optional_fields() {
        RawEnvelope sparse = new RawEnvelope(null, 5, "app", null, null, null, "/collect", null, null, null, "{}");
        assertThat(RawEnvelopeCodec.decode(new String(RawEnvelopeCodec.encode(sparse), StandardCharsets.UTF_8)))
                .isEqualTo(sparse);
    }

    @Test
    void rejects_a_line_that_is_not_an_envelope() {
        assertThatThrownBy(() -> RawEnvelopeCodec.decode("{\"app_id\":\"a\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lacks");
        assertThatThrownBy(() -> RawEnvelopeCodec.decode("{\"app_id\":\"a\",\"data\":[1,"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid JSON");
    }
}
