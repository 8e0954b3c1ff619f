package io.clickstream.ingestion.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.model.RequestBodyCheck;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast path may only accept what RequestBodyCheck accepts, with the same event count. */
class FastBodyCheckTest {

    private static final String EVENT = "{\"event_type\":\"_page_view\",\"event_id\":\"e-1\",\"app_id\":\"shop\","
            + "\"timestamp\":1763784000000,\"zone_offset\":-2.5e3,\"ok\":true,\"no\":false,\"none\":null,"
            + "\"attributes\":{\"_page_title\":\"Caf\u00e9 \\\"Lumi\u00e8re\\\" \\u00e9 \ud83d\ude00\",\"n\":[1,-0.5,3E+2]},"
            + "\"user\":{\"_user_id\":{\"value\":\"42\",\"set_timestamp\":1}},"
            + "\"items\":[{\"id\":\"sku-1\",\"price\":12.5,\"quantity\":1}]}";

    private static void assertAgrees(byte[] body) {
        FastBodyCheck check = FastBodyCheck.of(body, 0, body.length);
        int fast = check.events();
        if (fast >= 0) {
            // The envelope writer skips its CR/LF scan on the word of this flag.
            boolean lineBreaks = false;
            for (byte b : body) {
                lineBreaks |= b == '\n' || b == '\r';
            }
            assertThat(check.lineBreaks()).as(new String(body, StandardCharsets.UTF_8)).isEqualTo(lineBreaks);
            RequestBodyCheck.Result authority = RequestBodyCheck.check(body, 0, body.length);
            assertThat(authority.ok()).as("fast path accepted what the authority refuses: %s (%s)",
                    new String(body, StandardCharsets.UTF_8), authority.error()).isTrue();
            assertThat(authority.events()).isEqualTo(fast);
        }
    }

    private static int fast(String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return FastBodyCheck.of(body, 0, body.length).events();
    }

    @Test
    void accepts_sdk_shaped_bodies_on_the_fast_path() throws Exception {
        assertThat(fast("[" + EVENT + "," + EVENT + "]")).isEqualTo(2);
        assertThat(fast(" " + EVENT + "\n")).isEqualTo(1);
        byte[] pretty = ("[\r\n " + EVENT + "\n]").getBytes(StandardCharsets.UTF_8);
        byte[] compact = EVENT.getBytes(StandardCharsets.UTF_8);
        assertThat(FastBodyCheck.of(pretty, 0, pretty.length).events()).isEqualTo(1);
        assertThat(FastBodyCheck.of(pretty, 0, pretty.length).lineBreaks()).isTrue();
        assertThat(FastBodyCheck.of(compact, 0, compact.length).lineBreaks()).isFalse();
        assertThat(fast("[]")).isZero();
        Path bench = Path.of(System.getProperty("user.dir")).resolve("../bench/ingestion/web-sdk-batch.json");
        if (Files.exists(bench)) {
            byte[] body = Files.readAllBytes(bench);
            assertThat(FastBodyCheck.of(body, 0, body.length).events()).isEqualTo(10);
        }
    }

    @Test
    void leaves_everything_doubtful_to_the_authority() {
        List<String> doubtful = List.of("", "[", "[{}", "{}x", "[1]", "[[]]", "\"s\"", "[{\"a\":01}]",
                "[{\"a\":1.}]", "[{\"a\":.5}]", "[{\"a\":-}]", "[{\"a\":tru}]", "[{\"a\":truex}]", "[{\"a\":NaN}]",
                "[{\"a\":\"\u0001\"}]", "[{\"a\":\"\\x\"}]", "[{\"a\":\"\\u12\"}]", "[{'a':1}]", "[{\"a\":1,}]",
                "[{\"a\":1}],", "[{\"item\\u0073\":[]}]", "[{\"a\":[" + "[".repeat(20) + "]".repeat(20) + "]}]",
                "[{\"items\":[" + "1,".repeat(100) + "1]}]", "[{\"a\":1} {\"b\":2}]", "[{\"a\" 1}]");
        for (String json : doubtful) {
            assertThat(fast(json)).as(json).isEqualTo(-1);
        }
        byte[] invalidUtf8 = {'[', '{', '"', 'a', '"', ':', '"', (byte) 0xc3, '"', '}', ']'};
        assertThat(FastBodyCheck.of(invalidUtf8, 0, invalidUtf8.length).events()).isEqualTo(-1);
        byte[] overlong = {'[', '{', '"', 'a', '"', ':', '"', (byte) 0xc0, (byte) 0xaf, '"', '}', ']'};
        assertThat(FastBodyCheck.of(overlong, 0, overlong.length).events()).isEqualTo(-1);
    }

    @Test
    void never_accepts_what_the_authority_refuses_across_random_mutations() {
        Random random = new Random(20261122);
        byte[] seed = ("[" + EVENT + "," + EVENT + "]").getBytes(StandardCharsets.UTF_8);
        byte[] alphabet = "{}[]\",:\\ 0123456789.eE+-tfnul\"\u00e9x\n\r".getBytes(StandardCharsets.UTF_8);
        int acceptedMutants = 0;
        for (int round = 0; round < 30_000; round++) {
            byte[] body = seed.clone();
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits && body.length > 0; e++) {
                int at = random.nextInt(body.length);
                switch (random.nextInt(4)) {
                    case 0 -> body[at] = alphabet[random.nextInt(alphabet.length)];
                    case 1 -> body[at] = (byte) random.nextInt(256);
                    case 2 -> body = java.util.Arrays.copyOf(body, at);
                    default -> {
                        byte[] longer = new byte[body.length + 1];
                        System.arraycopy(body, 0, longer, 0, at);
                        longer[at] = alphabet[random.nextInt(alphabet.length)];
                        System.arraycopy(body, at, longer, at + 1, body.length - at);
                        body = longer;
                    }
                }
            }
            assertAgrees(body);
            if (FastBodyCheck.of(body, 0, body.length).events() >= 0) {
                acceptedMutants++;
            }
        }
        // Some mutations keep the body valid (inside strings, digits): the comparison covered accepted cases too.
        assertThat(acceptedMutants).isGreaterThan(1000);
    }
}
