package io.clickstream.studio;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Service;

/**
 * Keeps the boundaries: features of the studio without cycles, services free of UI, and the modules of the
 * reactor depending only downwards (model at the bottom; ingestion and ETL never reaching up into the studio or
 * the pipeline engine). Imports every {@code io.clickstream} class on the studio's runtime classpath.
 */
class ArchitectureTest {

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.clickstream");
        assertThat(classes.containPackage("io.clickstream.studio.dashboard")).isTrue();
        assertThat(classes.containPackage("io.clickstream.model")).as("event-model on the classpath").isTrue();
    }

    @Test
    void feature_packages_of_the_studio_have_no_cycles() {
        slices().matching("io.clickstream.studio.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void services_never_depend_on_ui() {
        noClasses().that().areAnnotatedWith(Service.class).or().haveSimpleNameEndingWith("Service")
                .should().dependOnClassesThat().resideInAPackage("..ui..")
                .check(classes);
    }

    @Test
    void only_ui_packages_and_configuration_use_views() {
        noClasses().that().resideInAPackage("io.clickstream.studio..")
                .and().resideOutsideOfPackage("..ui..")
                .and().areNotAnnotatedWith(Configuration.class)
                .should().dependOnClassesThat().resideInAPackage("io.clickstream.studio..ui..")
                .check(classes);
    }

    @Test
    void the_query_engine_knows_nothing_of_vaadin() {
        // explore.ui holds the Explore views; the engine is the rest of explore.
        noClasses().that().resideInAPackage("io.clickstream.studio.explore..")
                .and().resideOutsideOfPackage("io.clickstream.studio.explore.ui..")
                .should().dependOnClassesThat().resideInAPackage("com.vaadin..")
                .check(classes);
    }

    @Test
    void views_live_in_ui_packages() {
        classes().that().areAnnotatedWith(com.vaadin.flow.router.Route.class)
                .should().resideInAPackage("io.clickstream.studio..ui..")
                .check(classes);
    }

    @Test
    void the_event_model_depends_on_no_framework() {
        noClasses().that().resideInAPackage("io.clickstream.model..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "org.apache.spark..", "com.vaadin..", "io.netty..")
                .check(classes);
    }

    @Test
    void ingestion_and_etl_never_depend_on_studio_or_pipeline() {
        // Ingestion and ETL may be absent from this classpath while their modules are young; then there is
        // nothing to check, which is not a violation.
        noClasses().that().resideInAnyPackage("io.clickstream.ingestion..", "io.clickstream.etl..")
                .should().dependOnClassesThat().resideInAnyPackage("io.clickstream.studio..", "io.clickstream.pipeline..")
                .allowEmptyShould(true)
                .check(classes);
    }
}
