package de.stimmung.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The idle rule in the real topology on TopologyTestDriver, whose wall clock and record
 * timestamps the test sets: a lagging task (records keep coming, their timestamps far behind the
 * wall clock) closes an open utterance only once the partition's stream time has moved the idle
 * timeout past the call's last chunk; a paused process (one leap of the wall clock) closes
 * nothing; eviction follows the same rule.
 */
class IdleClosingTopologyTest {

    static final FeatureExtractor FX = FeatureExtractor.withDefaults();
    static final long T = 1_800_000_000_000L;
    static EmotionScorer scorer;
    final String registryScope = "idle-test-" + UUID.randomUUID();
    final StreamConfig config = StreamConfig.defaults().withSchemaRegistry("mock://" + registryScope);
    TopologyTestDriver driver;
    TestInputTopic<String, AudioChunk> speech;
    TestOutputTopic<String, EmotionEvent> events;

    @BeforeAll
    static void model() {
        scorer = EmotionScorer.loadBundled(FX.version(), FX.dimension());
    }

    @AfterAll
    static void closeModel() {
        scorer.close();
    }

    @BeforeEach
    void driver() {
        driver = new TopologyTestDriver(EmotionTopology.build(config, FX, scorer), config.streamsProperties("unused:9092"),
                Instant.ofEpochMilli(T + 3_600_000));
        speech = driver.createInputTopic(config.speechTopic(), new StringSerializer(),
                RegistryAvroSerde.of(AudioChunk.class, config.serdeConfig(), false).serializer());
        events = driver.createOutputTopic(config.eventsTopic(), Serdes.String().deserializer(),
                RegistryAvroSerde.of(EmotionEvent.class, config.serdeConfig(), false).deserializer());
    }

    @AfterEach
    void close() {
        driver.close();
        SchemaRegistryClients.dropMockScope(registryScope);
    }

    /** A 100 ms chunk of call {@code call}'s utterance "u", number {@code seq}, stamped T + seq * 100 ms + offset. */
    void chunk(String call, long seq, long offsetMs, boolean endOfUtterance) {
        speech.pipeInput(call, audio(call, seq, endOfUtterance), Instant.ofEpochMilli(T + offsetMs + seq * 100));
    }

    static AudioChunk audio(String call, long seq, boolean endOfUtterance) {
        return Chunks.of(call, Chunks.voiced(150, 0.1, 16000, 0.3), 16000, 1600, AudioEncoding.PCM_S16LE, call + "-u",
                endOfUtterance, seq).get(0);
    }

    @Test
    void aLaggingTaskClosesAnOpenUtteranceOnlyWhenTheStreamTimeHasMovedTheIdleTimeoutPastItsCall() {
        for (int s = 0; s < 5; s++) {
            chunk("quiet", s, 0, false); // its producer stops after 500 ms, mid-utterance
        }
        // the task reads 100 ms of the other call's records per second of wall clock: 10x behind
        long seq = 0;
        for (int second = 0; second < 15; second++) {
            chunk("talker", seq++, 0, false);
            wallClockRuns(Duration.ofSeconds(1));
        }
        assertTrue(events.isEmpty(), "closed while the stream time had moved only "
                + (seq * 100 - 500) + " ms past the call, after 15 s of wall clock");
        while (seq * 100 - 500 < config.idleTimeout().toMillis() + 100) {
            chunk("talker", seq++, 0, false);
        }
        wallClockRuns(config.punctuateEvery());
        List<EmotionEvent> out = events.readValuesToList();
        assertEquals(List.of("quiet-u"), out.stream().map(e -> e.getUtteranceId().toString()).toList());
        assertEquals(500, out.get(0).getEndTimeMs().toEpochMilli() - out.get(0).getStartTimeMs().toEpochMilli(),
                "the whole of what the call sent");
    }

    @Test
    void aPausedProcessClosesNothingWhenItResumesAndTheUtteranceEndsWhole() {
        for (int s = 0; s < 5; s++) {
            chunk("paused", s, 0, false);
        }
        driver.advanceWallClockTime(Duration.ofSeconds(5)); // one leap: the process was stopped
        assertTrue(events.isEmpty(), "closed by the pause");
        for (int s = 5; s < 10; s++) {
            chunk("paused", s, 0, s == 9); // the backlog the producer wrote meanwhile
        }
        List<EmotionEvent> out = events.readValuesToList();
        assertEquals(1, out.size());
        assertEquals(1000, out.get(0).getEndTimeMs().toEpochMilli() - out.get(0).getStartTimeMs().toEpochMilli());
    }

