package de.stimmung.cli;

import de.stimmung.embedded.EmbeddedSchemaRegistry;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How serve and demo run their embedded schema registry (when no --schema-registry-url is given). */
final class RegistryOptions {

    @Option(names = "--registry-home", paramLabel = "DIR", defaultValue = "${env:STIMMUNG_REGISTRY_HOME}",
            description = "Unpacked Apicurio Registry distribution for the embedded registry. Default: "
                    + "$STIMMUNG_REGISTRY_HOME, else apicurio-registry beside stimmung.jar (the build puts it there).")
    Path home;

    @Option(names = "--registry-java", paramLabel = "PATH",
            description = "java executable for the embedded registry (Apicurio 3.1 and later need Java 21). Default: this JVM's.")
    Path java;

    @Option(names = "--registry-port", defaultValue = "0",
            description = "Port of the embedded registry on 127.0.0.1 (0 = any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    /** Starts the embedded registry with its schemas stored in the cluster at {@code bootstrap}. */
    EmbeddedSchemaRegistry start(String bootstrap) {
        return EmbeddedSchemaRegistry.start(EmbeddedSchemaRegistry.Settings.inMemory(EmbeddedSchemaRegistry.locate(home))
                .storedIn(bootstrap).withPort(port).withJava(java));
    }
}
