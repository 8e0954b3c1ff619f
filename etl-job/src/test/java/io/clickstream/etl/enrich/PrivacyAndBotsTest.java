package io.clickstream.etl.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.model.SdkEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrivacyAndBotsTest {

    @Test
    void hashes_and_drops_configured_attributes_and_user_attributes() {
        EventRecord e = new EventRecord();
        e.customParameters = new LinkedHashMap<>(Map.of("email", "a@b.c", "ssn", "123", "color", "red"));
        e.user = Map.of("email", new SdkEvent.UserAttribute("a@b.c", 1L), "ssn", new SdkEvent.UserAttribute("1", 1L));
        e.userId = "u1";

        new PiiMasking(Set.of("email"), Set.of("ssn")).enrich(e);

        assertThat(e.customParameters).containsOnlyKeys("email", "color");
        assertThat(e.customParameters.get("email")).hasSize(64).isNotEqualTo("a@b.c")
                .isEqualTo(new PiiMasking(Set.of(), Set.of()).hash("a@b.c"));
        assertThat(e.user).containsOnlyKeys("email");
        assertThat(e.user.get("email").value()).isEqualTo(e.customParameters.get("email"));
        assertThat(e.userId).isEqualTo("u1");
    }

    @Test
    void filters_crawlers_and_http_libraries_but_not_browsers() {
        assertThat(keeps("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)")).isFalse();
        assertThat(keeps("python-requests/2.31.0")).isFalse();
        assertThat(keeps("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36")).isFalse();
        assertThat(keeps("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15")).isTrue();
        assertThat(keeps(null)).isTrue();
    }

    private static boolean keeps(String ua) {
        EventRecord e = new EventRecord();
        e.userAgent = ua;
        new UserAgentEnricher().enrich(e);
        return new BotFilter().enrich(e);
    }
}
