package de.stimmung.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.stimmung.avro.EmotionEvent;
import de.stimmung.registry.CachedSchemaRegistryClient;
import de.stimmung.registry.RegistrySettings;
import de.stimmung.registry.SchemaRegistryException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded Apicurio registry: its own start/stop, Kafka-backed storage across restarts, and its guards. */
class EmbeddedSchemaRegistryTest {

    @TempDir
    Path tmp;

    private static CachedSchemaRegistryClient client(String url) {
        return new CachedSchemaRegistryClient(RegistrySettings.from(Map.of(RegistrySettings.URL, url, "max.retries", "0")));
    }

    @Test
    void schemasStoredInKafkaSurviveARegistryRestartAndTheChildStopsCleanly() {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            var settings = EmbeddedSchemaRegistry.Settings.inMemory(SharedRegistry.distribution())
                    .storedIn(broker.bootstrapServers());
            int id;
            int port;
            try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(settings)) {
                id = client(registry.url()).register("emotion-events-value", EmotionEvent.SCHEMA$);
                port = registry.port();
            }
            var down = assertThrows(SchemaRegistryException.class,
                    () -> client("http://127.0.0.1:" + port + EmbeddedSchemaRegistry.CCOMPAT_PATH).getById(id));
            assertTrue(down.isUnreachable(), down.getMessage());

            try (EmbeddedSchemaRegistry again = EmbeddedSchemaRegistry.start(settings.withPort(port))) {
                var fresh = client(again.url());
                assertEquals(EmotionEvent.SCHEMA$, fresh.getById(id), "schema by id after the restart");
                assertEquals(id, fresh.idOf("emotion-events-value", EmotionEvent.SCHEMA$));
            }
        }
    }

    @Test
    void aJavaTooOldForTheDistributionIsAClearErrorBeforeAnythingStarts() throws IOException {
        Path home = Files.createDirectories(tmp.resolve("future-registry"));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "io.apicurio.Future");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(home.resolve("future-runner.jar")), manifest)) {
            jar.putNextEntry(new JarEntry("io/apicurio/Future.class"));
            // a class file header: magic, minor 0, major 143 = Java 99
            jar.write(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, (byte) 143});
            jar.closeEntry();
        }

        var e = assertThrows(IllegalStateException.class,
                () -> EmbeddedSchemaRegistry.start(EmbeddedSchemaRegistry.Settings.inMemory(home)));

        assertTrue(e.getMessage().contains("needs Java 99 or newer") && e.getMessage().contains("is Java "
                + Runtime.version().feature()) && e.getMessage().contains("--schema-registry-url"), e.getMessage());
    }

    @Test
    void theShippedDistributionRunsOnThisJava() {
        assertTrue(EmbeddedSchemaRegistry.requiredJava(SharedRegistry.distribution()) <= Runtime.version().feature());
        assertEquals(Runtime.version().feature(),
                EmbeddedSchemaRegistry.javaVersionOf(Path.of(System.getProperty("java.home"), "bin", "java")));
    }

    @Test
    void aFolderThatIsNoDistributionIsNamed() {
        var e = assertThrows(IllegalStateException.class, () -> EmbeddedSchemaRegistry.locate(tmp));
        assertTrue(e.getMessage().startsWith(tmp + " is not an unpacked Apicurio Registry distribution"), e.getMessage());
    }

    @Test
    void theChildExitsWhenItsParentGoesAway() throws Exception {
        // ParentWatch in front of a main that would sleep for a minute; closing the child's stdin is
        // what the operating system does to the pipe when the parent process dies, however it dies
        String classPath = Path.of("target", "classes") + java.io.File.pathSeparator + Path.of("target", "test-classes");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                classPath, ParentWatch.class.getName(), Sleeper.class.getName()).redirectErrorStream(true).start();
        Thread.sleep(500);
        assertTrue(child.isAlive(), "the wrapped main runs");

        OutputStream stdin = child.getOutputStream();
        stdin.close();

        assertTrue(child.waitFor(20, TimeUnit.SECONDS), "the child exits once its parent's end of the pipe is gone");
        assertEquals(0, child.exitValue());
        assertFalse(child.isAlive());
    }

    /** A main that sleeps for a minute (and is only ended early by {@link ParentWatch}). */
    public static final class Sleeper {
        public static void main(String[] args) throws InterruptedException {
            Thread.sleep(60_000);
            System.exit(3);
        }
    }

    @Test
    void locateFindsTheDistributionTheBuildUnpackedBesideTheClasses() {
        Path found = SharedRegistry.distribution();
        assertEquals(Path.of("target", "apicurio-registry").toAbsolutePath(), found.toAbsolutePath());
        assertTrue(List.of(found.toFile().list()).contains("lib"));
    }
}
