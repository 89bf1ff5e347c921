package de.stimmung.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.stimmung.audio.PcmAudio;
import de.stimmung.audio.Resampler;
import de.stimmung.avro.AudioChunk;
import de.stimmung.embedded.EmbeddedKafkaBroker;
import de.stimmung.embedded.SharedRegistry;
import de.stimmung.stream.cluster.TopicSetup;
import de.stimmung.stream.cluster.TopicSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once across a crash: the service runs as a child JVM ({@code stimmung serve
 * --processing-guarantee exactly_once_v2}, default idle timeout); once it has committed the
 * first part of eight calls (every call in the middle of its utterance), it is killed with
 * SIGKILL, the producers go on with the rest while it is down, and it is restarted on the same
 * state directory: every utterance still yields exactly one committed event, whole.
 */
class ExactlyOnceRestartTest {

    static final String GROUP = "eos-test";
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

    /** A serve instance {@code name} on the state directory {@code dir/state}, logging to {@code dir/NAME.log}. */
    static ServeProcess serve(String name, Path dir) throws Exception {
        ServeProcess serve = ServeProcess.start(name, List.of("-b", broker.bootstrapServers(), "--schema-registry-url",
                StreamingIntegrationTest.registryUrl, "--state-dir", dir.resolve("state").toString(),
                "--processing-guarantee", "exactly_once_v2", "--application-id", GROUP,
                "--speech-topic", "eos-speech", "--events-topic", "eos-events", "--dlq-topic", "eos-dlq", "--no-http",
                "-p", "session.timeout.ms=6000", "-p", "heartbeat.interval.ms=1000", "-p", "transaction.timeout.ms=5000"),
                dir);
        try {
            serve.awaitReady(Duration.ofSeconds(90));
        } catch (AssertionError e) {
            serve.kill();
            throw e;
        }
        return serve;
    }

    @Test
    void everyUtteranceYieldsExactlyOneCommittedEventAcrossAKillAndRestart(@TempDir Path dir) throws Exception {
        new TopicSetup(broker.bootstrapServers(), Duration.ofSeconds(10)).ensure(List.of(TopicSpec.of("eos-speech", 3, 1),
                TopicSpec.of("eos-events", 3, 1), TopicSpec.of("eos-dlq", 3, 1)));
        CallTimeline calls = new CallTimeline();
        long shortest = Long.MAX_VALUE;
        List<PcmAudio> recs = StreamingIntegrationTest.recordings(8);
        for (int i = 0; i < recs.size(); i++) {
            PcmAudio a = recs.get(i);
            float[] audio = Resampler.resample(a.samples(), a.sampleRateHz(), CallTimeline.RATE);
            calls.call("eos-" + i, 0, List.of(audio), true);
            shortest = Math.min(shortest, audio.length * 1000L / CallTimeline.RATE);
        }
        // the crash comes halfway through the shortest call: every call has an open utterance then
        long crashAtMs = shortest / 2;
        List<CallTimeline.Entry> before = calls.inOrder().stream().filter(e -> e.atMs() < crashAtMs).toList();
        List<CallTimeline.Entry> after = calls.inOrder().stream().filter(e -> e.atMs() >= crashAtMs).toList();
        long base = System.currentTimeMillis();
        try (KafkaProducer<String, AudioChunk> producer = StreamingIntegrationTest.producer();
                EventCollector events = new EventCollector(broker.bootstrapServers(), StreamingIntegrationTest.registryUrl,
                        "eos-events")) {
            try (ServeProcess first = serve("first", dir)) {
                Map<TopicPartition, Long> sent = send(producer, before, base);
                awaitCommitted(sent, Duration.ofSeconds(120), first.log());
                assertEquals(0, events.size(), "no utterance had ended before the crash");
                first.kill();
            }
            send(producer, after, base); // the calls go on while the service is down
            try (ServeProcess second = serve("second", dir)) {
                List<EventCollector.Received> got = events.awaitAndSettle(calls.expected().size(), Duration.ofSeconds(120),
                        Duration.ofSeconds(4));
                calls.assertOneWholeEventPerUtterance(got.stream().map(EventCollector.Received::event).toList(),
                        "exactly one committed event per utterance; logs: " + dir.resolve("first.log") + ", " + second.log());
            }
        }
    }

    /** Sends the chunks stamped as their producers would have; returns the next offset of every partition written. */
    static Map<TopicPartition, Long> send(KafkaProducer<String, AudioChunk> producer, List<CallTimeline.Entry> entries,
            long base) throws Exception {
        List<Future<RecordMetadata>> acks = entries.stream().map(e -> producer.send(
                new ProducerRecord<>("eos-speech", null, base + e.atMs(), e.callId(), e.chunk()))).toList();
        producer.flush();
        Map<TopicPartition, Long> next = new HashMap<>();
        for (Future<RecordMetadata> ack : acks) {
            RecordMetadata m = ack.get();
            next.merge(new TopicPartition(m.topic(), m.partition()), m.offset() + 1, Math::max);
        }
        return next;
    }

    /** Waits until the service's consumer group has committed (in its transactions) every offset up to {@code next}. */
    static void awaitCommitted(Map<TopicPartition, Long> next, Duration timeout, Path log) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            Map<TopicPartition, OffsetAndMetadata> committed = Map.of();
            while (System.nanoTime() < deadline) {
                committed = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetAndMetadata> c = committed;
                if (next.entrySet().stream().allMatch(e -> c.get(e.getKey()) != null
                        && c.get(e.getKey()).offset() >= e.getValue())) {
                    return;
                }
                Thread.sleep(100);
            }
            assertTrue(false, "the first instance did not commit its input up to " + next + " within " + timeout
                    + " (committed: " + committed + "); log: " + log);
        }
    }
}
