package io.clickstream.studio.overview.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.PollEvent;
import com.vaadin.flow.component.UI;
import io.clickstream.studio.fixture.FixedClockConfiguration;
import io.clickstream.studio.fixture.FixtureLake;
import io.clickstream.studio.fixture.StudioUi;
import io.clickstream.studio.security.Roles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
class OverviewEmptyStateTest {

    @Autowired
    ApplicationContext context;

    static Path dataDir;

    @DynamicPropertySource
    static void emptyLake(DynamicPropertyRegistry registry) throws IOException {
        dataDir = Files.createTempDirectory("studio-empty-");
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
    void explains_it_is_waiting_for_the_first_etl_run_and_shows_data_once_it_lands() {
        StudioUi.signIn("ada", Roles.ADMINISTRATOR);
        UI.getCurrent().navigate("");

        OverviewView view = (OverviewView) StudioUi.currentView();
        assertThat(view.emptyState.isVisible()).isTrue();
        assertThat(view.emptyTitle.getText()).isEqualTo("Waiting for the first ETL run…");
        assertThat(view.emptyMessage.getText()).contains("ETL run");
        assertThat(view.dashboard.isVisible()).isFalse();
        assertThat(view.appPicker.isVisible()).isFalse();
        assertThat(UI.getCurrent().getPollInterval()).isEqualTo(OverviewView.EMPTY_POLL_MILLIS);

        // The first ETL run lands; the next poll from the browser shows the dashboard without a reload.
        FixtureLake fixture = FixtureLake.generate(3);
        fixture.writeTo(dataDir.resolve("lake"));
        ComponentUtil.fireEvent(UI.getCurrent(), new PollEvent(UI.getCurrent(), true));

        assertThat(view.emptyState.isVisible()).isFalse();
        assertThat(view.dashboard.isVisible()).isTrue();
        assertThat(view.appTitle.getText()).isEqualTo(FixtureLake.NUMERIC_APP);
        assertThat(view.eventsKpi.getText()).isEqualTo(Long.toString(fixture.events(FixtureLake.NUMERIC_APP)));
        assertThat(UI.getCurrent().getPollInterval()).isEqualTo(-1);
    }
}
