package io.clickstream.ingestion.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CollectQueryTest {

    private static final String[] NAMES = {"appId", "platform", "hashCode", "compression", "event_bundle_sequence_id",
        "upload_timestamp", "app%49d", "other", "appId+", "", "a%"};
    private static final String[] VALUES = {"shop", "Web", "a1b2c3d4", "gzip", "17", "1795320031500", "", "s%20p",
        "s+p", "%E2%82%AC", "bad%zz", "x=y", "%"};

    @Test
    void reads_the_sdk_parameters_of_a_web_sdk_request() {
        CollectQuery query = CollectQuery.parse("/collect?platform=Web&appId=shop&event_bundle_sequence_id=3"
                + "&upload_timestamp=1795320031500&hashCode=0a1b2c3d");
        assertThat(query.appId).isEqualTo("shop");
        assertThat(query.platform).isEqualTo("Web");
        assertThat(query.bundleSequenceId).isEqualTo("3");
        assertThat(query.uploadTimestamp).isEqualTo("1795320031500");
        assertThat(query.hashCode).isEqualTo("0a1b2c3d");
        assertThat(query.compression).isNull();
        assertThat(CollectQuery.parse("/collect").appId).isNull();
    }

    @Test
    void decodes_like_nettys_query_string_decoder() {
        Random random = new Random(7);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder uri = new StringBuilder("/collect?");
            int params = random.nextInt(6);
            for (int i = 0; i < params; i++) {
                if (i > 0) {
                    uri.append(random.nextInt(5) == 0 ? ";" : "&");
                }
                uri.append(NAMES[random.nextInt(NAMES.length)]);
                if (random.nextInt(6) != 0) {
                    uri.append('=').append(VALUES[random.nextInt(VALUES.length)]);
                }
            }
            String text = uri.toString();
            Map<String, List<String>> expected;
            try {
                expected = new QueryStringDecoder(text).parameters();
            } catch (IllegalArgumentException e) {
                // Netty refuses malformed escapes; so must the collect path (it answers 400 through the handler).
                assertThat(catchParse(text)).as(text).isNotNull();
                continue;
            }
            CollectQuery actual = CollectQuery.parse(text);
            assertThat(actual.appId).as(text).isEqualTo(first(expected, "appId"));
            assertThat(actual.platform).as(text).isEqualTo(first(expected, "platform"));
            assertThat(actual.hashCode).as(text).isEqualTo(first(expected, "hashCode"));
            assertThat(actual.compression).as(text).isEqualTo(first(expected, "compression"));
            assertThat(actual.bundleSequenceId).as(text).isEqualTo(first(expected, "event_bundle_sequence_id"));
            assertThat(actual.uploadTimestamp).as(text).isEqualTo(first(expected, "upload_timestamp"));
        }
    }

    private static IllegalArgumentException catchParse(String uri) {
        try {
            CollectQuery.parse(uri);
            return null;
        } catch (IllegalArgumentException e) {
            return e;
        }
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
