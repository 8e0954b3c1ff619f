package io.clickstream.studio.explore.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Lifecycle's charts mark the week and the day that are not over yet, as every other trend does. */
class LifecycleExploreViewTest extends ExploreUiTest {

    @Test
    void stickiness_marks_today_as_partial_and_the_weeks_mark_this_week() throws Exception {
        // Today is 2026-11-30 in the shop's zone, the last day of the range.
        LifecycleExploreView view = open("explore/lifecycle?app=shop&" + NOVEMBER);

        ObjectMapper json = new ObjectMapper();
        JsonNode stickiness = json.readTree(view.stickinessChart.getOptionJson());
        JsonNode days = stickiness.at("/xAxis/data");
        assertThat(days.get(days.size() - 1).asText()).isEqualTo("Nov 30");
        assertThat(stickiness.at("/series/0/markArea/data/0/0/name").asText()).isEqualTo("Today so far");
        assertThat(stickiness.at("/series/0/markArea/data/0/1/xAxis").asText()).isEqualTo("Nov 30");
        JsonNode weeks = json.readTree(view.weeksChart.getOptionJson());
        assertThat(weeks.at("/series/0/markArea/data/0/0/name").asText()).isEqualTo("This week so far");

        // A range that ended before today has no partial day.
        view = open("explore/lifecycle?app=shop&range=2026-11-01..2026-11-20");
        assertThat(json.readTree(view.stickinessChart.getOptionJson()).at("/series/0/markArea").isMissingNode())
                .isTrue();
    }
}