    @Test
    void onceTheTaskHasCaughtUpTheWallClockClosesAndEvictsACallOfAQuietPartition() {
        for (int s = 0; s < 5; s++) {
            chunk("gone", s, 0, false);
        }
        wallClockRuns(config.idleTimeout().minus(config.punctuateEvery()));
        assertTrue(events.isEmpty(), "closed before the idle timeout");
        wallClockRuns(config.punctuateEvery());
        assertEquals(1, events.readValuesToList().size());
        KeyValueStore<String, ?> states = driver.getKeyValueStore(UtteranceAssembler.STATE_STORE);
        assertNotNull(states.get(UtteranceAssembler.stateKey("gone", 0)));
        wallClockRuns(config.evictAfter());
        assertNull(states.get(UtteranceAssembler.stateKey("gone", 0)), "evicted");
        assertTrue(events.isEmpty(), "closed twice");
    }

    @Test
    void aLaggingTaskEvictsNoCallWhoseNextChunkMayStillBeInTheBacklog() {
        chunk("between", 0, 0, true); // one utterance, over; the call goes on later
        long seq = 0;
        long evictS = config.evictAfter().toSeconds();
        for (long second = 0; second < evictS + 60; second++) { // a minute past the eviction time of wall clock
            // the task reads 100 ms of records per second of wall clock
            chunk("talker", seq++, 0, false);
            wallClockRuns(Duration.ofSeconds(1));
        }
        KeyValueStore<String, ?> states = driver.getKeyValueStore(UtteranceAssembler.STATE_STORE);
        assertNotNull(states.get(UtteranceAssembler.stateKey("between", 0)), "evicted although only " + seq / 10
                + " s of its partition's records were read since its last chunk");
        chunk("between", 1, 0, true); // its next utterance: the same call goes on, it is not a new one
        List<EmotionEvent> out = events.readValuesToList().stream().filter(e -> e.getCallId().equals("between")).toList();
        assertEquals(2, out.size());
        assertEquals(100, out.get(1).getStartTimeMs().toEpochMilli() - out.get(0).getStartTimeMs().toEpochMilli(),
                "the second utterance starts after the first one's 100 ms of audio, not at a new call's start");
    }

    @Test
    void aCallStateFromBeforeTheUpgradeIsPlacedOnThePartitionsTimelineAndClosesByIt() {
        // the stores as the version before stream-time idling left a call mid-utterance (restored from the changelogs):
        // five chunks logged, the state written at the last of them, without the call's place on the timeline
        KeyValueStore<String, CallState> states = driver.getKeyValueStore(UtteranceAssembler.STATE_STORE);
        KeyValueStore<String, AudioChunk> log = driver.getKeyValueStore(UtteranceAssembler.LOG_STORE);
        String key = UtteranceAssembler.stateKey("old", 0);
        for (int s = 0; s < 5; s++) {
            log.put(UtteranceAssembler.logKey(key, s), audio("old", s, false));
        }
        states.put(key, CallState.newBuilder().setCallId("old").setChannel(0).setSampleRateHz(16000).setNextSequence(5)
                .setSegmentation("MARKED").setEmittedUtterances(0).setCheckpointSequence(0).setCheckpointUtterances(0)
                .setCheckpointSamples(0).setCheckpointVad(null)
                .setCallStartMs(audio("old", 0, false).getTimestampMs().toEpochMilli()).setLastActivityWallMs(T + 3_600_000)
                .setOpenUtterance(true).setLastChunkStreamTimeMs(IdleClock.UNKNOWN).build());
        long seq = 0;
        for (int second = 0; second < 5; second++) { // lagging: 100 ms of the partition per second of wall clock
            chunk("talker", seq++, 10_000, false);
            wallClockRuns(Duration.ofSeconds(1));
        }
        assertTrue(events.isEmpty(), "closed before the partition's timeline moved on");
        for (int n = 0; n < 25; n++) {
            chunk("talker", seq++, 10_000, false);
        }
        wallClockRuns(config.punctuateEvery());
        List<EmotionEvent> out = events.readValuesToList();
        assertEquals(List.of("old-u"), out.stream().map(e -> e.getUtteranceId().toString()).toList());
        assertEquals(500, out.get(0).getEndTimeMs().toEpochMilli() - out.get(0).getStartTimeMs().toEpochMilli(),
                "the whole of the logged audio");
    }

    void wallClockRuns(Duration d) {
        EmotionTopologyTest.wallClockRuns(driver, config, d);
    }
}
