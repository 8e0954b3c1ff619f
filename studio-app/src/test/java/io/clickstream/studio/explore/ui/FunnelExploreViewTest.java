package io.clickstream.studio.explore.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.select.Select;
import io.clickstream.studio.base.DateRangeChoice.Preset;
import io.clickstream.studio.explore.ExploreService;
import io.clickstream.studio.explore.model.FunnelQuery;
import io.clickstream.studio.explore.model.FunnelResult;
import io.clickstream.studio.explore.model.Operator;
import io.clickstream.studio.explore.model.TimeRange;
import io.clickstream.studio.explore.model.Window;
import io.clickstream.studio.fixture.StudioUi;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Building a funnel in its builder, the URL it writes, and the numbers it shows next to the engine's. */
class FunnelExploreViewTest extends ExploreUiTest {

    static final String FUNNEL = "explore/funnel?app=shop&" + NOVEMBER
            + "&s1=view_item&s2=add_to_cart&s3=purchase&window=1d";

    @Autowired
    ExploreService explore;

    @Test
    void shows_the_engines_numbers_for_a_link() throws Exception {
        FunnelExploreView view = open(FUNNEL);

        FunnelResult engine = explore.funnel(APP, view.query);
        // ShopLake by hand: u1 converts through purchase, u4 reaches the cart, u2's cart is a millisecond too late.
        assertThat(engine.steps()).extracting(FunnelResult.Step::users).containsExactly(3L, 2L, 1L);
        ResultGrid steps = view.grids.get(0);
        assertThat(GridKt._size(steps.grid)).isEqualTo(3);
        List<List<String>> shown = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            shown.add(GridKt._getFormattedRow(steps.grid, i));
        }
        assertThat(shown).extracting(row -> row.get(2)).containsExactly("3", "2", "1");
        assertThat(shown).extracting(row -> row.get(3)).containsExactly("100%", "66.7%", "33.3%");
        assertThat(shown).extracting(row -> row.get(1)).containsExactly("view_item", "add_to_cart", "purchase");
        assertThat(shown.get(2).get(6)).isEqualTo(ResultGrid.duration(engine.steps().get(2).medianSecondsToConvert()));
        JsonNode chart = new ObjectMapper().readTree(view.chart.getOptionJson());
        assertThat(chart.at("/series/0/data").toString()).isEqualTo("[3,2,1]");
        assertThat(view.results.showSql.isEnabled()).isTrue();
        assertThat(view.sql(view.result)).isEqualTo(engine.sql());
    }

    @Test
    void building_a_funnel_writes_it_into_the_url_and_runs_it() {
        // The dates are the header's (here from the link); the builder has the rest.
        FunnelExploreView view = open("explore/funnel?app=shop&" + NOVEMBER);
        assertThat(view.messageTitle()).isEqualTo("Build your funnel");
        assertThat(view.steps.rows).hasSize(2);

        view.steps.rows.get(0).event.setValue("view_item");
        view.steps.rows.get(1).event.setValue("add_to_cart");
        com.github.mvysny.kaributesting.v10.LocatorJ._click(view.steps.rows.get(1).filter);
        ConditionRow condition = view.steps.rows.get(1).conditions.rows.get(0);
        condition.property.setValue("event.item");
        condition.operator.setValue(Operator.IN);
        condition.value.setValue("x, y");
        view.groupBy.setValue("platform");
        settle(view);

        Map<String, List<String>> url = UI.getCurrent().getInternals().getActiveViewLocation().getQueryParameters()
                .getParameters();
        assertThat(url).containsEntry("s1", List.of("view_item")).containsEntry("s2", List.of("add_to_cart"))
                .containsEntry("s2.where", List.of("event.item:in:x,y")).containsEntry("group", List.of("platform"))
                .containsEntry("window", List.of("1d")).containsEntry("range", List.of("2026-11-01..2026-11-30"));
        FunnelQuery expected = ExplorationUrl.funnel(url).query();
        assertThat(view.query).isEqualTo(expected);
        assertThat(view.result.steps()).extracting(FunnelResult.Step::users)
                .containsExactlyElementsOf(explore.funnel(APP, expected).steps().stream().map(FunnelResult.Step::users)
                        .toList());
        assertThat(view.grids).hasSize(2);
        assertThat(view.grids.get(1).table.title()).isEqualTo("Steps by Platform");
    }

    @Test
    void a_link_reopens_the_same_builder_and_result_in_a_new_session() {
        FunnelExploreView first = open(FUNNEL + "&strict=1&group=platform&where=geo_country:eq:FR");
        String link = first.location(first.query);
        List<Long> users = first.result.steps().stream().map(FunnelResult.Step::users).toList();
        StudioUi.stop();

        StudioUi.start(context);
        StudioUi.signIn("ana", io.clickstream.studio.security.Roles.ANALYST);
        FunnelExploreView reopened = open(link);

        assertThat(reopened).isNotSameAs(first);
        assertThat(reopened.builderQuery()).isEqualTo(first.query);
        assertThat(reopened.strict.getValue()).isTrue();
        assertThat(reopened.groupBy.getValue()).isEqualTo("platform");
        assertThat(reopened.filters.rows).hasSize(1);
        assertThat(reopened.window.getValue()).isEqualTo(Window.of(1, Window.Unit.DAY));
        assertThat(reopened.result.steps()).extracting(FunnelResult.Step::users).containsExactlyElementsOf(users);
    }

    @Test
    void lists_the_users_who_dropped_before_a_step() {
        FunnelExploreView view = open(FUNNEL + "&dropped=2");

        ResultGrid dropped = view.grids.get(view.grids.size() - 1);
        assertThat(dropped.table.title()).isEqualTo("Users who reached step 1 but not step 2");
        assertThat(dropped.table.rows()).containsExactly(List.of("u2"));
        assertThat(view.sql(view.result)).contains("The users who dropped");
    }

    @Test
    void a_funnel_nobody_entered_says_what_to_change() {
        FunnelExploreView view = open("explore/funnel?app=shop&range=2026-10-01..2026-10-31&s1=view_item"
                + "&s2=purchase&window=1d");

        assertThat(view.messageTitle()).isEqualTo("Nobody entered this funnel");
        assertThat(view.grids).isEmpty();
    }

    @Test
    void the_headers_date_range_reruns_the_funnel_and_keeps_the_builder_and_the_link() {
        FunnelExploreView view = open(FUNNEL);
        Select<Preset> range = LocatorJ._get(Select.class, spec -> spec.withId("range-picker"));
        assertThat(range.getValue()).isEqualTo(Preset.CUSTOM);

        LocatorJ._setValue(range, Preset.LAST_7_DAYS);
        FunnelExploreView after = (FunnelExploreView) StudioUi.currentView();
        settle(after);

        assertThat(after.query.timeRange()).isEqualTo(TimeRange.lastDays(7));
        assertThat(after.steps.value()).extracting(s -> s.event()).containsExactly("view_item", "add_to_cart",
                "purchase");
        Map<String, List<String>> url = UI.getCurrent().getInternals().getActiveViewLocation().getQueryParameters()
                .getParameters();
        assertThat(url).containsEntry("range", List.of("7d")).containsEntry("s3", List.of("purchase"));
        assertThat(after.result.steps()).extracting(FunnelResult.Step::users).containsExactlyElementsOf(
                explore.funnel(APP, after.query).steps().stream().map(FunnelResult.Step::users).toList());
        assertThat(after.dates.getText()).isEqualTo("Nov 24 – Nov 30, 2026 · " + io.clickstream.studio.explore.ShopLake.ZONE.getId());
    }
}
