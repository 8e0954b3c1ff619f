package io.clickstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Decoding an envelope line together with its events agrees with the full decode followed by
 * {@link SdkEventCodec#decodeBatch}, line for line, on good and bad input.
 */
class RawEnvelopeDecodeWithEventsTest {

    static final String EVENTS = "[ {\"event_type\":\"_page_view\",\"event_id\":\"e1\",\"timestamp\":1700000000000,"
            + "\"app_id\":\"shop\",\"attributes\":{\"_page_url\":\"https://x.example/\\u00e9?a=\\\"b\\\"\"}},\n"
            + "{\"event_type\":\"\",\"event_id\":\"e2\",\"timestamp\":1,\"app_id\":\"shop\"}, 7 ]";

    /** Text outside ASCII before and inside bad events, so that byte and character offsets differ. */
    static final String WIDE = "[{\"event_type\":\"vue\",\"event_id\":\"\u00e9\u4e2d\",\"timestamp\":5,\"app_id\":\"shop\","
            + "\"attributes\":{\"titre\":\"Caf\u00e9 \ud83d\ude00\"}},"
            + "{\"event_type\":\"\u00fcbel\",\"event_id\":\"e\",\"timestamp\":\"x\",\"app_id\":\"shop\"},\"\u00e9t\u00e9\"]";

    @Test
    void decodes_envelopes_and_their_events_in_one_pass_like_the_shared_codec() {
        List<String> lines = List.of(
                line(EVENTS),
                line("{\"event_type\":\"a\",\"event_id\":\"e3\",\"timestamp\":5,\"app_id\":\"shop\"}"),
                line("\"not events\""),
                line("null"),
                line(WIDE),
                "{\"ingest_time\":5,\"app_id\":\"a\",\"data\":[],\"extra\":{\"x\":[1,2]},\"bundle_seq\":\"7\"}");
        for (String line : lines) {
            RawEnvelope shared = RawEnvelopeCodec.decode(line);
            assertSameAsShared(line, shared, RawEnvelopeCodec.decodeWithEvents(line));
            byte[] bytes = ("xx" + line + "yy").getBytes(StandardCharsets.UTF_8);
            assertSameAsShared(line, shared, RawEnvelopeCodec.decodeWithEvents(bytes, 2,
                    line.getBytes(StandardCharsets.UTF_8).length));
        }
        assertThat(RawEnvelopeCodec.decodeWithEvents(lines.get(0)).events()).hasSize(3)
                .extracting(ParsedEvent::rawJson).last().isEqualTo("7");
        assertThat(RawEnvelopeCodec.decodeWithEvents(line(WIDE).getBytes(StandardCharsets.UTF_8), 0,
                line(WIDE).getBytes(StandardCharsets.UTF_8).length).events()).extracting(ParsedEvent::rawJson)
                .containsExactly(null, "{\"event_type\":\"\u00fcbel\",\"event_id\":\"e\",\"timestamp\":\"x\",\"app_id\":\"shop\"}",
                        "\"\u00e9t\u00e9\"");
    }

    private static void assertSameAsShared(String line, RawEnvelope shared, RawEnvelopeCodec.DecodedLine decoded) {
        RawEnvelope ours = decoded.envelope();
        assertThat(ours.rid()).isEqualTo(shared.rid());
        assertThat(ours.ingestTime()).isEqualTo(shared.ingestTime());
        assertThat(ours.appId()).isEqualTo(shared.appId());
        assertThat(ours.ua()).isEqualTo(shared.ua());
        assertThat(ours.bundleSeq()).isEqualTo(shared.bundleSeq());
        assertThat(ours.uploadTs()).isEqualTo(shared.uploadTs());
        List<ParsedEvent> a = SdkEventCodec.decodeBatch(shared.data());
        List<ParsedEvent> b = decoded.events();
        assertThat(b).hasSameSizeAs(a);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).isValid()).as(line).isEqualTo(a.get(i).isValid());
            assertThat(b.get(i).reason()).isEqualTo(a.get(i).reason());
            assertThat(b.get(i).event()).isEqualTo(a.get(i).event());
            assertThat(b.get(i).rawJson()).isEqualTo(a.get(i).rawJson());
        }
    }

    @Test
    void refuses_the_lines_the_shared_codec_refuses() {
        for (String bad : List.of("", "[1]", "{\"app_id\":\"a\",\"ingest_time\":1}", "{\"app_id\":\"a\",\"data\":[]}",
                "{\"app_id\":\"a\",\"ingest_time\":1,\"data\":[1,}", "{\"app_id\":\"a\",\"ingest_time\":1,\"data\":[]} x",
                line(EVENTS).substring(0, 80))) {
            assertThatThrownBy(() -> RawEnvelopeCodec.decode(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> RawEnvelopeCodec.decodeWithEvents(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
            byte[] bytes = bad.getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> RawEnvelopeCodec.decodeWithEvents(bytes, 0, bytes.length)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void refuses_bytes_that_are_not_utf8_as_not_json() {
        byte[] good = line(EVENTS).getBytes(StandardCharsets.UTF_8);
        byte[] bad = good.clone();
        int at = new String(good, StandardCharsets.UTF_8).indexOf("_page_view") + 1;
        bad[at] = (byte) 0xC3;
        bad[at + 1] = (byte) 0x28;
        assertThat(RawEnvelopeCodec.decodeWithEvents(good, 0, good.length).events()).hasSize(3);
        assertThatThrownBy(() -> RawEnvelopeCodec.decodeWithEvents(bad, 0, bad.length))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid JSON");
    }

    private static String line(String data) {
        byte[] encoded = RawEnvelopeCodec.encode(new RawEnvelope("r1", 1_700_000_000_000L, "shop", "Web", "203.0.113.9",
                "Mozilla/5.0 \"quoted\"", "/collect?appId=shop", "gzip", 3L, 1_700_000_000_500L, data));
        return new String(encoded, StandardCharsets.UTF_8).stripTrailing();
    }
}
