package io.clickstream.studio.pipeline.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.sidenav.SideNavItem;
import io.clickstream.pipeline.definition.PipelineDefinition;
import io.clickstream.studio.fixture.StudioUi;
import io.clickstream.studio.pipeline.PipelineAdminService;
import io.clickstream.studio.project.ProjectInput;
import io.clickstream.studio.project.ProjectService;
import io.clickstream.studio.security.Roles;
import io.clickstream.studio.security.ui.NoAccessView;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;

/**
 * The pipeline pages are for Administrators and Operators: the server refuses the list, the wizard and a pipeline's
 * page to Analysts and Readers (the same check as the service's, which refuses them too), and only the first two see
 * the menu entry.
 */
class PipelineViewAccessTest extends PipelineUiTest {

    @Autowired
    ProjectService projects;
    @Autowired
    PipelineAdminService pipelines;

    String pipelineId;

    @BeforeEach
    void startUi() {
        StudioUi.start(context);
        StudioUi.signIn("access-admin", Roles.ADMINISTRATOR);
        String project = "pipeline-access-" + System.nanoTime();
        projects.createProject(new ProjectInput(project, null, null, null, null));
        pipelineId = pipelines.create(project, PipelineDefinition.local("access-" + (System.nanoTime() % 100000),
                freePort())).value().id();
    }

    @Test
    void analysts_and_readers_cannot_open_the_pipeline_views() {
        for (String role : List.of(Roles.ANALYST, Roles.READER)) {
            StudioUi.signIn("user-" + role.toLowerCase(), role);
            for (String route : routes()) {
                UI.getCurrent().navigate("login");
                UI.getCurrent().navigate(route);
                assertThat(StudioUi.currentView()).as(role + " opening " + route).isInstanceOf(NoAccessView.class);
            }
            assertThatThrownBy(() -> pipelines.list()).as(role + " calling the service")
                    .isInstanceOf(AccessDeniedException.class);
        }
    }

    @Test
    void administrators_and_operators_open_them() {
        for (String role : List.of(Roles.ADMINISTRATOR, Roles.OPERATOR)) {
            StudioUi.signIn("user-" + role.toLowerCase(), role);
            for (String route : routes()) {
                UI.getCurrent().navigate("login");
                UI.getCurrent().navigate(route);
                assertThat(UI.getCurrent().getInternals().getActiveViewLocation().getPath()).as(role + " " + route)
                        .isEqualTo(route.replaceFirst("\\?.*", ""));
            }
        }
        PipelineView page = (PipelineView) StudioUi.currentView();
        assertThat(page.pipeline.value().id()).isEqualTo(pipelineId);
    }

    @Test
    void the_menu_entry_is_there_for_administrators_and_operators_only() {
        assertThat(menuFor(Roles.ADMINISTRATOR)).contains("Pipelines");
        assertThat(menuFor(Roles.OPERATOR)).contains("Pipelines");
        assertThat(menuFor(Roles.ANALYST)).doesNotContain("Pipelines");
        assertThat(menuFor(Roles.READER)).doesNotContain("Pipelines");
    }

    private List<String> routes() {
        return List.of("pipelines", "pipelines/new", "pipeline/" + pipelineId);
    }

    private static List<String> menuFor(String role) {
        StudioUi.signIn("menu-" + role.toLowerCase(), role);
        UI.getCurrent().navigate("login");
        UI.getCurrent().navigate("tokens");
        return LocatorJ._find(SideNavItem.class).stream().map(SideNavItem::getLabel).toList();
    }
}
