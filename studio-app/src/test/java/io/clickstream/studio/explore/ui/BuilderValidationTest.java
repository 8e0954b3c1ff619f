package io.clickstream.studio.explore.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.HasValidation;
import io.clickstream.studio.fixture.Notifications;
import org.junit.jupiter.api.Test;

/**
 * Each builder shows what the engine (or the URL reader) refuses next to the field at fault, in plain words, and
 * shows no result for it: empty and too many steps, a bad window, an unknown event, and each analysis's own
 * limits. The dates are the header's: a range in a link that it cannot read is replaced by its own, and said so.
 */
class BuilderValidationTest extends ExploreUiTest {

    static void assertError(HasValidation field, String message) {
        assertThat(field.isInvalid()).as("field marked invalid").isTrue();
        assertThat(field.getErrorMessage()).isEqualTo(message);
    }

    static void assertNoResult(ExplorationView<?, ?> view) {
        assertThat(view.result).isNull();
        assertThat(view.output.getChildren().count()).isZero();
        assertThat(view.messageTitle()).isNotNull();
    }

    @Test
    void a_funnel_without_steps_says_so_under_the_steps() {
        FunnelExploreView view = open("explore/funnel?app=shop&" + NOVEMBER + "&window=1d");

        assertError(view.steps.error, "A funnel needs at least 2 steps, not 0.");
        assertThat(view.steps.error.isVisible()).isTrue();
        assertThat(view.messageTitle()).isEqualTo("Some fields need a change");
        assertNoResult(view);
    }

    @Test
    void a_funnel_of_one_step_says_so_under_the_steps() {
        FunnelExploreView view = open("explore/funnel?app=shop&" + NOVEMBER + "&s1=view_item");

        assertError(view.steps.error, "A funnel needs at least 2 steps, not 1.");
    }

    @Test
    void a_funnel_of_eleven_steps_says_ten_at_most_and_offers_no_twelfth() {
        StringBuilder url = new StringBuilder("explore/funnel?app=shop&" + NOVEMBER);
        for (int i = 1; i <= 11; i++) {
            url.append("&s").append(i).append(i % 2 == 0 ? "=add_to_cart" : "=view_item");
        }
        FunnelExploreView view = open(url.toString());

        assertThat(view.steps.rows).hasSize(11);
        assertError(view.steps.error, "Too many steps: at most 10, not 11.");
        assertThat(view.steps.add.isEnabled()).isFalse();
        assertNoResult(view);
    }

    @Test
    void a_window_of_zero_days_is_refused_next_to_the_window() {
        FunnelExploreView view = open("explore/funnel?app=shop&" + NOVEMBER + "&s1=view_item&s2=purchase&window=0d");

        assertError(view.window, "A whole number of at least 1.");
        assertNoResult(view);
    }

    @Test
    void a_window_of_more_than_ninety_days_is_refused_next_to_the_window() {
        FunnelExploreView view = open("explore/funnel?app=shop&" + NOVEMBER + "&s1=view_item&s2=purchase&window=91d");

        assertError(view.window, "At most 90 days.");
    }

    @Test
    void a_window_the_url_cannot_read_is_shown_there_without_running() {
        FunnelExploreView view = open("explore/funnel?app=shop&" + NOVEMBER + "&s1=view_item&s2=purchase&window=soon");

        assertError(view.window, "'soon' is not a window: use 30m, 2h, 1d or session.");
        assertThat(view.messageTitle()).isEqualTo("This link has values the builder cannot read");
        assertNoResult(view);
    }

    @Test
    void an_empty_range_in_a_link_is_replaced_by_the_headers_range_and_said_so() {
        FunnelExploreView view = open("explore/funnel?app=shop&range=2026-11-30..2026-11-01&s1=view_item"
                + "&s2=purchase&window=1d");

        assertRangeFellBack(view, "2026-11-30..2026-11-01");
        assertThat(view.result).isNotNull();
    }

    @Test
    void an_unknown_event_is_refused_next_to_its_step() {
        FunnelExploreView view = open("explore/funnel?app=shop&" + NOVEMBER + "&s1=view_item&s2=view_itme&window=1d");

        assertError(view.steps.rows.get(1).event, "Unknown event 'view_itme'.");
        assertThat(view.steps.rows.get(0).event.isInvalid()).isFalse();
        assertThat(view.steps.rows.get(1).event.getValue()).isEqualTo("view_itme");
        assertNoResult(view);
    }

    @Test
    void a_condition_comparing_text_with_a_number_is_refused_at_its_comparison() {
        FunnelExploreView view = open("explore/funnel?app=shop&" + NOVEMBER + "&s1=view_item&s2=purchase&window=1d"
                + "&s2.where=event.amount:gt:lots");

        ConditionRow row = view.steps.rows.get(1).conditions.rows.get(0);
        assertError(row.value, "event.amount is a number, and 'lots' is not.");
    }

