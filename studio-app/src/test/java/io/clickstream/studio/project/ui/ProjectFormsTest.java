package io.clickstream.studio.project.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.ButtonKt;
import com.vaadin.flow.component.UI;
import io.clickstream.metadata.apps.AppRecord;
import io.clickstream.studio.fixture.Notifications;
import io.clickstream.studio.fixture.StudioTestProperties;
import io.clickstream.studio.fixture.StudioUi;
import io.clickstream.studio.project.AppInput;
import io.clickstream.studio.project.ProjectService;
import io.clickstream.studio.security.Roles;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The Projects page and an app's page, browserless (Karibu): forms, field errors, conflicts, snippets. */
@SpringBootTest(properties = {"clickstream.runtime=none", "clickstream.demo=false"})
class ProjectFormsTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    ProjectService service;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        StudioTestProperties.register(registry);
    }

    @BeforeEach
    void startUi() {
        StudioUi.start(context);
        StudioUi.signIn("projects-admin", Roles.ADMINISTRATOR);
    }

    @AfterEach
    void stopUi() {
        StudioUi.stop();
    }

    @Test
    void creates_a_project_and_an_app_and_opens_its_page_with_the_snippets() {
        String project = "forms-" + System.nanoTime();
        UI.getCurrent().navigate("projects");
        ProjectsView view = (ProjectsView) StudioUi.currentView();

        view.openProject(null);
        ProjectsView.ProjectDialog dialog = view.projectDialog;
        dialog.id.setValue("not valid");
        ButtonKt._click(dialog.save);
        assertThat(dialog.id.isInvalid()).isTrue();
        assertThat(dialog.id.getErrorMessage()).contains("letters, digits");

        dialog.id.setValue(project);
        dialog.name.setValue("Forms shop");
        ButtonKt._click(dialog.save);
        assertThat(dialog.isOpened()).isFalse();
        assertThat(service.project(project).value().name()).isEqualTo("Forms shop");

        view.openApp(project);
        ProjectsView.AppDialog appDialog = view.appDialog;
        AppForm form = appDialog.form;
        form.appId.setValue("bad/id");
        form.timeZone.setValue("Europe/Paris");
        form.allowedOrigins.setValue("https://shop.example/with/path");
        ButtonKt._click(appDialog.save);
        assertThat(form.appId.getErrorMessage()).contains("names the app's folder in the lake");
        assertThat(form.allowedOrigins.getErrorMessage()).contains("is not a web origin");

        String appId = project + "-web";
        form.appId.setValue(appId);
        form.allowedOrigins.setValue("https://shop.example\nhttp://localhost:3000");
        form.platforms.setValue(Set.of("Web"));
        ButtonKt._click(appDialog.save);

        AppView app = (AppView) StudioUi.currentView();
        AppRecord stored = service.app(appId).value();
        assertThat(stored.projectId()).isEqualTo(project);
        assertThat(stored.timeZone()).isEqualTo("Europe/Paris");
        assertThat(stored.allowedOrigins()).containsExactly("https://shop.example", "http://localhost:3000");
        assertThat(app.endpoint.getValue()).endsWith("/collect");
        assertThat(app.code.get("Web").getText()).contains("appId: '" + appId + "'")
                .contains("endpoint: '" + app.endpoint.getValue() + "'").contains("@aws/clickstream-web");
        assertThat(app.code.get("Android").getText()).contains(".withAppId(\"" + appId + "\")");
        assertThat(app.code.get("iOS").getText()).contains(".withAppId(\"" + appId + "\")");
        assertThat(app.code.get("curl").getText()).contains("curl -A 'Mozilla/5.0")
                .contains(app.endpoint.getValue() + "?appId=" + appId).contains("\"app_id\": \"" + appId + "\"");

        UI.getCurrent().navigate("projects");
        assertThat(Notifications.texts()).isNotNull();
        view = (ProjectsView) StudioUi.currentView();
        view.delete(service.project(project));
        assertThat(Notifications.texts()).anySatisfy(t -> assertThat(t).contains("still has 1 app (" + appId + ")"));
    }

    @Test
    void two_admins_editing_the_same_app_the_second_gets_a_clear_conflict() {
        String project = "race-" + System.nanoTime();
        service.createProject(new io.clickstream.studio.project.ProjectInput(project, null, null, null, null));
        service.createApp(project, new AppInput(project + "-app", null, "Original", null, null, null, null, null,
                null));
        UI.getCurrent().navigate(AppView.class, project + "-app");
        AppView page = (AppView) StudioUi.currentView();

        // Another administrator saves first.
        service.updateApp(project + "-app", new AppInput(null, null, "Theirs", null, null, null, null, null, null), 1);

        page.form.name.setValue("Mine");
        ButtonKt._click(page.save);

        assertThat(Notifications.texts()).anySatisfy(t -> assertThat(t)
                .contains("was changed by someone else since you opened it"));
        assertThat(service.app(project + "-app").value().name()).isEqualTo("Theirs");
        assertThat(page.form.name.getValue()).as("the form keeps what I typed").isEqualTo("Mine");

        ButtonKt._click(page.reload);
        assertThat(page.form.name.getValue()).isEqualTo("Theirs");
        page.form.name.setValue("Mine again");
        ButtonKt._click(page.save);
        assertThat(service.app(project + "-app").value().name()).isEqualTo("Mine again");
    }

    @Test
    void disables_a_project_from_its_dialog() {
        String project = "toggle-" + System.nanoTime();
        service.createProject(new io.clickstream.studio.project.ProjectInput(project, "Toggle", null, null, null));
        UI.getCurrent().navigate("projects");
        ProjectsView view = (ProjectsView) StudioUi.currentView();
        view.openProject(service.project(project));
        view.projectDialog.enabled.setValue(false);
        ButtonKt._click(view.projectDialog.save);
        assertThat(service.project(project).value().enabled()).isFalse();
    }
}
