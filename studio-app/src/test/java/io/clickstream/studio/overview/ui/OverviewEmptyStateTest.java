package io.clickstream.studio.overview.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
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
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(properties = "clickstream.runtime=none")
class OverviewEmptyStateTest {

    @Autowired
    ApplicationContext context;

    @DynamicPropertySource
    static void emptyLake(DynamicPropertyRegistry registry) throws IOException {
        Path dataDir = Files.createTempDirectory("studio-empty-");
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
    void explains_it_is_waiting_for_the_first_etl_run_and_keeps_checking() {
        StudioUi.signIn("admin", Roles.ADMINISTRATOR);
        UI.getCurrent().navigate("");

        OverviewView view = (OverviewView) StudioUi.currentView();
        assertThat(view.emptyState.isVisible()).isTrue();
        assertThat(view.emptyTitle.getText()).isEqualTo("Waiting for the first ETL run…");
        assertThat(view.emptyMessage.getText()).contains("ETL run");
        assertThat(view.dashboard.isVisible()).isFalse();
        assertThat(view.appPicker.isVisible()).isFalse();
        assertThat(UI.getCurrent().getPollInterval()).isEqualTo(OverviewView.EMPTY_POLL_MILLIS);
    }
}
