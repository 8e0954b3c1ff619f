package io.clickstream.studio.pipeline.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.ButtonKt;
import com.vaadin.flow.component.UI;
import io.clickstream.pipeline.definition.PipelineDefinitionCodec;
import io.clickstream.studio.fixture.StudioUi;
import io.clickstream.studio.project.ProjectInput;
import io.clickstream.studio.project.ProjectService;
import io.clickstream.studio.security.Roles;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The pipeline wizard, browserless (Karibu) over the real services: each step is checked by the engine's validator
 * before the next opens, with the message next to the field it names; the defaults make a name and a port enough; the
 * last step shows the YAML that will be created.
 */
class PipelineWizardTest extends PipelineUiTest {

    @Autowired
    ProjectService projects;

    String project;

    @BeforeEach
    void startUi() {
        StudioUi.start(context);
        StudioUi.signIn("wizard-admin", Roles.ADMINISTRATOR);
        project = "wizard-" + System.nanoTime();
        projects.createProject(new ProjectInput(project, "Wizard shop", null, null, null));
        StudioUi.signIn("wizard-operator", Roles.OPERATOR);
    }

    @Test
    void checks_each_step_before_the_next_with_the_message_next_to_its_field() throws IOException {
        PipelineWizardView wizard = openWizard();
        DefinitionForm form = wizard.form;

        // Basic: a project and a name are required, and the name must be a valid one.
        form.project.clear();
        form.name.setValue("");
        ButtonKt._click(wizard.next);
        assertThat(wizard.step).isZero();
        assertThat(form.project.isInvalid()).isTrue();
        assertThat(form.project.getErrorMessage()).contains("Choose the project");
        assertThat(form.name.isInvalid()).isTrue();
        assertThat(form.name.getErrorMessage()).containsIgnoringCase("give the pipeline a name");
        selectProject(form);
        form.name.setValue("Not Valid!");
        ButtonKt._click(wizard.next);
        assertThat(wizard.step).isZero();
        assertThat(form.name.getErrorMessage()).contains("is not a valid name");

        form.name.setValue("edge-" + (System.nanoTime() % 100000));
        ButtonKt._click(wizard.next);
        assertThat(wizard.step).isEqualTo(1);
        assertThat(form.name.isInvalid()).isFalse();
        assertThat(form.project.isInvalid()).isFalse();

        // Ingestion: a port that does not exist, then one another program listens on.
        form.port.setValue(70000);
        ButtonKt._click(wizard.next);
        assertThat(wizard.step).isEqualTo(1);
        assertThat(form.port.isInvalid()).isTrue();
        assertThat(form.port.getErrorMessage()).contains("Port 70000 does not exist");
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0));
            form.port.setValue(busy.getLocalPort());
            ButtonKt._click(wizard.next);
            assertThat(wizard.step).isEqualTo(1);
            assertThat(form.port.getErrorMessage()).contains("is in use by another program");
        }
        form.port.setValue(freePort());
        form.batchInterval.setValue(0);
        ButtonKt._click(wizard.next);
        assertThat(wizard.step).isEqualTo(1);
        assertThat(form.port.isInvalid()).isFalse();
        assertThat(form.batchInterval.isInvalid()).isTrue();
        form.batchInterval.setValue(10);
        ButtonKt._click(wizard.next);
        assertThat(wizard.step).isEqualTo(2);

        // Processing: a schedule that is neither rate(...) nor cron(...).
        form.schedule.setValue("every five minutes");
        ButtonKt._click(wizard.next);
        assertThat(wizard.step).isEqualTo(2);
        assertThat(form.schedule.isInvalid()).isTrue();
        assertThat(form.schedule.getErrorMessage()).isNotBlank();
        form.schedule.setValue("rate(5 minutes)");
        ButtonKt._click(wizard.next);
        assertThat(wizard.step).isEqualTo(3);

        // Reporting: the review shows the definition that will be created, and going back keeps every value.
        assertThat(wizard.review.isVisible()).isTrue();
        assertThat(wizard.preview.getText()).contains("name: " + form.name.getValue())
                .contains("port: " + form.port.getValue()).contains("rate(5 minutes)");
        ButtonKt._click(wizard.back);
        assertThat(wizard.step).isEqualTo(2);
        assertThat(wizard.review.isVisible()).isFalse();
        assertThat(form.schedule.getValue()).isEqualTo("rate(5 minutes)");
    }

    @Test
    void a_name_and_a_port_are_enough_the_rest_is_filled_with_defaults() throws IOException {
        PipelineWizardView wizard = openWizard();
        DefinitionForm form = wizard.form;
        selectProject(form);
        assertThat(form.port.getValue()).as("a free port is suggested").isPositive();
        assertThat(form.schedule.getValue()).isEqualTo("rate(1 minute)");
        assertThat(form.sinkType.getValue()).isEqualTo("local");

        String name = "mini-" + (System.nanoTime() % 100000);
        form.name.setValue(name);
        int port = freePort();
        form.port.setValue(port);
        for (int step = 1; step <= 3; step++) {
            ButtonKt._click(wizard.next);
            assertThat(wizard.step).as("step after %s", PipelineWizardView.STEPS.get(step - 1)).isEqualTo(step);
        }
        assertThat(wizard.finish.isVisible()).isTrue();
        // The preview reads back as the minimal definition with its defaults spelt out.
        var definition = PipelineDefinitionCodec.read(wizard.preview.getText());
        assertThat(definition.name()).isEqualTo(name);
        assertThat(definition.ingestion().port()).isEqualTo(port);
        assertThat(definition.ingestion().path()).isEqualTo("/collect");
        assertThat(definition.processing().schedule()).isEqualTo("rate(1 minute)");
    }

    private PipelineWizardView openWizard() {
        UI.getCurrent().navigate("pipelines/new");
        return (PipelineWizardView) StudioUi.currentView();
    }

    /** Picks this test's project among those without a pipeline (other tests' projects share the store). */
    private void selectProject(DefinitionForm form) {
        form.project.setValue(form.project.getListDataView().getItems().filter(p -> p.id().equals(project))
                .findFirst().orElseThrow());
    }
}
