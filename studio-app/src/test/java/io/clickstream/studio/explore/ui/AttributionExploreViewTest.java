package io.clickstream.studio.explore.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.mvysny.kaributesting.v10.LocatorJ;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Attribution's bars read as its grid does: each touch point's credit and its share of all conversions. */
class AttributionExploreViewTest extends ExploreUiTest {

    @Test
    void bars_are_labelled_with_the_credit_and_its_share_as_the_grid_writes_them() throws Exception {
        // ShopLake, linear: u1's purchase follows a view and an add to cart (half each), u3's an add to cart only.
        AttributionExploreView view = open("explore/attribution?app=shop&" + NOVEMBER
                + "&goal=purchase&t1=view_item&t2=add_to_cart&model=linear");

        JsonNode bars = new ObjectMapper().readTree(view.chart.getOptionJson()).at("/series/0/data");
        List<String> labels = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        bars.forEach(bar -> {
            labels.add(bar.at("/label/formatter").asText());
            values.add(bar.get("value").asDouble());
        });
        assertThat(values).containsExactly(1.5, 0.5);
        assertThat(labels).containsExactly("1.5 · 75.0%", "0.5 · 25.0%");
        // Every conversion counts 1 here: no value columns repeating the conversions.
        assertThat(view.grid.table.columns()).extracting(ResultTable.Column::header)
                .containsExactly("Touch point", "Conversions", "Share of conversions");
        List<List<String>> rows = cells(view.grid);
        assertThat(rows.get(0)).containsExactly("add_to_cart", "1.5", "75.0%");
        assertThat(rows.get(1)).containsExactly("view_item", "0.5", "25.0%");
    }

    @Test
    void conversions_without_any_touch_point_say_so_instead_of_an_empty_chart() {
        // ShopLake: four carts, none after a purchase of the same user.
        AttributionExploreView view = open("explore/attribution?app=shop&" + NOVEMBER
                + "&goal=add_to_cart&t1=purchase&model=last_touch&window=session");

        assertThat(view.result.touchPoints()).isEmpty();
        assertThat(view.chart.getParent()).isEmpty();
        assertThat(LocatorJ._get(view.output, com.vaadin.flow.component.html.H3.class,
                spec -> spec.withText("No touch point before any conversion"))).isNotNull();
        assertThat(cells(view.grid)).containsExactly(List.of("(no touch point)", "4", "100%"));
    }
}
