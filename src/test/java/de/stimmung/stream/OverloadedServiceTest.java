package de.stimmung.stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

import de.stimmung.avro.AudioChunk;
import de.stimmung.avro.EmotionEvent;
import de.stimmung.embedded.EmbeddedKafkaBroker;
import de.stimmung.embedded.SharedRegistry;
import de.stimmung.stream.cluster.TopicSetup;
import de.stimmung.stream.cluster.TopicSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An overloaded service closes no utterance early: 240 concurrent calls (about 1900 audio seconds
 * in 12 s) are produced in real time, several times more than the service ({@code serve} in a
 * child JVM, one stream thread, default 2 s idle timeout) handles on two cores, so its lag grows
 * for as long as the calls go on, far beyond the idle timeout, and every call's next chunk waits
 * behind the others'. Still each utterance yields exactly one event with its whole audio, and none
 * is lost. A call whose producer stops mid-utterance is closed all the same, by the partition's
 * stream time, and so is one left open at the end, by the wall clock once the service has caught
 * up. Prints the overload (the time the service needed over the calls' duration) and the lag.
 */
class OverloadedServiceTest {

    static final Duration IDLE_TIMEOUT = StreamConfig.defaults().idleTimeout();
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
    void noUtteranceIsSplitOrLostWhileTheLagGrowsFarBeyondTheIdleTimeout(@TempDir Path dir) throws Exception {
        new TopicSetup(broker.bootstrapServers(), Duration.ofSeconds(10)).ensure(List.of(TopicSpec.of("load-speech", 3, 1),
                TopicSpec.of("load-events", 3, 1), TopicSpec.of("load-dlq", 3, 1)));
        double[] lengths = {1.5, 2.0, 2.5, 3.0, 3.5, 4.0};
        CallTimeline calls = new CallTimeline();
        for (int i = 0; i < 240; i++) {
            double[] seconds = new double[3];
            for (int u = 0; u < seconds.length; u++) {
                seconds[u] = lengths[(u + i) % lengths.length];
            }
            // the first call hangs up mid-utterance at the end, without end-of-call
            calls.call("load-" + i, 17L * i, seconds, i != 0);
        }
        calls.call("load-gone", 500, new double[] {3.0, 2.5}, false); // stops 5.5 s in, mid-utterance
        List<CallTimeline.Entry> feed = calls.inOrder();
        try (ServeProcess serve = ServeProcess.start("load", List.of("-b", broker.bootstrapServers(),
                "--schema-registry-url", registry, "--state-dir", dir.resolve("state").toString(),
                "--application-id", "load-test", "--speech-topic", "load-speech", "--events-topic", "load-events",
                "--dlq-topic", "load-dlq", "--no-http"), dir);
                EventCollector events = new EventCollector(broker.bootstrapServers(), registry, "load-events");
                KafkaProducer<String, AudioChunk> producer = StreamingIntegrationTest.producer()) {
            serve.awaitReady(Duration.ofSeconds(90));
            Path log = serve.log();
            // real time: each chunk is sent, stamped with its time, once its audio has been spoken
            long base = System.currentTimeMillis();
            long t0 = System.nanoTime();
            Map<String, Long> lastChunkSent = new HashMap<>();
            for (CallTimeline.Entry e : feed) {
                LockSupport.parkNanos(t0 + TimeUnit.MILLISECONDS.toNanos(e.atMs()) - System.nanoTime());
                producer.send(new ProducerRecord<>("load-speech", null, base + e.atMs(), e.callId(), e.chunk()));
                lastChunkSent.put(e.chunk().getUtteranceId(), System.nanoTime());
            }
            producer.flush();
            long sent = System.nanoTime();
            List<EventCollector.Received> got = events.awaitAndSettle(calls.expected().size(), Duration.ofMinutes(5),
                    Duration.ofSeconds(4));
            long last = got.stream().mapToLong(EventCollector.Received::atNanos).max().orElse(sent);
            double maxLagS = got.stream().mapToDouble(r -> (r.atNanos() - lastChunkSent.getOrDefault(
                    String.valueOf(r.event().getUtteranceId()), r.atNanos())) / 1e9).max().orElse(0);
            double callsS = calls.lengthMs() / 1000.0;
            double workS = (last - t0) / 1e9;
            System.out.printf(Locale.ROOT, "overload: %d calls, %.0f audio s in %.1f s, produced in %.1f s;"
                    + " %d events, the last %.1f s after the calls began: %.0f audio s/s handled, %.1fx the calls'"
                    + " time; largest lag of an event behind its utterance's last chunk %.1f s (idle timeout %.1f s)%n",
                    calls.expected().stream().map(CallTimeline.Utterance::callId).distinct().count(), calls.audioSeconds(),
                    callsS, (sent - t0) / 1e9, got.size(), workS, calls.audioSeconds() / workS, workS / callsS, maxLagS,
                    IDLE_TIMEOUT.toMillis() / 1000.0);
            List<EmotionEvent> list = got.stream().map(EventCollector.Received::event).toList();
            calls.assertOneWholeEventPerUtterance(list, "service log: " + log);
            assertTrue(maxLagS > 3 * IDLE_TIMEOUT.toMillis() / 1000.0, "the test needs a lag far beyond the idle timeout,"
                    + " but the service kept up within " + maxLagS + " s: give it more calls");
        }
    }
}
