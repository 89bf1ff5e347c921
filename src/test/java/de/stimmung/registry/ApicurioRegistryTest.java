package de.stimmung.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import de.stimmung.avro.AudioChunk;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The client and serde against a real Confluent-compatible registry: Apicurio Registry 3.0.9 (runs
 * on JDK 17; see ../shared/notes/schema-registry.md), started as a child JVM on a free loopback
 * port with in-memory storage and BACKWARD compatibility. Skipped, saying how to fetch it, when the
 * distribution is not in the local Maven repository.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApicurioRegistryTest {

    private static final String VERSION = "3.0.9";
    private static final String ARTIFACT = "io.apicurio:apicurio-registry-app:" + VERSION + ":tar.gz:all";

    private Process registry;
    private String baseUrl;

    @BeforeAll
    void startRegistry() throws Exception {
        Path tarball = distribution();
        assumeTrue(Files.isRegularFile(tarball), "Apicurio Registry distribution not found at " + tarball
                + ": skipping; fetch it once with mvn dependency:get -Dartifact=" + ARTIFACT + " -Dtransitive=false");
        Path home = Path.of("target", "apicurio-registry-" + VERSION).toAbsolutePath();
        Path jar = home.resolve("apicurio-registry-app-" + VERSION + "-runner.jar");
        if (!Files.isRegularFile(jar)) {
            Files.createDirectories(home);
            Process tar = new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", home.toString())
                    .redirectErrorStream(true).redirectOutput(home.resolveSibling("apicurio-unpack.log").toFile()).start();
            assertTrue(tar.waitFor(120, TimeUnit.SECONDS) && tar.exitValue() == 0, "cannot unpack " + tarball);
        }
        Path tmp = Files.createDirectories(home.resolveSibling("apicurio-tmp"));
        int port = freePort();
        baseUrl = "http://127.0.0.1:" + port + "/apis/ccompat/v7";
        registry = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + tmp,
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=" + freePort(),
                "-Dapicurio.rules.global.compatibility=BACKWARD", "-jar", jar.toString())
                .directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(home.resolveSibling("apicurio-registry.log").toFile()).start();
        awaitReady(Duration.ofSeconds(120));
    }

    @AfterAll
    void stopRegistry() throws InterruptedException {
        if (registry != null) {
            registry.destroy();
            if (!registry.waitFor(15, TimeUnit.SECONDS)) {
                registry.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static Path distribution() {
        String repo = System.getProperty("maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
        return Path.of(repo, "io", "apicurio", "apicurio-registry-app", VERSION,
                "apicurio-registry-app-" + VERSION + "-all.tar.gz");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitReady(Duration limit) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!registry.isAlive()) {
                throw new AssertionError("Apicurio Registry exited with " + registry.exitValue()
                        + "; see target/apicurio-registry.log");
            }
            try {
                var answer = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/subjects"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet: poll again until the deadline
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Apicurio Registry not ready at " + baseUrl + " within " + limit
                + "; see target/apicurio-registry.log");
    }

    private Map<String, String> config() {
        return Map.of(RegistrySettings.URL, baseUrl);
    }

    @Test
    void serdeRoundTripsThroughTheRealRegistryAndFindsTheSchemaById() {
        var writer = new RegistryAvroSerde<>(AudioChunk.class);
        writer.configure(config(), false);
        var reader = new RegistryAvroSerde<>(AudioChunk.class);
        reader.configure(config(), false);

        byte[] frame = writer.serialize("speech", Schemas.chunk());

        assertEquals(Schemas.chunk(), reader.deserialize("speech", frame));
        RegisteredSchema latest = CachedSchemaRegistryClient.fromConfig(config()).latest("speech-value");
        assertEquals(WireFormat.schemaId(frame, "speech"), latest.id());
        assertEquals(AudioChunk.SCHEMA$, latest.schema());
    }

    @Test
    void olderWriterDecodesAndTheRegistryEnforcesBackwardCompatibility() {
        var client = CachedSchemaRegistryClient.fromConfig(config());
        int oldId = client.register("evolving-value", Schemas.audioChunkWithoutEndOfCall());
        GenericRecord old = Schemas.genericChunk(Schemas.audioChunkWithoutEndOfCall());
        var serde = RegistryAvroSerde.of(AudioChunk.class, client, Map.of(), false);

        AudioChunk read = serde.deserialize("evolving", Schemas.frame(oldId, Schemas.avroBinary(old)));
        serde.serialize("evolving", Schemas.chunk());

        assertEquals(Schemas.chunk(), read);
        assertEquals(2, client.latest("evolving-value").version());
        var e = assertThrows(SchemaRegistryException.class,
                () -> client.register("evolving-value", Schemas.audioChunkWithSpeakerAge(false)));
        assertEquals(List.of(409, 409), List.of(e.status(), e.errorCode()));
        assertTrue(e.getMessage().startsWith("registry " + baseUrl + " rejected"), e.getMessage());
    }

    @Test
    void unknownIdIsReportedAsUnknownToTheRegistry() {
        var serde = new RegistryAvroSerde<>(AudioChunk.class);
        serde.configure(config(), false);
        byte[] frame = Schemas.frame(987_654, Schemas.avroBinary(Schemas.genericChunk(AudioChunk.SCHEMA$)));

        var e = assertThrows(SerializationException.class, () -> serde.deserialize("speech", frame));
        assertTrue(e.getMessage().contains("unknown to the schema registry") && e.getMessage().contains("404"),
                e.getMessage());
    }
}
