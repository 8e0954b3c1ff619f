package io.clickstream.studio.overview.ui;

import static io.clickstream.studio.fixture.FixtureLake.NUMERIC_APP;
import static io.clickstream.studio.fixture.FixtureLake.SHOP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.github.mvysny.kaributesting.v10.MockAccessDeniedException;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.router.AccessDeniedException;
import io.clickstream.studio.fixture.FixedClockConfiguration;
import io.clickstream.studio.fixture.FixtureLake;
import io.clickstream.studio.fixture.StudioUi;
import io.clickstream.studio.security.Roles;
import io.clickstream.studio.security.ui.LoginView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(properties = "clickstream.runtime=none")
@Import(FixedClockConfiguration.class)
class OverviewViewTest {

    static final FixtureLake FIXTURE = FixtureLake.generate(11);
    static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    ApplicationContext context;

    @DynamicPropertySource
    static void fixtureLake(DynamicPropertyRegistry registry) throws IOException {
        Path dataDir = Files.createTempDirectory("studio-overview-");
        FIXTURE.writeTo(dataDir.resolve("lake"));
        registry.add("clickstream.data-dir", dataDir::toString);
    }

    @BeforeEach
    void startUi() {
        StudioUi.start(context);
    }

    @AfterEach
    void stopUi() {
        StudioUi.stop();
    }

    @Test
    void sends_anonymous_visitors_to_the_login_view() {
        UI.getCurrent().navigate("");
        assertThat(StudioUi.currentView()).isInstanceOf(LoginView.class);
    }

    @Test
    void refuses_a_signed_in_user_without_a_studio_role() {
        StudioUi.signIn("stranger");
        // Karibu turns Vaadin's access-denied navigation into an exception instead of an error page.
        assertThatThrownBy(() -> UI.getCurrent().navigate(""))
                .isInstanceOf(MockAccessDeniedException.class)
                .hasRootCauseInstanceOf(AccessDeniedException.class);
    }

    @Test
    void opens_for_every_studio_role() {
        for (String role : Roles.ALL) {
            StudioUi.signIn(role.toLowerCase(java.util.Locale.ROOT), role);
            UI.getCurrent().navigate("login");
            UI.getCurrent().navigate("");
            assertThat(StudioUi.currentView()).as(role).isInstanceOf(OverviewView.class);
        }
    }

    @Test
    void shows_totals_and_charts_of_the_first_app_from_the_lake() throws Exception {
        StudioUi.signIn("reader", Roles.READER);
        UI.getCurrent().navigate("");

        OverviewView view = (OverviewView) StudioUi.currentView();
        assertThat(view.emptyState.isVisible()).isFalse();
        assertThat(view.dashboard.isVisible()).isTrue();
        assertThat(view.appPicker.isVisible()).isTrue();
        assertThat(view.appPicker.getValue()).isEqualTo(NUMERIC_APP);

        view.appPicker.setValue(SHOP);
        view.reload();
        assertThat(view.eventsKpi.getText()).isEqualTo(String.format(java.util.Locale.ENGLISH, "%,d", FIXTURE.events(SHOP)));
        assertThat(view.usersKpi.getText()).isEqualTo(Long.toString(FIXTURE.users(SHOP)));
        assertThat(view.sessionsKpi.getText()).isEqualTo(Long.toString(FIXTURE.sessions(SHOP)));

        assertThat(seriesData(view.eventsPerDayChart.getOptionJson())).isEqualTo(FIXTURE.eventsPerDay(SHOP));
        assertThat(seriesData(view.activeUsersChart.getOptionJson())).isEqualTo(FIXTURE.activeUsersPerDay(SHOP));
        JsonNode topEvents = JSON.readTree(view.topEventsChart.getOptionJson());
        List<String> names = new ArrayList<>();
        topEvents.at("/yAxis/data").forEach(n -> names.add(n.asText()));
        assertThat(names).containsExactlyElementsOf(
                FIXTURE.topEvents(SHOP, 10).stream().map(Map.Entry::getKey).toList());
        assertThat(seriesData(view.topEventsChart.getOptionJson())).containsExactlyElementsOf(
                FIXTURE.topEvents(SHOP, 10).stream().map(Map.Entry::getValue).toList());
    }

    @Test
    void switches_app_from_the_picker() throws Exception {
        StudioUi.signIn("analyst", Roles.ANALYST);
        UI.getCurrent().navigate("");
        OverviewView view = (OverviewView) StudioUi.currentView();

        LocatorJ._setValue(view.appPicker, SHOP);

        assertThat(seriesData(view.eventsPerDayChart.getOptionJson())).isEqualTo(FIXTURE.eventsPerDay(SHOP));
        assertThat(view.appTitle.getText()).isEqualTo(SHOP);
        assertThat(view.rangeLabel.getText()).startsWith("Last 30 days");
    }

    private static List<Long> seriesData(String optionJson) throws IOException {
        List<Long> values = new ArrayList<>();
        JSON.readTree(optionJson).at("/series/0/data").forEach(n -> values.add(n.asLong()));
        return values;
    }
}
