package io.clickstream.studio.explore.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import io.clickstream.studio.explore.model.AttributionQuery;
import io.clickstream.studio.explore.model.ComputeMethod;
import io.clickstream.studio.explore.model.Condition;
import io.clickstream.studio.explore.model.EventQuery;
import io.clickstream.studio.explore.model.EventResult;
import io.clickstream.studio.explore.model.EventSpec;
import io.clickstream.studio.explore.model.Granularity;
import io.clickstream.studio.explore.model.Join;
import io.clickstream.studio.explore.model.LifecycleQuery;
import io.clickstream.studio.explore.model.Operator;
import io.clickstream.studio.explore.model.PathQuery;
import io.clickstream.studio.explore.model.RetentionQuery;
import io.clickstream.studio.explore.model.TimeRange;
import io.clickstream.studio.explore.model.Window;
import io.clickstream.studio.fixture.StudioUi;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every view reads a URL into its builder and writes the same URL back from it (so a link reopens the exploration
 * exactly), and going back to an earlier URL shows that earlier exploration again. The range is the header's: fixed
 * dates, or one of its presets that stay relative (90 days, 6 and 12 months here).
 */
class ExplorationUrlRoundTripTest extends ExploreUiTest {

    static final TimeRange NOVEMBER_RANGE = TimeRange.between(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30));
    static final Condition WEB = new Condition("platform", Operator.EQ, null, List.of("Web"));

    /** An event as the builder writes it: "and" is the default join and is left out. */
    static EventSpec spec(String event, Condition... conditions) {
        return new EventSpec(event, List.of(conditions), null);
    }

    static <Q> void roundTrips(Analysis analysis, Q query) {
        String location = analysis.route() + "?" + ExplorationUrl.queryString(ExplorationUrl.encode(APP, query));
        ExplorationView<Q, ?> view = open(location);

        assertThat(view.query).as("read from the URL").isEqualTo(query);
        assertThat(view.builderQuery()).as("shown in the builder").isEqualTo(query);
        assertThat(view.location(view.builderQuery())).as("written back").isEqualTo(location);
        assertThat(view.result).as("ran").isNotNull();
    }

    @Test
    void event_trends_round_trip() {
        roundTrips(Analysis.EVENT, new EventQuery(NOVEMBER_RANGE, List.of(new EventSpec("view_item",
                        List.of(new Condition("event.item", Operator.IN, null, List.of("x", "z"))), Join.OR),
                new EventSpec("purchase", List.of(), null)), Granularity.WEEK, ComputeMethod.SUM, "event.amount",
                "platform", List.of(WEB), null));
    }

    @Test
    void funnels_round_trip() {
        roundTrips(Analysis.FUNNEL, new io.clickstream.studio.explore.model.FunnelQuery(
                TimeRange.lastDays(90), List.of(spec("view_item"),
                new EventSpec("add_to_cart", List.of(new Condition("event.amount", Operator.BETWEEN, null,
                        List.of("1", "50"))), null), spec("purchase")), new Window(90L, Window.Unit.MINUTE),
                Boolean.TRUE, "geo_country", List.of(WEB, new Condition("page_title", Operator.IS_NOT_NULL, null,
                List.of())), Join.OR, 3, null));
    }

    @Test
    void paths_round_trip() {
        roundTrips(Analysis.PATH, new PathQuery(NOVEMBER_RANGE, PathQuery.NodeType.EVENT, PathQuery.JourneyBy.GAP, 20,
                null, "purchase", 4, 8, List.of(), null));
        roundTrips(Analysis.PATH, new PathQuery(NOVEMBER_RANGE, PathQuery.NodeType.PAGE_TITLE,
                PathQuery.JourneyBy.SESSION, null, "Title view_item", null, 6, 12, List.of(WEB), null));
    }

    @Test
    void retention_round_trips() {
        roundTrips(Analysis.RETENTION, new RetentionQuery(new TimeRange(null, null, 12, TimeRange.Unit.MONTH),
                spec("view_item", WEB), spec("add_to_cart"), Granularity.WEEK, 4, "event.item",
                List.of(), null));
    }

    @Test
    void attribution_round_trips() {
        roundTrips(Analysis.ATTRIBUTION, new AttributionQuery(NOVEMBER_RANGE, AttributionQuery.Model.TIME_DECAY,
                spec("purchase"), "event.amount", new Window(null, Window.Unit.SESSION),
                new AttributionQuery.TouchPoints(AttributionQuery.TouchPoints.Label.TRAFFIC_SOURCE,
                        List.of(spec("view_item"), spec("add_to_cart"))), 3.5, List.of(WEB), null));
    }

    @Test
    void lifecycle_round_trips() {
        roundTrips(Analysis.LIFECYCLE, new LifecycleQuery(new TimeRange(null, null, 6, TimeRange.Unit.MONTH),
                List.of(WEB, new Condition("geo_country", Operator.NE, null, List.of("DE"))), Join.OR));
    }

    @Test
    void going_back_to_an_earlier_url_shows_that_exploration_again() {
        String earlier = "explore/funnel?app=shop&" + NOVEMBER + "&s1=view_item&s2=add_to_cart&window=1d";
        FunnelExploreView view = open(earlier);
        List<Long> earlierUsers = view.result.steps().stream().map(s -> s.users()).toList();

        view.steps.rows.get(1).event.setValue("purchase");
        settle(view);
        assertThat(UI.getCurrent().getInternals().getActiveViewLocation().getQueryParameters().getParameters())
                .containsEntry("s2", List.of("purchase"));
        assertThat(view.result.steps().get(1).event()).isEqualTo("purchase");

        // What the browser's back button does: navigate to the previous entry's URL.
        FunnelExploreView back = open(earlier);
        assertThat(back).isSameAs(view);
        assertThat(back.steps.rows.get(1).event.getValue()).isEqualTo("add_to_cart");
        assertThat(back.result.steps().stream().map(s -> s.users()).toList()).isEqualTo(earlierUsers);
    }

    @Test
    void a_relative_range_that_is_no_preset_stays_relative_in_the_query_the_url_and_the_header() {
        EventExploreView view = open("explore/event?app=shop&range=14d&e1=view_item");

        assertThat(view.query.timeRange()).isEqualTo(new TimeRange(null, null, 14, TimeRange.Unit.DAY));
        assertThat(view.location(view.builderQuery())).contains("range=14d");
        assertThat(view.result.series().get(0).points()).extracting(EventResult.Point::date)
                .first().isEqualTo(LocalDate.of(2026, 11, 17));
        assertThat(view.result.series().get(0).points()).hasSize(14);
        assertThat(view.dates.getText()).startsWith("Nov 17 – Nov 30, 2026");
        assertThat(view.tabs.get(Analysis.FUNNEL).getHref()).contains("range=14d");

        roundTrips(Analysis.LIFECYCLE, new LifecycleQuery(new TimeRange(null, null, 10, TimeRange.Unit.WEEK),
                List.of(WEB), null));
        roundTrips(Analysis.RETENTION, new RetentionQuery(new TimeRange(null, null, 45, TimeRange.Unit.DAY),
                spec("view_item"), spec("add_to_cart"), Granularity.WEEK, 4, null, List.of(), null));
    }

    @Test
    void tabs_carry_the_app_and_range_to_the_other_analyses() {
        FunnelExploreView view = open("explore/funnel?app=shop&range=90d&s1=view_item&s2=purchase");

        assertThat(view.tabs.get(Analysis.RETENTION).getHref()).contains("explore/retention")
                .contains("app=shop").contains("range=90d");
        assertThat(view.tabs.get(Analysis.FUNNEL).getClassNames()).contains("cs-active");
    }

    @Test
    void a_url_without_an_app_opens_the_first_app() {
        LifecycleExploreView view = open("explore/lifecycle");

        assertThat(view.appId).isEqualTo(APP);
        assertThat(view.result).isNotNull();
        StudioUi.currentView();
    }
}
