package io.clickstream.studio.pipeline.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.ButtonKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.router.QueryParameters;
import io.clickstream.pipeline.definition.PipelineDefinition;
import io.clickstream.pipeline.lifecycle.PipelineStatus;
import io.clickstream.studio.fixture.StudioUi;
import io.clickstream.studio.pipeline.PipelineAdminService;
import io.clickstream.studio.project.AppInput;
import io.clickstream.studio.project.ProjectInput;
import io.clickstream.studio.project.ProjectService;
import io.clickstream.studio.security.Roles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The list and a pipeline's page, browserless (Karibu), over the local runtime: the list per project with its badges
 * and empty state, a pipeline's status, history, curl command and the actions its status allows.
 */
class PipelinePagesTest extends PipelineUiTest {

    @Autowired
    ProjectService projects;
    @Autowired
    PipelineAdminService pipelines;

    String project;
    String bare;
    String name;
    String pipelineId;

    @BeforeEach
    void startUi() {
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

    @Test
    void lists_a_projects_pipeline_with_its_status_and_says_what_to_do_for_a_project_without_one() {
        UI.getCurrent().navigate(PipelinesView.class, QueryParameters.of("project", project));
        PipelinesView list = (PipelinesView) StudioUi.currentView();
        assertThat(list.project.getValue()).isEqualTo(project);
        assertThat(list.grid.getListDataView().getItems().map(r -> r.p().name())).containsExactly(name);
        assertThat(list.emptyState.isVisible()).isFalse();
        assertThat(StatusBadges.status(PipelineStatus.FAILED).getElement().getThemeList()).contains("error");
        assertThat(StatusBadges.status(PipelineStatus.ACTIVE).getElement().getThemeList()).contains("success");

        // Every project without a pipeline of its own is served by the default one, which runs.
        UI.getCurrent().navigate(PipelinesView.class);
        list = (PipelinesView) StudioUi.currentView();
        var studioWide = list.grid.getListDataView().getItems().filter(r -> r.p().projectId() == null).findFirst()
                .orElseThrow().p();
        assertThat(studioWide.status()).as(studioWide.name() + ": " + studioWide.statusReason())
                .isEqualTo(PipelineStatus.ACTIVE);

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
    void a_pipelines_page_shows_its_status_history_and_the_actions_its_status_allows() throws Exception {
        UI.getCurrent().navigate("pipeline/" + pipelineId);
        PipelineView page = (PipelineView) StudioUi.currentView();

        // The create step starts its ingestion within seconds: Active, the history says how it got there.
        long deadline = System.nanoTime() + 30_000_000_000L;
        // Its curl command names an app of the project once the monitor has sampled the running pipeline.
        while ((page.pipeline.value().status() != PipelineStatus.ACTIVE || !page.curl.getText().contains("pages-app-"))
                && System.nanoTime() < deadline) {
            Thread.sleep(200);
            page.refresh();
        }
        assertThat(page.pipeline.value().status()).as(page.pipeline.value().statusReason())
                .isEqualTo(PipelineStatus.ACTIVE);
        assertThat(page.retry.isVisible()).isFalse();
        assertThat(page.stop.isVisible()).isTrue();
        assertThat(page.delete.isEnabled()).isTrue();
        assertThat(page.history.getListDataView().getItems().map(c -> c.to())).contains(PipelineStatus.CREATING,
                PipelineStatus.ACTIVE);
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
}
