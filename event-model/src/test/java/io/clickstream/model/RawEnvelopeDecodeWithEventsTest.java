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

    @Test
    void decodes_envelopes_and_their_events_in_one_pass_like_the_shared_codec() {
        List<String> lines = List.of(
                line(EVENTS),
                line("{\"event_type\":\"a\",\"event_id\":\"e3\",\"timestamp\":5,\"app_id\":\"shop\"}"),
                line("\"not events\""),
                line("null"),
                "{\"ingest_time\":5,\"app_id\":\"a\",\"data\":[],\"extra\":{\"x\":[1,2]},\"bundle_seq\":\"7\"}");
        for (String line : lines) {
            RawEnvelope shared = RawEnvelopeCodec.decode(line);
            RawEnvelopeCodec.DecodedLine decoded = RawEnvelopeCodec.decodeWithEvents(line);
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
        assertThat(RawEnvelopeCodec.decodeWithEvents(lines.get(0)).events()).hasSize(3)
                .extracting(ParsedEvent::rawJson).last().isEqualTo("7");
    }

    @Test
    void refuses_the_lines_the_shared_codec_refuses() {
        for (String bad : List.of("", "[1]", "{\"app_id\":\"a\",\"ingest_time\":1}", "{\"app_id\":\"a\",\"data\":[]}",
                "{\"app_id\":\"a\",\"ingest_time\":1,\"data\":[1,}", "{\"app_id\":\"a\",\"ingest_time\":1,\"data\":[]} x",
                line(EVENTS).substring(0, 80))) {
            assertThatThrownBy(() -> RawEnvelopeCodec.decode(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> RawEnvelopeCodec.decodeWithEvents(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static String line(String data) {
        byte[] encoded = RawEnvelopeCodec.encode(new RawEnvelope("r1", 1_700_000_000_000L, "shop", "Web", "203.0.113.9",
                "Mozilla/5.0 \"quoted\"", "/collect?appId=shop", "gzip", 3L, 1_700_000_000_500L, data));
        return new String(encoded, StandardCharsets.UTF_8).stripTrailing();
    }
}
