package de.stimmung.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.stimmung.audio.PcmAudio;
import de.stimmung.avro.AudioChunk;
import de.stimmung.avro.AudioEncoding;
import de.stimmung.avro.EmotionEvent;
import de.stimmung.embedded.EmbeddedKafkaBroker;
import de.stimmung.embedded.SharedRegistry;
import de.stimmung.stream.cluster.TopicSetup;
import de.stimmung.stream.cluster.TopicSpec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once across a crash: the service runs as a child JVM ({@code stimmung serve
 * --processing-guarantee exactly_once_v2}), is killed with SIGKILL in the middle of the stream
 * (utterances half sent), and restarted on the same state directory; every utterance still
 * yields exactly one committed event.
 */
class ExactlyOnceRestartTest {

    static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void start() {
        StreamingIntegrationTest.registryUrl = SharedRegistry.url();
        broker = EmbeddedKafkaBroker.start();
        StreamingIntegrationTest.broker = broker;
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    static Process serve(Path stateDir, Path log) throws Exception {
        // the class path goes in an argument file: ONNX Runtime 1.29 crashes (SIGSEGV) in a process whose
        // command line is longer than about 4 KB, which a Maven test class path easily is
        Path argFile = log.resolveSibling("classpath.args");
        Files.writeString(argFile, "-cp \"" + System.getProperty("java.class.path") + "\"\n");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "@" + argFile, "de.stimmung.cli.StimmungCommand", "serve",
                "-b", broker.bootstrapServers(), "--schema-registry-url", StreamingIntegrationTest.registryUrl,
                "--processing-guarantee", "exactly_once_v2", "--application-id", "eos-test",
                "--speech-topic", "eos-speech", "--events-topic", "eos-events", "--dlq-topic", "eos-dlq",
                "--state-dir", stateDir.toString(), "-p", "session.timeout.ms=6000", "-p", "heartbeat.interval.ms=1000",
                "-p", "transaction.timeout.ms=5000",
                // every utterance is producer-marked; a restart on a loaded machine can lag more than the default
                // 2 s idle timeout, which would close (split) an open utterance: this test is about exactly-once
                "--idle-timeout-ms", "120000");
        Files.writeString(log, String.join(" ", cmd) + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    Files.writeString(log, line + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                            java.nio.file.StandardOpenOption.APPEND);
                    if (line.contains("Stimmung is serving")) {
                        ready.complete(true);
                    }
                }
            } catch (Exception e) {
                ready.completeExceptionally(e);
            }
            ready.complete(false);
        }, "serve-output");
        reader.setDaemon(true);
        reader.start();
        assertTrue(ready.get(90, TimeUnit.SECONDS), "serve did not start; see " + log + ":\n" + Files.readString(log));
        return p;
    }

    @Test
    void everyUtteranceYieldsExactlyOneCommittedEventAcrossAKillAndRestart(@TempDir Path dir) throws Exception {
        new TopicSetup(broker.bootstrapServers(), Duration.ofSeconds(10)).ensure(List.of(TopicSpec.of("eos-speech", 3, 1),
                TopicSpec.of("eos-events", 3, 1), TopicSpec.of("eos-dlq", 3, 1)));
        List<PcmAudio> recs = StreamingIntegrationTest.recordings(8);
        Map<String, List<AudioChunk>> calls = new TreeMap<>();
        for (int i = 0; i < recs.size(); i++) {
            PcmAudio a = recs.get(i);
            String call = "eos-" + i;
            calls.put(call, Chunks.of(call, a.samples(), a.sampleRateHz(), a.sampleRateHz() / 10, AudioEncoding.PCM_S16LE,
                    call, true, 0));
        }
        Path state = dir.resolve("state");
        Path log = dir.resolve("serve.log");
        Process first = serve(state, log);
        try (KafkaProducer<String, AudioChunk> producer = StreamingIntegrationTest.producer()) {
            // first half of every call, so each one has an open utterance when the service dies
            for (Map.Entry<String, List<AudioChunk>> c : calls.entrySet()) {
                List<AudioChunk> chunks = c.getValue();
                for (AudioChunk chunk : chunks.subList(0, chunks.size() / 2)) {
                    producer.send(new ProducerRecord<>("eos-speech", c.getKey(), chunk));
                }
            }
            producer.flush();
            Thread.sleep(1500);
            first.destroyForcibly();
            assertTrue(first.waitFor(30, TimeUnit.SECONDS));
            Process second = serve(state, log);
            try {
                for (Map.Entry<String, List<AudioChunk>> c : calls.entrySet()) {
                    List<AudioChunk> chunks = c.getValue();
                    for (AudioChunk chunk : chunks.subList(chunks.size() / 2, chunks.size())) {
                        producer.send(new ProducerRecord<>("eos-speech", c.getKey(), chunk));
                    }
                }
                producer.flush();
                List<EmotionEvent> events = StreamingIntegrationTest.consume("eos-events", calls.size(), Duration.ofSeconds(90));
                List<String> ids = new ArrayList<>(events.stream().map(EmotionEvent::getUtteranceId).sorted().toList());
                assertEquals(new ArrayList<>(calls.keySet()), ids, "exactly one committed event per utterance; log: " + log);
            } finally {
                second.destroy();
                second.waitFor(30, TimeUnit.SECONDS);
            }
        } finally {
            first.destroyForcibly();
        }
    }
}
