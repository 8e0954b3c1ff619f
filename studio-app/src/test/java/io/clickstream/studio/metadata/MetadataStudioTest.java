package io.clickstream.studio.metadata;

import io.clickstream.studio.metadata.ModeledLake.EventRow;
import io.clickstream.studio.metadata.ModeledLake.UserRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The studio over a small modeled lake of app {@value #APP} (no local runtime, no automatic scans), scanned before
 * each test. The view and API tests share this one Spring context.
 */
@SpringBootTest(properties = {"clickstream.runtime=none", "clickstream.metadata.scan.auto=false"})
@AutoConfigureMockMvc
public abstract class MetadataStudioTest {

    public static final String APP = "shop";
    public static final Instant T0 = Instant.parse("2026-11-18T10:00:00Z");

    @Autowired
    protected MetadataScanScheduler scans;

    @DynamicPropertySource
    static void lake(DynamicPropertyRegistry registry) throws IOException {
        Path dataDir = Files.createTempDirectory("studio-metadata-");
        try (ModeledLake lake = new ModeledLake(dataDir.resolve("lake"))) {
            List<EventRow> events = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                String name = List.of("_page_view", "_session_start", "add_to_cart", "purchase").get(i % 4);
                Map<String, String> custom = switch (name) {
                    case "add_to_cart" -> Map.of("color", i % 8 == 2 ? "red" : "blue", "qty", Integer.toString(i % 5));
                    case "purchase" -> Map.of("coupon", "SPRING", "transaction_id", "T" + i);
                    default -> Map.of();
                };
                events.add(new EventRow(APP, name, T0.plusSeconds(60L * i), "user-" + (i % 9), custom,
                        name.equals("_page_view") ? "https://shop.example/p/" + i : null, null,
                        name.equals("purchase") ? 19.5 : null, 1L));
            }
            lake.appendEvents(events);
            lake.rewriteUsers(APP, events.get(0).date(), List.of(
                    new UserRow(APP, "user-1", T0, T0.plusSeconds(600), Map.of("_user_id", "u1", "plan", "pro")),
                    new UserRow(APP, "user-2", T0, T0.plusSeconds(900), Map.of("plan", "free"))));
        }
        registry.add("clickstream.data-dir", dataDir::toString);
    }

    @BeforeEach
    void scanned() {
        scans.scanNow(APP);
    }
}
