package de.stimmung.embedded;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

/**
 * The real schema registry tests share: one in-memory Apicurio child JVM for the whole test run
 * (started on first use, stopped when the test JVM ends), so each test class does not pay its
 * start-up. Tests that need one of their own (restarts, Kafka storage) start it themselves with
 * {@link #distribution()}. Skips the calling test, saying why, when the build has not unpacked the
 * distribution (tests run outside Maven's lifecycle).
 */
public final class SharedRegistry {

    private static EmbeddedSchemaRegistry shared;

    private SharedRegistry() {}

    /** The unpacked distribution, or the test is skipped. */
    public static Path distribution() {
        try {
            return EmbeddedSchemaRegistry.locate(null);
        } catch (IllegalStateException e) {
            assumeTrue(false, "skipping, no real schema registry: " + e.getMessage());
            throw e;
        }
    }

    /** The shared in-memory registry, started if needed. */
    public static synchronized EmbeddedSchemaRegistry inMemory() {
        if (shared == null || !shared.isAlive()) {
            EmbeddedSchemaRegistry started = EmbeddedSchemaRegistry.start(
                    EmbeddedSchemaRegistry.Settings.inMemory(distribution()));
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-shared-registry"));
            shared = started;
        }
        return shared;
    }

    /** The shared registry's Confluent-compatible URL. */
    public static String url() {
        return inMemory().url();
    }
}
