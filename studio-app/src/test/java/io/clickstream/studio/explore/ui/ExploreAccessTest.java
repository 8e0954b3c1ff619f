package io.clickstream.studio.explore.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import io.clickstream.studio.fixture.StudioUi;
import io.clickstream.studio.security.Roles;
import io.clickstream.studio.security.ui.NoAccessView;
import org.junit.jupiter.api.Test;

/** Explore is for Administrators and Analysts; Operators and Readers are refused by the server. */
class ExploreAccessTest extends ExploreUiTest {

    @Test
    void analysts_and_administrators_open_every_analysis_and_the_start_page() {
        for (String role : new String[] {Roles.ANALYST, Roles.ADMINISTRATOR}) {
            StudioUi.signIn(role.toLowerCase(java.util.Locale.ROOT), role);
            UI.getCurrent().navigate("explore");
            assertThat(StudioUi.currentView()).isInstanceOf(ExploreHubView.class);
            for (Analysis analysis : Analysis.values()) {
                navigate(analysis.route() + "?app=shop");
                assertThat(StudioUi.currentView()).as(role + " " + analysis)
                        .isInstanceOf(ExploreRoutes.viewOf(analysis));
                settle((ExplorationView<?, ?>) StudioUi.currentView());
            }
        }
    }

    @Test
    void readers_and_operators_are_refused() {
        for (String role : new String[] {Roles.READER, Roles.OPERATOR}) {
            StudioUi.signIn(role.toLowerCase(java.util.Locale.ROOT), role);
            for (String route : new String[] {"explore", "explore/funnel?app=shop", "explore/lifecycle"}) {
                UI.getCurrent().navigate("login");
                navigate(route);
                assertThat(StudioUi.currentView()).as(role + " " + route).isInstanceOf(NoAccessView.class);
            }
        }
    }
}
