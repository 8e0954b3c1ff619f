package io.clickstream.studio.explore.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickstream.studio.explore.ExploreService;
import io.clickstream.studio.explore.model.EventResult;
import io.clickstream.studio.metadata.EventMetadata;
import io.clickstream.studio.metadata.MetadataEdit;
import io.clickstream.studio.metadata.MetadataKind;
import io.clickstream.studio.metadata.MetadataService;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Event trends from a link: the chart and grid show the engine's series; events read as their display names. */
class EventExploreViewTest extends ExploreUiTest {

    static final String TREND = "explore/event?app=shop&" + NOVEMBER + "&e1=view_item&e2=add_to_cart&measure=events";

    @Autowired
    ExploreService explore;

    @Autowired
    MetadataService metadata;

    @Test
    void shows_the_engines_series_in_the_chart_and_the_grid() throws Exception {
        EventExploreView view = open(TREND);

        EventResult engine = explore.event(APP, view.query);
        JsonNode chart = new ObjectMapper().readTree(view.chart.getOptionJson());
        List<Long> charted = new ArrayList<>();
        chart.at("/series/0/data").forEach(v -> charted.add(v.asLong()));
        EventResult.Series views = engine.series().stream().filter(s -> s.event().equals("view_item")).findFirst()
                .orElseThrow();
        assertThat(charted).isEqualTo(views.points().stream().map(p -> p.value().longValue()).toList());
        // ShopLake: five views in November, two on the 10th and three on the 12th; no cart on the 12th.
        assertThat(charted.stream().mapToLong(Long::longValue).sum()).isEqualTo(5);
        assertThat(view.grid.table.rows()).hasSize(30);
        List<String> the12th = cells(view.grid).get(11);
        assertThat(the12th.get(0)).isEqualTo("Thu, Nov 12, 2026");
        assertThat(the12th.subList(1, 3)).containsExactly(
                ResultGrid.count(views.points().get(11).value()),
                ResultGrid.count(engine.series().stream().filter(s -> s.event().equals("add_to_cart")).findFirst()
                        .orElseThrow().points().get(11).value()));
    }

    @Test
    void the_week_or_month_holding_today_is_marked_as_not_over_yet() throws Exception {
        // Today is Monday 2026-11-30 in the shop's zone: its week and its month have begun, not ended.
        for (String[] per : new String[][] {{"week", "This week so far"}, {"month", "This month so far"},
                {"day", "Today so far"}}) {
            EventExploreView view = open(TREND + "&by=" + per[0]);

            JsonNode chart = new ObjectMapper().readTree(view.chart.getOptionJson());
            assertThat(chart.at("/series/0/markArea/data/0/0/name").asText()).as(per[0]).isEqualTo(per[1]);
        }
    }

    @Test
    void events_read_as_the_display_names_the_metadata_manager_gives_them() {
        metadata.scanNow(APP);
        EventMetadata viewItem = metadata.get(APP, MetadataKind.EVENTS, null, "view_item");
        metadata.edit(APP, MetadataKind.EVENTS, null, "view_item", viewItem.version(),
                new MetadataEdit("Product viewed", null, null));
        try {
            EventExploreView view = open(TREND);

            assertThat(view.events.rows.get(0).event.getItemLabelGenerator().apply("view_item"))
                    .isEqualTo("Product viewed");
            assertThat(view.grid.table.columns().get(1).header()).isEqualTo("Product viewed");
            assertThat(view.grid.table.columns().get(2).header()).isEqualTo("add_to_cart");
        } finally {
            EventMetadata edited = metadata.get(APP, MetadataKind.EVENTS, null, "view_item");
            metadata.edit(APP, MetadataKind.EVENTS, null, "view_item", edited.version(), new MetadataEdit("", null,
                    null));
        }
    }
}
