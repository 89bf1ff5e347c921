package de.stimmung.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/**
 * Versions the build wrote into {@code build.properties} (Maven resource filtering), so no
 * version is repeated as a literal in code: the application's ({@link #application()}) and the
 * embedded schema registry distribution's ({@link #registryDistribution()}). As a picocli
 * {@link CommandLine.IVersionProvider} it prints {@code <command name> <version>}.
 */
public final class BuildVersion implements CommandLine.IVersionProvider {

    private static final String RESOURCE = "build.properties";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The project version, e.g. {@code 0.1.0}. */
    public static String application() {
        return property("application.version");
    }

    /** The Apicurio Registry version the build fetches and unpacks beside the jar, e.g. {@code 3.0.9}. */
    public static String registryDistribution() {
        return property("apicurio.version");
    }

    @Override
    public String[] getVersion() {
        return new String[] {spec.qualifiedName() + " " + application()};
    }

    private static String property(String key) {
        Properties p = new Properties();
        try (InputStream in = BuildVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing beside " + BuildVersion.class.getName()
                        + "; build with Maven (it writes the file from the POM)");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        String value = p.getProperty(key);
        if (value == null || value.isBlank() || value.startsWith("${")) {
            throw new IllegalStateException(RESOURCE + " has no " + key + "; build with Maven (resource filtering)");
        }
        return value;
    }
}
