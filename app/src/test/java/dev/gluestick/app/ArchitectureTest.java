package dev.gluestick.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering (docs/architecture.md): app -> views -> model, app -> samples -> model. These
 * rules make it impossible for the layering to rot silently.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.gluestick");
    }

    @Test
    void modelNeverImportsJavaFx() {
        noClasses().that().resideInAPackage("dev.gluestick.model..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..")
                .check(classes);
    }

    @Test
    void modelDependsOnNoOtherModule() {
        noClasses().that().resideInAPackage("dev.gluestick.model..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.gluestick.views..", "dev.gluestick.app..", "dev.gluestick.samples..")
                .check(classes);
    }

    @Test
    void viewsNeverImportApp() {
        noClasses().that().resideInAPackage("dev.gluestick.views..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.gluestick.app..")
                .check(classes);
    }

    @Test
    void samplesDependOnlyOnModel() {
        noClasses().that().resideInAPackage("dev.gluestick.samples..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.gluestick.views..", "dev.gluestick.app..", "javafx..")
                .check(classes);
    }
}
