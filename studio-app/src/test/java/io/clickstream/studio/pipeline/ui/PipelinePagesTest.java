package io.clickstream.studio.pipeline.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.ButtonKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.router.QueryParameters;
import io.clickstream.pipeline.definition.PipelineDefinition;
import io.clickstream.pipeline.lifecycle.PipelineStatus;
import io.clickstream.studio.fixture.StudioTestProperties;
import io.clickstream.studio.fixture.StudioUi;
import io.clickstream.studio.pipeline.PipelineAdminService;
import io.clickstream.studio.project.AppInput;
import io.clickstream.studio.project.ProjectInput;
import io.clickstream.studio.project.ProjectService;
import io.clickstream.studio.security.Roles;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The list and a pipeline's page, browserless (Karibu), on a studio without a runtime: a new pipeline is stored and
 * fails to start, which the pages show as they would any failure (badge, reason, history, Retry).
 */
@SpringBootTest(properties = {"clickstream.runtime=none", "clickstream.demo=false"})
class PipelinePagesTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    ProjectService projects;
    @Autowired
    PipelineAdminService pipelines;

    String project;
    String bare;
    String name;
    String pipelineId;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        StudioTestProperties.register(registry);
    }

    @BeforeEach
    void startUi() throws IOException {
        StudioUi.start(context);
        StudioUi.signIn("pages-admin", Roles.ADMINISTRATOR);
        long n = System.nanoTime();
        project = "pages-" + n;
        bare = "bare-" + n;
        projects.createProject(new ProjectInput(project, null, null, null, null));
        projects.createProject(new ProjectInput(bare, null, null, null, null));
        projects.createApp(project, new AppInput("pages-app-" + n, null, null, null, null, null, null, null, null));
        name = "pages-" + (n % 100000);
        pipelineId = pipelines.create(project, PipelineDefinition.local(name, freePort())).value().id();
        StudioUi.signIn("pages-operator", Roles.OPERATOR);
    }

    @AfterEach
    void stopUi() {
        StudioUi.stop();
    }

    @Test
    void lists_a_projects_pipeline_with_its_status_and_says_what_to_do_for_a_project_without_one() {
        UI.getCurrent().navigate(PipelinesView.class, QueryParameters.of("project", project));
        PipelinesView list = (PipelinesView) StudioUi.currentView();
        assertThat(list.project.getValue()).isEqualTo(project);
        assertThat(list.grid.getListDataView().getItems().map(r -> r.p().name())).containsExactly(name);
        assertThat(list.emptyState.isVisible()).isFalse();
        assertThat(StatusBadges.status(PipelineStatus.FAILED).getElement().getThemeList()).contains("error");

        UI.getCurrent().navigate(PipelinesView.class, QueryParameters.of("project", bare));
        list = (PipelinesView) StudioUi.currentView();
        assertThat(list.grid.getListDataView().getItems()).isEmpty();
        assertThat(list.emptyState.isVisible()).isTrue();
        assertThat(list.emptyText.getText()).contains("has no pipeline of its own");

        // New pipeline from a project's list opens the wizard for that project.
        ButtonKt._click(list.newPipeline);
        PipelineWizardView wizard = (PipelineWizardView) StudioUi.currentView();
        assertThat(wizard.form.projectId()).isEqualTo(bare);
    }

    @Test
    void a_pipelines_page_shows_its_status_reason_history_and_the_actions_its_status_allows() {
        UI.getCurrent().navigate("pipeline/" + pipelineId);
        PipelineView page = (PipelineView) StudioUi.currentView();

        // Without a runtime the create step fails at once: Failed, why, Retry offered, no Stop.
        assertThat(page.pipeline.value().status()).isEqualTo(PipelineStatus.FAILED);
        assertThat(page.banner.isVisible()).isTrue();
        assertThat(page.retry.isVisible()).isTrue();
        assertThat(page.stop.isVisible()).isFalse();
        assertThat(page.delete.isEnabled()).isTrue();
        assertThat(page.history.getListDataView().getItems().map(c -> c.to())).contains(PipelineStatus.CREATING,
                PipelineStatus.FAILED);
        assertThat(page.curl.getText()).contains("appId=pages-app-").contains("/collect");
        assertThat(page.definition.getText()).contains("name: " + name);

        // Update reopens the wizard with the pipeline's definition, its name fixed.
        ButtonKt._click(page.edit);
        PipelineWizardView wizard = (PipelineWizardView) StudioUi.currentView();
        assertThat(wizard.editing.value().id()).isEqualTo(pipelineId);
        assertThat(wizard.form.name.getValue()).isEqualTo(name);
        assertThat(wizard.form.name.isReadOnly()).isTrue();
        assertThat(wizard.form.projectId()).isEqualTo(project);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
