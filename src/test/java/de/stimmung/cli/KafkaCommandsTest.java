package de.stimmung.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.stimmung.audio.PcmAudio;
import de.stimmung.audio.WavFile;
import de.stimmung.features.FeatureExtractor;
import de.stimmung.model.Emotion;
import de.stimmung.model.EmotionScorer;
import de.stimmung.stream.StimmungService;
import de.stimmung.stream.StreamConfig;
import de.stimmung.embedded.EmbeddedKafkaBroker;
import de.stimmung.embedded.SharedRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** produce, consume and serve as a user runs them, against a real broker, and their errors. */
class KafkaCommandsTest {

    @Test
    void produceThenConsumePrintsOneEventPerFileWithTheClassifyProbabilities(@TempDir Path dir) throws Exception {
        WavFile.write(new PcmAudio(ClassifyCommandTest.voiced(140, 1.2, 16000), 16000), dir.resolve("kunde.wav"));
        WavFile.write(new PcmAudio(ClassifyCommandTest.voiced(210, 0.9, 16000), 16000), dir.resolve("agent.wav"));
        float[] hold = new float[16000];
        for (int i = 0; i < hold.length; i++) {
            hold[i] = (float) (0.3 * Math.sin(2 * Math.PI * 425 * i / 16000.0));
        }
        WavFile.write(new PcmAudio(hold, 16000), dir.resolve("wartet.wav"));
        FeatureExtractor fx = FeatureExtractor.withDefaults();
        String registry = SharedRegistry.url();
        StreamConfig config = StreamConfig.defaults().withOverrides(Map.of("state.dir",
                Files.createTempDirectory("cli-state").toString())).withSchemaRegistry(registry);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
                EmotionScorer scorer = EmotionScorer.loadBundled(fx.version(), fx.dimension());
                StimmungService service = StimmungService.start(config, broker.bootstrapServers(), fx, scorer)) {
            assertTrue(service.awaitRunning(Duration.ofSeconds(60)));
            java.util.Properties junk = new java.util.Properties();
            junk.put("bootstrap.servers", broker.bootstrapServers());
            try (var raw = new org.apache.kafka.clients.producer.KafkaProducer<>(junk,
                    new org.apache.kafka.common.serialization.StringSerializer(),
                    new org.apache.kafka.common.serialization.ByteArraySerializer())) {
                raw.send(new org.apache.kafka.clients.producer.ProducerRecord<>(config.eventsTopic(), "junk",
                        "not an event".getBytes(java.nio.charset.StandardCharsets.UTF_8))).get();
            }
            FeaturesCommandTest.Run produced = FeaturesCommandTest.run("produce", "-b", broker.bootstrapServers(),
                    "--schema-registry-url", registry, "--chunk-ms", "50", "--encoding", "alaw", dir.toString());
            assertEquals(0, produced.exit(), produced.err());
            assertTrue(produced.out().contains("sent 62 chunks"), produced.out());
            FeaturesCommandTest.Run consumed = FeaturesCommandTest.run("consume", "-b", broker.bootstrapServers(),
                    "-p", "schema.registry.url=" + registry, "--from-beginning", "--max", "3", "--timeout", "60");
            assertEquals(0, consumed.exit(), consumed.err());
            assertTrue(consumed.err().contains("skipped emotion-events-") && consumed.err().contains("magic byte 0x6e"),
                    "a record that is not an event is reported and skipped: " + consumed.err());
            List<String> lines = consumed.out().lines().toList();
            assertEquals(3, lines.size(), consumed.out());
            ObjectMapper json = new ObjectMapper();
            for (String l : lines) {
                JsonNode e = json.readTree(l);
                List<String> keys = new java.util.ArrayList<>();
                e.fieldNames().forEachRemaining(keys::add);
                assertEquals(List.of("callId", "channel", "utteranceId", "startTimeMs", "endTimeMs", "speech", "emotion",
                        "confidence", "probabilities", "scoredBy", "modelVersion", "featureSpecVersion", "processingTimeMs"),
                        keys);
                assertEquals(scorer.info().version(), e.get("modelVersion").asText());
                if (e.get("callId").asText().startsWith("wartet")) {
                    assertFalse(e.get("speech").asBoolean(), "a held tone is no speech: " + l);
                    assertTrue(e.get("emotion").isNull() && e.get("confidence").isNull()
                            && e.get("probabilities").isNull() && e.get("scoredBy").isNull(), l);
                } else {
                    assertTrue(e.get("speech").asBoolean(), l);
                    assertEquals(Emotion.labels(), iterate(e.get("probabilities").fieldNames()));
                    // a per-channel model names the network that scored the utterance, a one-network model none
                    assertTrue(scorer.perChannel() ? List.of("wideband", "telephone").contains(e.get("scoredBy").asText())
                            : e.get("scoredBy").isNull(), l);
                }
            }
        }
    }

    private static List<String> iterate(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void produceAndConsumeWithoutAClusterAreUsageErrors(@TempDir Path dir) throws Exception {
        WavFile.write(new PcmAudio(new float[800], 8000), dir.resolve("x.wav"));
        FeaturesCommandTest.Run p = FeaturesCommandTest.run("produce", "-b", "", dir.toString());
        assertEquals(2, p.exit());
        assertTrue(p.err().contains("--bootstrap-servers"), p.err());
        assertEquals(2, FeaturesCommandTest.run("consume", "-b", "").exit());
    }

    @Test
    void produceConsumeAndServeOnAClusterWithoutASchemaRegistryAreUsageErrors(@TempDir Path dir) throws Exception {
        WavFile.write(new PcmAudio(new float[800], 8000), dir.resolve("x.wav"));
        for (String[] args : List.of(new String[] {"produce", "-b", "127.0.0.1:1", dir.toString()},
                new String[] {"consume", "-b", "127.0.0.1:1"}, new String[] {"serve", "-b", "127.0.0.1:1"})) {
            FeaturesCommandTest.Run run = FeaturesCommandTest.run(args);
            assertEquals(2, run.exit(), args[0] + ": " + run.err());
            assertTrue(run.err().contains("no schema registry") && run.err().contains("--schema-registry-url"),
                    args[0] + ": " + run.err());
        }
    }

    @Test
    void replayingDeadLettersNeedsTheKindsToReplay() {
        FeaturesCommandTest.Run run = FeaturesCommandTest.run("dead-letters", "-b", "127.0.0.1:1", "--schema-registry-url",
                "http://127.0.0.1:1", "--replay");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("--replay needs --kind"), run.err());
    }

    @Test
    void serveWithASchemaRegistryThatIsDownExitsNonZeroSayingSo() throws Exception {
        String down = "http://127.0.0.1:" + closedPort();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            long started = System.nanoTime();
            FeaturesCommandTest.Run serve = FeaturesCommandTest.run("serve", "-b", broker.bootstrapServers(),
                    "--schema-registry-url", down, "--state-dir", Files.createTempDirectory("down-state").toString());
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;

            assertEquals(1, serve.exit(), serve.err());
            assertTrue(serve.err().contains("the schema registry at " + down + " cannot be used")
                    && serve.err().contains("no schema registry reachable") && serve.err().contains("start it"),
                    serve.err());
            assertTrue(seconds < 20, "fails within seconds, not after the stream's minute of retries: " + seconds + " s");

            Path wav = Files.createTempDirectory("down-wav").resolve("x.wav");
            WavFile.write(new PcmAudio(new float[800], 8000), wav);
            FeaturesCommandTest.Run produce = FeaturesCommandTest.run("produce", "-b", broker.bootstrapServers(),
                    "--schema-registry-url", down, "-p", "max.retries=0", wav.toString());
            assertEquals(1, produce.exit(), produce.err());
            assertTrue(produce.err().contains("failed to register the schema of subject speech-value")
                    && produce.err().contains("no schema registry reachable"), produce.err());
        }
    }

    private static int closedPort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void anUnreachableClusterIsARuntimeErrorThatNamesTheAddress(@TempDir Path dir) throws Exception {
        WavFile.write(new PcmAudio(new float[800], 8000), dir.resolve("x.wav"));
        FeaturesCommandTest.Run serve = FeaturesCommandTest.run("serve", "-b", "127.0.0.1:1", "--schema-registry-url",
                "http://127.0.0.1:1");
        assertEquals(1, serve.exit());
        assertTrue(serve.err().contains("cannot reach Kafka at 127.0.0.1:1"), serve.err());
        FeaturesCommandTest.Run produce = FeaturesCommandTest.run("produce", "-b", "127.0.0.1:1", "-p", "max.block.ms=1500",
                "--schema-registry-url", SharedRegistry.url(), dir.toString());
        assertEquals(1, produce.exit());
        assertTrue(produce.err().contains("cannot send to Kafka at 127.0.0.1:1"), produce.err());
    }
}
