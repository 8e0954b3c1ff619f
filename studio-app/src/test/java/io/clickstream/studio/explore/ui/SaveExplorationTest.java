package io.clickstream.studio.explore.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.vaadin.flow.component.UI;
import io.clickstream.studio.explore.model.FunnelQuery;
import io.clickstream.studio.explore.saved.SavedExploration;
import io.clickstream.studio.explore.saved.SavedExplorationService;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Saving the exploration on screen and taking it to a dashboard. */
class SaveExplorationTest extends ExploreUiTest {

    static final String FUNNEL = "explore/funnel?app=shop&" + NOVEMBER + "&s1=view_item&s2=add_to_cart&window=1d";

    @Autowired
    SavedExplorationService saved;

    @Autowired
    ObjectMapper json;

    @Test
    void saves_the_query_on_screen_under_a_name_and_a_description() throws Exception {
        FunnelExploreView view = open(FUNNEL);
        assertThat(view.results.save.isEnabled()).isTrue();

        SaveExplorationDialog dialog = view.openSave(null);
        dialog.name.setValue("Cart funnel");
        dialog.description.setValue("Views to carts in November");
        LocatorJ._click(dialog.save);

        assertThat(dialog.isOpened()).isFalse();
        SavedExploration stored = saved.get(view.saved.id()).value();
        assertThat(stored.name()).isEqualTo("Cart funnel");
        assertThat(stored.description()).isEqualTo("Views to carts in November");
        assertThat(stored.appId()).isEqualTo(APP);
        assertThat(stored.analysis().path()).isEqualTo("funnel");
        assertThat(json.readValue(stored.query(), FunnelQuery.class)).isEqualTo(view.query);
    }

    @Test
    void a_name_the_service_refuses_is_shown_at_the_name_and_nothing_is_saved() {
        FunnelExploreView view = open(FUNNEL);
        int before = saved.list(APP).size();

        SaveExplorationDialog dialog = view.openSave(null);
        dialog.name.setValue("   ");
        LocatorJ._click(dialog.save);

        assertThat(dialog.isOpened()).isTrue();
        assertThat(dialog.name.isInvalid()).isTrue();
        assertThat(dialog.name.getErrorMessage()).isEqualTo("Give the exploration a name");
        assertThat(saved.list(APP)).hasSize(before);
        assertThat(view.saved).isNull();
    }

    @Test
    void add_to_dashboard_saves_first_then_opens_the_dashboard_picker_for_it() {
        FunnelExploreView view = open(FUNNEL);

        LocatorJ._click(view.results.addToDashboard);
        SaveExplorationDialog dialog = LocatorJ._get(SaveExplorationDialog.class);
        dialog.name.setValue("Funnel for the board");
        LocatorJ._click(dialog.save);

        assertThat(view.saved).isNotNull();
        var location = UI.getCurrent().getInternals().getActiveViewLocation();
        assertThat(location.getPath()).isEqualTo("add-to-dashboard");
        assertThat(location.getQueryParameters().getParameters()).containsEntry("exploration",
                List.of(view.saved.id()));
    }
}
