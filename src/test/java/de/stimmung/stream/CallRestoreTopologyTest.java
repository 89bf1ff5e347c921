package de.stimmung.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.stimmung.avro.AudioChunk;
import de.stimmung.avro.AudioEncoding;
import de.stimmung.avro.EmotionEvent;
import de.stimmung.avro.state.CallState;
import de.stimmung.features.FeatureExtractor;
import de.stimmung.model.EmotionScorer;
import de.stimmung.registry.RegistryAvroSerde;
import de.stimmung.registry.SchemaRegistryClients;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A restart in the middle of an utterance, on TopologyTestDriver: the processor keeps each call's
 * state in memory and writes it to the store only at the call's start, per emitted utterance and
 * per checkpoint, so the store's copy is older than the chunks logged since. A second topology
 * whose stores get exactly what the first one's hold (what a new instance restores from the
 * changelogs) goes on from the logged chunks: the utterance is emitted once and whole, a
 * redelivered chunk is a duplicate, nothing is a gap, and a call that sends nothing more is closed
 * by the partition's timeline no earlier than its last chunk's silence allows.
 */
class CallRestoreTopologyTest {

    static final FeatureExtractor FX = FeatureExtractor.withDefaults();
    static final long T = 1_800_000_000_000L;
    static EmotionScorer scorer;
    final String registryScope = "restore-test-" + UUID.randomUUID();
    final StreamConfig config = StreamConfig.defaults().withSchemaRegistry("mock://" + registryScope);

    @BeforeAll
    static void model() {
        scorer = EmotionScorer.loadBundled(FX.version(), FX.dimension());
    }

    @AfterAll
    static void closeModel() {
        scorer.close();
    }

    @AfterEach
    void dropRegistry() {
        SchemaRegistryClients.dropMockScope(registryScope);
    }

    /** One instance of the topology, with its own state directory. */
    final class Instance implements AutoCloseable {
        final TopologyTestDriver driver;
        final TestInputTopic<String, AudioChunk> speech;
        final TestOutputTopic<String, EmotionEvent> events;

        Instance(long wallMs) {
            StreamConfig c = config.withApplicationId("restore-" + UUID.randomUUID());
            driver = new TopologyTestDriver(EmotionTopology.build(c, FX, scorer), c.streamsProperties("unused:9092"),
                    Instant.ofEpochMilli(wallMs));
            speech = driver.createInputTopic(c.speechTopic(), new StringSerializer(),
                    RegistryAvroSerde.of(AudioChunk.class, c.serdeConfig(), false).serializer());
            events = driver.createOutputTopic(c.eventsTopic(), Serdes.String().deserializer(),
                    RegistryAvroSerde.of(EmotionEvent.class, c.serdeConfig(), false).deserializer());
        }

        /** Everything in the stores (the driver commits after every record: what the changelogs hold). */
        Map<String, Map<String, Object>> stores() {
            Map<String, Map<String, Object>> out = new LinkedHashMap<>();
            for (String name : List.of(UtteranceAssembler.STATE_STORE, UtteranceAssembler.LOG_STORE,
                    UtteranceAssembler.NORMALIZER_STORE)) {
                Map<String, Object> entries = new LinkedHashMap<>();
                KeyValueStore<String, Object> store = driver.getKeyValueStore(name);
                try (KeyValueIterator<String, Object> it = store.all()) {
                    while (it.hasNext()) {
                        KeyValue<String, Object> kv = it.next();
                        entries.put(kv.key, kv.value);
                    }
                }
                out.put(name, entries);
            }
            return out;
        }

        /** Fills the stores as a restore from the changelogs would, before any record reaches this instance. */
        void restore(Map<String, Map<String, Object>> stores) {
            stores.forEach((name, entries) -> {
                KeyValueStore<String, Object> store = driver.getKeyValueStore(name);
                entries.forEach(store::put);
            });
        }

        double metric(String name) {
            return driver.metrics().entrySet().stream().filter(e -> e.getKey().name().equals(name + "-total"))
                    .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
        }

        void wallClockRuns(Duration d) {
            EmotionTopologyTest.wallClockRuns(driver, config, d);
        }

        @Override
        public void close() {
            driver.close();
        }
    }

