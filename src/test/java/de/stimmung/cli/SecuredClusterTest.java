package de.stimmung.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.stimmung.audio.PcmAudio;
import de.stimmung.audio.WavFile;
import de.stimmung.embedded.BrokerSettings;
import de.stimmung.embedded.EmbeddedKafkaBroker;
import de.stimmung.embedded.SharedRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Kafka client the commands create (admin, producer, consumer, Streams, the dead-letter
 * reader) takes the same client settings: against a real broker whose client listener wants
 * SASL/PLAIN, serve, produce, consume and dead-letters work with one --client-config file, and
 * without it (or with a wrong password) they fail saying what to give.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecuredClusterTest {

    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required";

    private EmbeddedKafkaBroker broker;
    private String sasl;

    @BeforeAll
    void saslBroker() {
        int plain = EmbeddedKafkaBroker.freePort();
        int secured = EmbeddedKafkaBroker.freePort();
        int controller = EmbeddedKafkaBroker.freePort();
        sasl = "127.0.0.1:" + secured;
        // the broker talks to itself over PLAINTEXT; clients get the SASL_PLAINTEXT listener
        broker = EmbeddedKafkaBroker.start(BrokerSettings.defaults().withPort(plain)
                .withOverride("listeners", "PLAINTEXT://127.0.0.1:" + plain + ",SASL_PLAINTEXT://" + sasl
                        + ",CONTROLLER://127.0.0.1:" + controller)
                .withOverride("advertised.listeners", "PLAINTEXT://127.0.0.1:" + plain + ",SASL_PLAINTEXT://" + sasl)
                .withOverride("listener.security.protocol.map",
                        "PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT")
                .withOverride("controller.quorum.voters", "1@127.0.0.1:" + controller)
                .withOverride("sasl.enabled.mechanisms", "PLAIN")
                .withOverride("listener.name.sasl_plaintext.plain.sasl.jaas.config",
                        JAAS + " user_alice=\"alice-secret\";"));
    }

    @AfterAll
    void stop() {
        broker.close();
    }

    private static Path clientConfig(Path dir, String password) throws Exception {
        Path file = dir.resolve("client-" + password + ".properties");
        Files.writeString(file, "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\nsasl.jaas.config=" + JAAS
                + " username=\"alice\" password=\"" + password + "\";\n");
        return file;
    }

    @Test
    void serveProduceConsumeAndDeadLettersWorkWithOneClientConfigFile(@TempDir Path dir) throws Exception {
        String registry = SharedRegistry.url();
        Path config = clientConfig(dir, "alice-secret");
        Path ready = dir.resolve("ready");
        Path log = dir.resolve("serve.log");
        Path argFile = dir.resolve("classpath.args");
        Files.writeString(argFile, "-cp \"" + System.getProperty("java.class.path") + "\"\n");
        Process serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Djava.io.tmpdir=" + dir, "@" + argFile, "de.stimmung.cli.StimmungCommand", "serve", "-b", sasl,
                "--client-config", config.toString(), "--schema-registry-url", registry, "--ready-file",
                ready.toString(), "--state-dir", dir.resolve("state").toString(), "--application-id", "secured")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!Files.exists(ready) && serve.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(Files.exists(ready), "serve did not get ready on the SASL listener:\n" + Files.readString(log));

            WavFile.write(new PcmAudio(ClassifyCommandTest.voiced(170, 1.0, 16000), 16000), dir.resolve("gesichert.wav"));
            FeaturesCommandTest.Run produced = FeaturesCommandTest.run("produce", "-b", sasl, "--client-config",
                    config.toString(), "--schema-registry-url", registry, dir.resolve("gesichert.wav").toString());
            assertEquals(0, produced.exit(), produced.err());
            FeaturesCommandTest.Run consumed = FeaturesCommandTest.run("consume", "-b", sasl, "--client-config",
                    config.toString(), "--schema-registry-url", registry, "--from-beginning", "--max", "1",
                    "--timeout", "60");
            assertEquals(0, consumed.exit(), consumed.err());
            assertTrue(consumed.out().contains("\"callId\":\"gesichert\""), consumed.out());

            Properties p = new Properties();
            p.load(Files.newBufferedReader(config));
            p.put("bootstrap.servers", sasl);
            try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(p, new StringSerializer(),
                    new org.apache.kafka.common.serialization.ByteArraySerializer())) {
                raw.send(new ProducerRecord<>("speech", "kaputt", "no chunk".getBytes(StandardCharsets.UTF_8))).get();
            }
            FeaturesCommandTest.Run letters = FeaturesCommandTest.run("dead-letters", "-b", sasl, "--client-config",
                    config.toString(), "--schema-registry-url", registry, "--from-beginning", "--max", "1",
                    "--timeout", "60");
            assertEquals(0, letters.exit(), letters.err());
            assertTrue(letters.out().contains("WRONG_MAGIC_BYTE"), letters.out());
        } finally {
            serve.destroy();
            if (!serve.waitFor(60, TimeUnit.SECONDS)) {
                serve.destroyForcibly();
            }
        }
    }

    @Test
    void withoutTheClientConfigServeProduceConsumeAndDeadLettersFailSayingWhatToGive(@TempDir Path dir) throws Exception {
        String registry = SharedRegistry.url();
        FeaturesCommandTest.Run serve = FeaturesCommandTest.run("serve", "-b", sasl, "--schema-registry-url", registry,
                "--state-dir", dir.resolve("state").toString());
        assertEquals(1, serve.exit(), serve.err());
        assertTrue(serve.err().contains("cannot reach Kafka at " + sasl) && serve.err().contains("--client-config"),
                serve.err());

        WavFile.write(new PcmAudio(ClassifyCommandTest.voiced(170, 0.5, 16000), 16000), dir.resolve("x.wav"));
        FeaturesCommandTest.Run produce = FeaturesCommandTest.run("produce", "-b", sasl, "-p", "max.block.ms=3000",
                "--schema-registry-url", registry, dir.resolve("x.wav").toString());
        assertEquals(1, produce.exit(), produce.err());
        assertTrue(produce.err().contains("cannot send to Kafka at " + sasl) && produce.err().contains("--client-config"),
                produce.err());

        FeaturesCommandTest.Run consume = FeaturesCommandTest.run("consume", "-b", sasl, "--schema-registry-url",
                registry, "--max", "1");
        assertEquals(1, consume.exit(), consume.err());
        assertTrue(consume.err().contains("cannot reach Kafka at " + sasl) && consume.err().contains("--client-config"),
                consume.err());

        FeaturesCommandTest.Run letters = FeaturesCommandTest.run("dead-letters", "-b", sasl, "--schema-registry-url",
                registry, "--max", "1");
        assertEquals(1, letters.exit(), letters.err());
        assertTrue(letters.err().contains("cannot reach Kafka at " + sasl) && letters.err().contains("--client-config"),
                letters.err());
    }

    @Test
    void aWrongPasswordIsReportedAsRefusedCredentials(@TempDir Path dir) throws Exception {
        FeaturesCommandTest.Run serve = FeaturesCommandTest.run("serve", "-b", sasl, "--client-config",
                clientConfig(dir, "wrong").toString(), "--schema-registry-url", SharedRegistry.url(), "--state-dir",
                dir.resolve("state").toString());
        assertEquals(1, serve.exit(), serve.err());
        assertTrue(serve.err().contains("refused the client's credentials") && serve.err().contains("sasl.jaas.config"),
                serve.err());
    }
}
