package io.clickstream.studio.explore.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.router.QueryParameters;
import io.clickstream.studio.base.DateRangeChoice;
import io.clickstream.studio.base.FieldMessage;
import io.clickstream.studio.explore.model.AttributionQuery;
import io.clickstream.studio.explore.model.ComputeMethod;
import io.clickstream.studio.explore.model.Condition;
import io.clickstream.studio.explore.model.DateSpan;
import io.clickstream.studio.explore.model.EventQuery;
import io.clickstream.studio.explore.model.EventSpec;
import io.clickstream.studio.explore.model.FunnelQuery;
import io.clickstream.studio.explore.model.Granularity;
import io.clickstream.studio.explore.model.Join;
import io.clickstream.studio.explore.model.LifecycleQuery;
import io.clickstream.studio.explore.model.Operator;
import io.clickstream.studio.explore.model.PathQuery;
import io.clickstream.studio.explore.model.RetentionQuery;
import io.clickstream.studio.explore.model.TimeRange;
import io.clickstream.studio.explore.model.Window;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The URL form of every analysis: readable, and read back into exactly the query it was written from. */
class ExplorationUrlTest {

    static final TimeRange NOVEMBER_LAST_MONTH = TimeRange.between(LocalDate.of(2026, 10, 1),
            LocalDate.of(2026, 10, 31));
    static final TimeRange NOVEMBER = TimeRange.between(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30));
    static final Condition WEB = cond("platform", Operator.EQ, "Web");

    static Condition cond(String property, Operator operator, Object... values) {
        return new Condition(property, operator, null, List.of(values));
    }

    static EventSpec spec(String event, Join join, Condition... conditions) {
        return new EventSpec(event, List.of(conditions), join);
    }

    /** What the browser sends back: the query string parsed as Vaadin parses it. */
    static Map<String, List<String>> reread(Map<String, List<String>> params) {
        return QueryParameters.fromString(ExplorationUrl.queryString(params)).getParameters();
    }

    @Test
    void writes_a_funnel_as_short_readable_parameters_in_a_stable_order() {
        FunnelQuery funnel = new FunnelQuery(TimeRange.lastDays(30), List.of(spec("view_item", null),
                spec("add_to_cart", null, cond("event.item", Operator.IN, "x", "y"))), Window.of(1, Window.Unit.DAY),
                null, "platform", List.of(), null, null, null);

        assertThat(ExplorationUrl.queryString(ExplorationUrl.encode("shop", funnel))).isEqualTo(
                "app=shop&range=30d&s1=view_item&s2=add_to_cart&s2.where=event.item:in:x,y&window=1d&group=platform");
    }

    @Test
    void reads_back_every_funnel_field() {
        FunnelQuery funnel = new FunnelQuery(NOVEMBER, List.of(spec("view_item", Join.OR, WEB,
                        cond("geo_country", Operator.NOT_IN, "FR", "DE")), spec("add_to_cart", null),
                spec("purchase", null, cond("event.amount", Operator.BETWEEN, "10", "99.5"))),
                new Window(30L, Window.Unit.MINUTE), Boolean.TRUE, "geo_country",
                List.of(cond("page_title", Operator.IS_NOT_NULL)), Join.OR, 3, null);

        assertThat(ExplorationUrl.funnel(reread(ExplorationUrl.encode("shop", funnel))))
                .isEqualTo(new ExplorationUrl.Decoded<>(funnel, List.of()));
    }

    @Test
    void reads_back_every_event_trend_field() {
        EventQuery trend = new EventQuery(new TimeRange(null, null, 12, TimeRange.Unit.WEEK),
                List.of(spec("page_view", null, cond("page_url", Operator.CONTAINS, "/shop")), spec("purchase", null)),
                Granularity.WEEK, ComputeMethod.SUM, "event.amount", "platform",
                List.of(cond("user.age", Operator.GE, "18")), null);

        assertThat(ExplorationUrl.event(reread(ExplorationUrl.encode("shop", trend))).query()).isEqualTo(trend);
    }

    @Test
    void reads_back_every_path_retention_attribution_and_lifecycle_field() {
        PathQuery path = new PathQuery(new TimeRange(null, null, 6, TimeRange.Unit.MONTH), PathQuery.NodeType.PAGE_TITLE,
                PathQuery.JourneyBy.GAP, 45, null, "Checkout: done", 7, 20, List.of(WEB), null);
        RetentionQuery retention = new RetentionQuery(NOVEMBER, spec("first_open", null, WEB),
                spec("session_start", null), Granularity.MONTH, 12, "event.item", List.of(), null);
        AttributionQuery attribution = new AttributionQuery(NOVEMBER, AttributionQuery.Model.TIME_DECAY,
                spec("purchase", null), "event_value", new Window(null, Window.Unit.SAME_DAY),
                new AttributionQuery.TouchPoints(AttributionQuery.TouchPoints.Label.CAMPAIGN,
                        List.of(spec("session_start", null), spec("ad_click", null, WEB))), 3.5, List.of(), null);
        LifecycleQuery lifecycle = new LifecycleQuery(TimeRange.lastDays(90), List.of(WEB,
                cond("geo_country", Operator.IS_NULL)), Join.OR);

        assertThat(ExplorationUrl.path(reread(ExplorationUrl.encode("a", path))).query()).isEqualTo(path);
        assertThat(ExplorationUrl.retention(reread(ExplorationUrl.encode("a", retention))).query()).isEqualTo(retention);
        assertThat(ExplorationUrl.attribution(reread(ExplorationUrl.encode("a", attribution))).query())
                .isEqualTo(attribution);
        assertThat(ExplorationUrl.lifecycle(reread(ExplorationUrl.encode("a", lifecycle))).query()).isEqualTo(lifecycle);
        assertThat(ExplorationUrl.queryString(ExplorationUrl.encode("a", path)))
                .contains("node=page_title", "journey=gap", "gap=45", "end=Checkout:%20done", "depth=7", "top=20");
    }

    @Test
    void values_with_separators_spaces_and_any_script_survive() {
        Condition odd = cond("event.note", Operator.IN, "a,b", "c:d", "back\\slash", "été 東京 & more=1", "");
        FunnelQuery funnel = new FunnelQuery(NOVEMBER, List.of(spec("page view: home", null, odd),
                spec("a&b=c", null)), Window.of(2, Window.Unit.HOUR), null, null, List.of(), null, null, null);

        String query = ExplorationUrl.queryString(ExplorationUrl.encode("shop", funnel));

        assertThat(ExplorationUrl.funnel(reread(ExplorationUrl.encode("shop", funnel))).query()).isEqualTo(funnel);
        assertThat(query).contains("s1=page%20view:%20home").contains("s2=a%26b%3Dc").doesNotContain(" ");
    }

    @Test
    void fills_defaults_for_what_a_short_link_leaves_out() {
        FunnelQuery funnel = ExplorationUrl.funnel(Map.of("s1", List.of("a"), "s2", List.of("b"))).query();

        assertThat(funnel.timeRange()).isEqualTo(TimeRange.lastDays(30));
        assertThat(funnel.window()).isEqualTo(Window.of(1, Window.Unit.DAY));
        assertThat(ExplorationUrl.lifecycle(Map.of()).query().timeRange())
                .isEqualTo(new TimeRange(null, null, 12, TimeRange.Unit.WEEK));
    }

    @Test
    void names_the_field_of_each_value_it_cannot_read() {
        ExplorationUrl.Decoded<FunnelQuery> decoded = ExplorationUrl.funnel(Map.of("range", List.of("last week"),
                "window", List.of("soon"), "s1", List.of("a"), "s1.where", List.of("platform:like:W%"),
                "dropped", List.of("two")));

        assertThat(decoded.errors()).extracting(FieldMessage::field)
                .containsExactlyInAnyOrder("timeRange", "window", "steps[0].conditions[0].operator", "droppedAtStep");
        assertThat(decoded.query().steps()).hasSize(1);
        assertThat(decoded.errors()).filteredOn(e -> e.field().equals("timeRange")).first()
                .extracting(FieldMessage::message).asString().contains("'last week' is not a time range");
    }

    @Test
    void numbers_steps_in_the_order_of_their_index_not_of_the_url() {
        FunnelQuery funnel = ExplorationUrl.funnel(Map.of("s10", List.of("j"), "s2", List.of("b"),
                "s1", List.of("a"))).query();

        assertThat(funnel.steps()).extracting(EventSpec::event).containsExactly("a", "b", "j");
    }

    @Test
    void an_empty_range_is_read_as_written_for_the_engine_to_refuse() {
        FunnelQuery funnel = ExplorationUrl.funnel(Map.of("range", List.of("2026-11-30..2026-11-01"))).query();

        assertThat(funnel.timeRange()).isEqualTo(TimeRange.between(LocalDate.of(2026, 11, 30),
                LocalDate.of(2026, 11, 1)));
    }

    @Test
    void every_relative_header_range_is_the_same_relative_range_for_the_engine_with_the_same_days() {
        for (LocalDate today : List.of(LocalDate.of(2026, 11, 20), LocalDate.of(2027, 3, 31),
                LocalDate.of(2028, 2, 29))) {
            for (DateRangeChoice.Unit unit : DateRangeChoice.Unit.values()) {
                for (int n = 1; n <= unit.max(); n++) {
                    DateRangeChoice choice = DateRangeChoice.relative(n, unit);
                    TimeRange engine = ExplorationUrl.timeRange(choice, today);
                    assertThat(engine).isEqualTo(new TimeRange(null, null, n, TimeRange.Unit.valueOf(unit.name())));
                    assertThat(engine.resolve(today)).as("%s on %s", choice.token(), today)
                            .isEqualTo(new DateSpan(choice.start(today), choice.end(today)));
                    // The exploration's URL writes it as the header's token, which the header reads back.
                    assertThat(DateRangeChoice.read(ExplorationUrl.range(engine))).isEqualTo(choice);
                }
            }
        }
        assertThat(ExplorationUrl.timeRange(DateRangeChoice.of(DateRangeChoice.Preset.LAST_MONTH),
                LocalDate.of(2026, 11, 20))).isEqualTo(NOVEMBER_LAST_MONTH);
    }
}