    @Test
    void aCallCutOffByARestartGoesOnFromItsLoggedChunksAndYieldsTheWholeUtteranceOnce() {
        float[] audio = Chunks.voiced(140, 1.2, 16000, 0.3);
        List<AudioChunk> chunks = Chunks.of("c", audio, 16000, 1600, AudioEncoding.PCM_S16LE, "u1", true, 0);
        String key = UtteranceAssembler.stateKey("c", 0);
        Map<String, Map<String, Object>> left;
        try (Instance first = new Instance(T)) {
            chunks.subList(0, 7).forEach(c -> first.speech.pipeInput("c", c));
            assertTrue(first.events.isEmpty());
            left = first.stores();
        }
        CallState stored = (CallState) left.get(UtteranceAssembler.STATE_STORE).get(key);
        assertTrue(stored.getNextSequence() < 7, "the stored state is not older than the logged chunks ("
                + stored.getNextSequence() + "): this test would not test the restore from the log");
        assertEquals(7, left.get(UtteranceAssembler.LOG_STORE).size());

        try (Instance second = new Instance(T + 60_000)) {
            second.restore(left);
            second.speech.pipeInput("c", chunks.get(3)); // redelivered after the restart
            chunks.subList(7, chunks.size()).forEach(c -> second.speech.pipeInput("c", c));
            List<EmotionEvent> out = second.events.readValuesToList();
            assertEquals(1, out.size());
            assertEquals(1200, out.get(0).getEndTimeMs().toEpochMilli() - out.get(0).getStartTimeMs().toEpochMilli(),
                    "the whole utterance, the logged part included");
            float[] p = scorer.score(FX.extract(EmotionTopologyTest.roundTrip(audio, AudioEncoding.PCM_S16LE), 16000));
            assertEquals(p[0], out.get(0).getProbabilities().get("anger"), 1e-6, "the features saw each chunk once");
            assertEquals(1.0, second.metric("duplicate-chunks"));
            assertEquals(0.0, second.metric("gaps"));
            assertEquals(0, second.stores().get(UtteranceAssembler.LOG_STORE).size(), "the log is truncated");
        }
    }

    @Test
    void aRestoredCallThatSendsNothingMoreClosesByThePartitionsTimelineNeverEarly() {
        String key = UtteranceAssembler.stateKey("quiet", 0);
        Map<String, Map<String, Object>> left;
        try (Instance first = new Instance(T + 3_600_000)) {
            for (int s = 0; s < 5; s++) {
                first.speech.pipeInput("quiet", IdleClosingTopologyTest.audio("quiet", s, false),
                        Instant.ofEpochMilli(T + s * 100));
            }
            first.speech.pipeInput("talker", IdleClosingTopologyTest.audio("talker", 0, false), Instant.ofEpochMilli(T + 500));
            left = first.stores();
        }
        CallState stored = (CallState) left.get(UtteranceAssembler.STATE_STORE).get(key);
        assertTrue(stored.getLastChunkStreamTimeMs() < T + 400, "the stored state knows the call's last chunk: "
                + "this test would not test the restore from the log");

        try (Instance second = new Instance(T + 3_700_000)) {
            second.restore(left);
            // lagging, as after a restart: 100 ms of the partition's records per second of wall clock
            long seq = 1;
            while (T + 500 + seq * 100 < T + 400 + config.idleTimeout().toMillis()) {
                second.speech.pipeInput("talker", IdleClosingTopologyTest.audio("talker", seq, false),
                        Instant.ofEpochMilli(T + 500 + seq * 100));
                seq++;
                second.wallClockRuns(Duration.ofSeconds(1));
            }
            assertTrue(second.events.isEmpty(), "closed before the partition's stream time was the idle timeout past"
                    + " the call's last chunk");
            for (int n = 0; n < 2 * config.idleTimeout().toMillis() / 100; n++) {
                second.speech.pipeInput("talker", IdleClosingTopologyTest.audio("talker", seq, false),
                        Instant.ofEpochMilli(T + 500 + seq * 100));
                seq++;
            }
            second.wallClockRuns(config.punctuateEvery());
            List<EmotionEvent> out = second.events.readValuesToList();
            assertEquals(List.of("quiet-u"), out.stream().map(e -> e.getUtteranceId().toString()).toList());
            assertEquals(500, out.get(0).getEndTimeMs().toEpochMilli() - out.get(0).getStartTimeMs().toEpochMilli(),
                    "the whole of what the call sent before the restart");
        }
    }
}
