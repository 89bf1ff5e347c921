package de.stimmung.stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

import de.stimmung.avro.AudioChunk;
import de.stimmung.embedded.EmbeddedKafkaBroker;
import de.stimmung.embedded.SharedRegistry;
import de.stimmung.stream.cluster.TopicSetup;
import de.stimmung.stream.cluster.TopicSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A paused service closes no utterance early: {@code serve} runs as a child JVM (default 2 s idle
 * timeout), calls are produced in real time, and the service is stopped with SIGSTOP for 5 s
 * while every call is in the middle of an utterance, then resumed with SIGCONT. The producers go
 * on meanwhile, so on resuming the service finds 5 s of backlog and a wall clock that jumped 5 s
 * past every call's last chunk; still each utterance yields exactly one event with its whole
 * audio. A call whose producer stopped mid-utterance before the pause is still closed (by the
 * partition's stream time, which the other calls move on), and so is one left open at the very
 * end, when the partition has gone quiet (by the wall clock, once the service has caught up).
 */
class PausedServiceTest {

    static final Duration PAUSE = Duration.ofSeconds(5);
    static EmbeddedKafkaBroker broker;
    static String registry;

    @BeforeAll
    static void start() {
        registry = SharedRegistry.url();
        broker = EmbeddedKafkaBroker.start();
        StreamingIntegrationTest.registryUrl = registry;
        StreamingIntegrationTest.broker = broker;
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void everyUtteranceYieldsOneWholeEventWhenTheServiceIsPausedForFiveSecondsMidUtterance(@TempDir Path dir)
            throws Exception {
        new TopicSetup(broker.bootstrapServers(), Duration.ofSeconds(10)).ensure(List.of(TopicSpec.of("pause-speech", 3, 1),
                TopicSpec.of("pause-events", 3, 1), TopicSpec.of("pause-dlq", 3, 1)));
        CallTimeline calls = new CallTimeline();
        double[] utterances = {3.0, 2.5, 3.5, 3.0, 2.0};
        for (int i = 0; i < 8; i++) {
            // the first call hangs up mid-utterance at the end, without end-of-call
            calls.call("pause-" + i, 300L * i, utterances, i != 0);
        }
        calls.call("pause-gone", 0, new double[] {2.0}, false); // its producer stops before the pause
        try (ServeProcess serve = ServeProcess.start("pause", List.of("-b", broker.bootstrapServers(),
                "--schema-registry-url", registry, "--state-dir", dir.resolve("state").toString(),
                "--application-id", "pause-test", "--speech-topic", "pause-speech", "--events-topic", "pause-events",
                "--dlq-topic", "pause-dlq", "--no-http"), dir);
                EventCollector events = new EventCollector(broker.bootstrapServers(), registry, "pause-events");
                KafkaProducer<String, AudioChunk> producer = StreamingIntegrationTest.producer()) {
            serve.awaitReady(Duration.ofSeconds(90));
            Path log = serve.log();
            long t0 = System.nanoTime();
            long pausedAt = 0;
            long resumedAt = 0;
            for (CallTimeline.Entry e : calls.inOrder()) {
                long due = t0 + TimeUnit.MILLISECONDS.toNanos(e.atMs());
                // the service is paused once its first utterance is out: from then on every call is mid-utterance
                while (System.nanoTime() < due) {
                    if (pausedAt == 0 && events.size() > 0) {
                        serve.pause();
                        pausedAt = System.nanoTime();
                    } else if (pausedAt != 0 && resumedAt == 0 && System.nanoTime() - pausedAt >= PAUSE.toNanos()) {
                        serve.resume();
                        resumedAt = System.nanoTime();
                    }
                    LockSupport.parkNanos(Math.min(due - System.nanoTime(), 5_000_000));
                }
                producer.send(new ProducerRecord<>("pause-speech", e.callId(), e.chunk()));
            }
            producer.flush();
            if (pausedAt != 0 && resumedAt == 0) {
                LockSupport.parkNanos(pausedAt + PAUSE.toNanos() - System.nanoTime());
                serve.resume();
                resumedAt = System.nanoTime();
            }
            assertTrue(pausedAt != 0 && resumedAt - t0 < TimeUnit.MILLISECONDS.toNanos(calls.lengthMs()),
                    "the service was to be paused and resumed while the calls ran (paused " + (pausedAt != 0) + " at "
                    + (pausedAt - t0) / 1_000_000 + " ms, resumed at " + (resumedAt - t0) / 1_000_000 + " ms, calls end at "
                    + calls.lengthMs() + " ms); see " + log);
            System.out.printf(Locale.ROOT, "paused %.1f s after the calls began, for %.1f s; calls lasted %.1f s%n",
                    (pausedAt - t0) / 1e9, (resumedAt - pausedAt) / 1e9, calls.lengthMs() / 1000.0);
            List<EventCollector.Received> got = events.awaitAndSettle(calls.expected().size(), Duration.ofSeconds(120),
                    Duration.ofSeconds(4));
            calls.assertOneWholeEventPerUtterance(got.stream().map(EventCollector.Received::event).toList(),
                    "service log: " + log);
        }
    }
}
