package io.clickstream.studio.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditEntryTest {

    @Test
    void an_update_summarises_the_fields_that_changed() {
        assertThat(entry(map("name", "Shop", "enabled", true, "timeZone", "UTC"),
                map("name", "Web shop", "enabled", false, "timeZone", "UTC")).summary())
                .isEqualTo("name: Shop → Web shop; enabled: true → false");
    }

    @Test
    void a_create_or_delete_lists_the_fields_that_have_a_value() {
        assertThat(entry(Map.of(), map("name", "Shop", "description", "", "platforms", "Web")).summary())
                .isEqualTo("name: Shop; platforms: Web");
        assertThat(entry(map("name", "Shop", "description", ""), Map.of()).summary()).isEqualTo("name: Shop");
    }

    private static AuditEntry entry(Map<String, Object> before, Map<String, Object> after) {
        return new AuditEntry("id", Instant.EPOCH, "ana", "project.update", "project", "shop", before, after);
    }

    private static Map<String, Object> map(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
