package de.stimmung;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The service's pipeline, audio -> features -> model -> stream -> (dashboard) -> cli, enforced on the compiled
 * classes (bytecode, so a class named by its full name counts as much as an import). A failure
 * names the class and the dependency that runs the wrong way; the fix is to move the piece, not
 * to widen the rule. The trainer checks its side in its own module.
 */
class LayeringTest {

    private static final JavaClasses SERVICE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("de.stimmung");

    @Test
    void everyPackageDependsOnlyOnTheStagesBeforeIt() {
        ArchRule rule = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Console").definedBy("de.stimmung.console..")
                .layer("Audio").definedBy("de.stimmung.audio..")
                .layer("Features").definedBy("de.stimmung.features..")
                .layer("Model").definedBy("de.stimmung.model..")
                .layer("WireSchema").definedBy("de.stimmung.avro..")
                .layer("Registry").definedBy("de.stimmung.registry..")
                .layer("Cluster").definedBy("de.stimmung.stream.cluster..")
                // the call monitor (alerts, call views) is the stream stage's second topology part
                .layer("Stream").definedBy("de.stimmung.stream", "de.stimmung.stream.monitor..")
                .layer("Dashboard").definedBy("de.stimmung.dashboard..")
                .layer("Embedded").definedBy("de.stimmung.embedded..")
                .layer("Cli").definedBy("de.stimmung.cli..")
                .whereLayer("Console").mayNotAccessAnyLayer()
                .whereLayer("Audio").mayNotAccessAnyLayer()
                .whereLayer("Features").mayOnlyAccessLayers("Audio")
                .whereLayer("Model").mayOnlyAccessLayers("Audio", "Features")
                .whereLayer("WireSchema").mayNotAccessAnyLayer()
                .whereLayer("Registry").mayNotAccessAnyLayer()
                .whereLayer("Cluster").mayNotAccessAnyLayer()
                .whereLayer("Stream").mayOnlyAccessLayers("Audio", "Features", "Model", "WireSchema", "Registry",
                        "Cluster")
                .whereLayer("Dashboard").mayOnlyAccessLayers("Model", "WireSchema", "Registry", "Cluster", "Stream")
                .whereLayer("Dashboard").mayOnlyBeAccessedByLayers("Cli")
                .whereLayer("Embedded").mayOnlyAccessLayers("Cluster", "Console")
                .whereLayer("Embedded").mayOnlyBeAccessedByLayers("Cli")
                .whereLayer("Cli").mayNotBeAccessedByAnyLayer();
        rule.check(SERVICE);
    }

    @Test
    void onlyTheRegistryPackageKnowsItsClientImplementations() {
        noClasses().that().resideOutsideOfPackage("de.stimmung.registry..")
                .should().dependOnClassesThat().haveFullyQualifiedName("de.stimmung.registry.CachedSchemaRegistryClient")
                .orShould().dependOnClassesThat()
                .haveFullyQualifiedName("de.stimmung.registry.InMemorySchemaRegistryClient")
                .because("callers use the SchemaRegistryClient interface; SchemaRegistryClients picks the implementation")
                .check(SERVICE);
    }
}
