package io.clickstream.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SdkEventCodecTest {

    private static final String GOOD = """
            {"event_type":"_page_view","event_id":"e1","timestamp":1700000000000,"app_id":"shop",
             "unique_id":"u1","platform":"Web","screen_width":1920,
             "user":{"_user_id":{"value":"alice","set_timestamp":1700000000000}},
             "attributes":{"_session_id":"s1","_page_url":"https://x/","price":9.5,"nested":{"a":[1,2]}},
             "items":[{"id":"sku","name":"Shoe","price":"129.00","quantity":2,"color":"red"}]}""";

    @Test
    void decodes_every_known_field_of_a_web_sdk_event() {
        List<ParsedEvent> parsed = SdkEventCodec.decodeBatch("[" + GOOD + "]");

        assertThat(parsed).hasSize(1);
        SdkEvent e = parsed.get(0).event();
        assertThat(e.eventType()).isEqualTo("_page_view");
        assertThat(e.timestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(e.screenWidth()).isEqualTo(1920L);
        assertThat(e.userId()).isEqualTo("alice");
        assertThat(e.attributeText("_session_id")).isEqualTo("s1");
        assertThat(e.attributeDouble("price")).isEqualTo(9.5);
        assertThat(e.attributes().get("nested")).isEqualTo("{\"a\":[1,2]}");
        assertThat(e.items()).singleElement().satisfies(item -> {
            assertThat(item.price()).isEqualTo(129.0);
            assertThat(item.quantity()).isEqualTo(2L);
            assertThat(item.custom()).containsEntry("color", "red");
        });
    }

    @Test
    void accepts_a_single_event_object() {
        assertThat(SdkEventCodec.decodeBatch(GOOD)).singleElement().satisfies(p -> assertThat(p.isValid()).isTrue());
    }

    @Test
    void refuses_only_the_bad_event_of_a_batch_and_keeps_its_raw_text() {
        String bad = "{\"event_type\":\"x\",\"timestamp\":1,\"app_id\":\"shop\"}";
        String wrongType = "{\"event_type\":\"x\",\"event_id\":\"e3\",\"timestamp\":\"soon\",\"app_id\":\"shop\"}";
        List<ParsedEvent> parsed = SdkEventCodec.decodeBatch("[" + GOOD + "," + bad + "," + wrongType + ", 7]");

        assertThat(parsed).hasSize(4);
        assertThat(parsed.get(0).isValid()).isTrue();
        assertThat(parsed.get(1).reason()).isEqualTo("missing event_id");
        assertThat(parsed.get(1).rawJson()).isEqualTo(bad);
        assertThat(parsed.get(2).reason()).isEqualTo("timestamp must be an integer");
        assertThat(parsed.get(2).rawJson()).isEqualTo(wrongType);
        assertThat(parsed.get(3).reason()).isEqualTo("event is not a JSON object");
    }

    @Test
    void refuses_an_event_with_more_items_than_the_limit() {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i <= IngestionLimits.MAX_ITEMS_PER_EVENT; i++) {
            items.append(i == 0 ? "" : ",").append("{\"id\":\"").append(i).append("\"}");
        }
        String event = "{\"event_type\":\"x\",\"event_id\":\"e\",\"timestamp\":5,\"app_id\":\"a\",\"items\":[" + items + "]}";
        assertThat(SdkEventCodec.decodeBatch(event).get(0).reason()).isEqualTo("more than 100 items");
    }

    @Test
    void reports_a_truncated_batch_as_invalid_json() {
        List<ParsedEvent> parsed = SdkEventCodec.decodeBatch("[" + GOOD + ",{\"event_type\":");
        assertThat(parsed.get(0).isValid()).isTrue();
        assertThat(parsed.get(parsed.size() - 1).reason()).startsWith("batch is not valid JSON");
    }
}