    @Test
    void fixing_the_field_clears_its_error_and_shows_the_result() {
        FunnelExploreView view = open("explore/funnel?app=shop&" + NOVEMBER + "&s1=view_item&s2=view_itme&window=1d");
        assertThat(view.steps.rows.get(1).event.isInvalid()).isTrue();

        view.steps.rows.get(1).event.setValue("add_to_cart");
        settle(view);

        assertThat(view.steps.rows.get(1).event.isInvalid()).isFalse();
        assertThat(view.result).isNotNull();
        assertThat(view.messageTitle()).isNull();
    }

    @Test
    void an_event_trend_of_no_event_or_an_unknown_one_or_a_sum_of_nothing_is_refused_at_the_field() {
        EventExploreView none = open("explore/event?app=shop&" + NOVEMBER + "&measure=users");
        assertError(none.events.error, "Give at least one event.");

        EventExploreView unknown = open("explore/event?app=shop&" + NOVEMBER + "&e1=page_view&e2=nope");
        assertError(unknown.events.rows.get(1).event, "Unknown event 'nope'.");

        EventExploreView sum = open("explore/event?app=shop&" + NOVEMBER + "&e1=purchase&measure=sum");
        assertError(sum.valueProperty, "Pick a property with numbers to compute this of.");
        assertThat(sum.valueProperty.isVisible()).isTrue();
    }

    @Test
    void retention_without_a_return_event_or_with_thirteen_periods_is_refused_at_the_field() {
        RetentionExploreView noReturn = open("explore/retention?app=shop&" + NOVEMBER + "&start=view_item");
        assertError(noReturn.returnEvent.event, "Pick an event.");

        RetentionExploreView tooLong = open("explore/retention?app=shop&" + NOVEMBER
                + "&start=view_item&return=view_item&periods=13");
        assertError(tooLong.periods, "From 1 to 12, not 13.");
    }

    @Test
    void attribution_without_touch_points_or_with_a_zero_half_life_is_refused_at_the_field() {
        AttributionExploreView noTouch = open("explore/attribution?app=shop&" + NOVEMBER + "&goal=purchase");
        assertError(noTouch.touchPoints.error, "Give at least one touch point event.");

        AttributionExploreView decay = open("explore/attribution?app=shop&" + NOVEMBER
                + "&goal=purchase&t1=view_item&model=time_decay&halflife=0");
        assertError(decay.halfLife, "More than 0 and at most 365 days.");
    }

    @Test
    void paths_too_deep_or_anchored_at_both_ends_are_refused_at_the_field() {
        PathExploreView deep = open("explore/path?app=shop&" + NOVEMBER + "&depth=11");
        assertError(deep.depth, "From 2 to 10, not 11.");

        PathExploreView both = open("explore/path?app=shop&" + NOVEMBER + "&start=view_item&end=purchase");
        assertError(both.eventNode, "Start from a node or end at one, not both.");
    }

    @Test
    void lifecycle_with_a_range_the_header_cannot_read_runs_over_the_headers_range_and_says_so() {
        LifecycleExploreView view = open("explore/lifecycle?app=shop&range=fortnight");

        assertRangeFellBack(view, "fortnight");
        assertThat(view.result).isNotNull();
    }

    /** The app and range are the header's: a range it cannot use is replaced by its own, with a notification why. */
    static void assertRangeFellBack(ExplorationView<?, ?> view, String unreadable) {
        assertThat(Notifications.texts()).anyMatch(text -> text.contains("'" + unreadable + "' cannot be used ("));
        assertThat(view.selection.range().token()).isNotEqualTo(unreadable);
        assertThat(view.timeRange()).isEqualTo(ExplorationUrl.timeRange(view.selection.range(),
                view.selection.today()));
        assertThat(view.shownParams.get("range")).containsExactly(view.selection.range().token());
    }

    @Test
    void an_error_without_a_field_of_its_own_lands_on_the_nearest_one() {
        BuilderErrors errors = new BuilderErrors();
        ErrorText steps = new ErrorText();
        errors.bind("steps", steps);

        errors.show(java.util.List.of(new io.clickstream.studio.base.FieldMessage("steps[3].conditions[1].values",
                "not a number"), new io.clickstream.studio.base.FieldMessage("body", "unreadable")));

        assertError(steps, "Not a number.");
        assertThat(errors.general.isVisible()).isTrue();
        assertThat(errors.general.getElement().getTextRecursively()).isEqualTo("Unreadable.");
    }
}
