package io.clickstream.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestBodyCheckTest {

    private static RequestBodyCheck.Result check(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return RequestBodyCheck.check(bytes, 0, bytes.length);
    }

    @Test
    void counts_the_events_of_an_array_or_a_single_object() {
        assertThat(check("[{\"a\":1},{\"b\":{\"c\":[1,2]}}]").events()).isEqualTo(2);
        assertThat(check("{\"event_type\":\"x\"}").events()).isEqualTo(1);
        assertThat(check("[]").ok()).isTrue();
    }

    @Test
    void explains_why_a_body_is_refused() {
        assertThat(check("").error()).isEqualTo("body is empty");
        assertThat(check("[1]").error()).contains("element 0 is a number");
        assertThat(check("\"x\"").error()).contains("not a string");
        assertThat(check("[{\"a\":1}").error()).startsWith("malformed JSON");
        assertThat(check("[{\"a\":1}] []").error()).contains("after the JSON value");
        assertThat(check("[{\"a\":tru}]").error()).startsWith("malformed JSON");
    }

    @Test
    void stops_deep_nesting() {
        String deep = "[{\"a\":" + "[".repeat(40) + "]".repeat(40) + "}]";
        assertThat(check(deep).error()).contains("nested deeper than 16");
    }

    @Test
    void limits_attributes_per_event() {
        StringBuilder attributes = new StringBuilder();
        for (int i = 0; i <= IngestionLimits.MAX_ATTRIBUTES_PER_EVENT; i++) {
            attributes.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":{\"v\":").append(i).append('}');
        }
        assertThat(check("[{\"attributes\":{" + attributes + "}}]").error())
                .isEqualTo("event 0: more than 500 entries in attributes");
    }
}
