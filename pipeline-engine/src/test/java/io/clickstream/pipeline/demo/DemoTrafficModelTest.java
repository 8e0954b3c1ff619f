package io.clickstream.pipeline.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.model.ParsedEvent;
import io.clickstream.model.SdkEvent;
import io.clickstream.model.SdkEventCodec;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class DemoTrafficModelTest {

    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final LocalDate FIRST = LocalDate.of(2026, 10, 1);
    private static final long END = FIRST.plusDays(30).atStartOfDay(UTC).toInstant().toEpochMilli();

    private static DemoTrafficModel model(long seed) {
        return new DemoTrafficModel(seed, "demo", 300, FIRST, 30, UTC, END);
    }

    private static List<SdkEvent> events(DemoTrafficModel model) {
        List<SdkEvent> out = new ArrayList<>();
        for (DemoVisit visit : model) {
            List<ParsedEvent> parsed = SdkEventCodec.decodeBatch(visit.bodyJson());
            assertThat(parsed).hasSize(visit.eventCount()).allSatisfy(p -> assertThat(p.reason()).isNull());
            parsed.forEach(p -> out.add(p.event()));
        }
        return out;
    }

    @Test
    void every_generated_event_is_valid_and_inside_the_span() {
        long start = FIRST.atStartOfDay(UTC).toInstant().toEpochMilli();
        assertThat(events(model(1))).isNotEmpty().allSatisfy(e -> {
            assertThat(e.appId()).isEqualTo("demo");
            assertThat(e.timestamp()).isBetween(start, END);
            assertThat(e.attributeText("_session_id")).isNotBlank();
        });
    }

    @Test
    void the_same_seed_gives_the_same_traffic() {
        List<String> a = StreamSupport.stream(model(7).spliterator(), false).map(DemoVisit::bodyJson).toList();
        List<String> b = StreamSupport.stream(model(7).spliterator(), false).map(DemoVisit::bodyJson).toList();
        List<String> c = StreamSupport.stream(model(8).spliterator(), false).map(DemoVisit::bodyJson).toList();
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void traffic_spans_platforms_countries_and_a_narrowing_purchase_funnel() {
        List<SdkEvent> events = events(model(3));
        Map<String, Integer> byName = new HashMap<>();
        events.forEach(e -> byName.merge(e.eventType(), 1, Integer::sum));

        assertThat(events.stream().map(SdkEvent::platform).distinct()).contains("Web", "Android", "iOS");
        assertThat(events.stream().map(SdkEvent::countryCode).distinct().count()).isGreaterThanOrEqualTo(6);
        assertThat(byName.get("view_item")).isGreaterThan(byName.get("add_to_cart"));
        assertThat(byName.get("add_to_cart")).isGreaterThan(byName.get("begin_checkout"));
        assertThat(byName.get("begin_checkout")).isGreaterThan(byName.get("purchase"));
        assertThat(byName.get("purchase")).isPositive();
        assertThat(events.stream().filter(e -> e.userId() != null).count()).isPositive();
        assertThat(events.stream().map(e -> e.uniqueId()).distinct().count()).isEqualTo(300);
    }
}
