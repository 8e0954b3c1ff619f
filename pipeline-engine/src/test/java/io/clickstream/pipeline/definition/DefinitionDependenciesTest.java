package io.clickstream.pipeline.definition;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** infra-cdk reads the definition records without the rest of the engine (Spark, Netty), so they may use Jackson only. */
class DefinitionDependenciesTest {

    @Test
    void definition_records_depend_on_jackson_and_the_jdk_only() {
        JavaClasses definition = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.clickstream.pipeline.definition");

        classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("io.clickstream.pipeline.definition..", "java..", "com.fasterxml.jackson..")
                .check(definition);
    }
}
