package de.stimmung.trainer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The trainer reuses the first three stages of the service's pipeline (audio, features, model)
 * and the shared console handling, never the stream, the wire schema, the registry or the
 * service's commands. Checked on the bytecode, so a class named by its full name counts too.
 */
class TrainerLayeringTest {

    private static final JavaClasses TRAINER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("de.stimmung.trainer");

    @Test
    void trainerUsesOnlyAudioFeaturesModelAndConsole() {
        noClasses().that().resideInAPackage("de.stimmung.trainer..")
                .should().dependOnClassesThat().resideInAnyPackage("de.stimmung.cli..", "de.stimmung.stream..",
                        "de.stimmung.embedded..", "de.stimmung.registry..", "de.stimmung.avro..")
                .because("the trainer reuses audio, features and model only (the service jar reaches it without Kafka)")
                .check(TRAINER);
    }
}
