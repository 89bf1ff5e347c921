package de.stimmung.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.stimmung.audio.SampleCodec;
import de.stimmung.avro.AudioChunk;
import de.stimmung.registry.RegistryAvroSerde;
import de.stimmung.registry.SchemaRegistryClients;
import de.stimmung.registry.WireFormat;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import de.stimmung.avro.AudioEncoding;
import de.stimmung.avro.DeadLetter;
import de.stimmung.avro.EmotionEvent;
import de.stimmung.features.FeatureExtractor;
import de.stimmung.model.Emotion;
import de.stimmung.model.EmotionScorer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real topology on TopologyTestDriver with the real extractor and the shipped model. */
class EmotionTopologyTest {

    static final FeatureExtractor FX = FeatureExtractor.withDefaults();
    static EmotionScorer scorer;
    /** A registry of this test's own (Confluent's mock:// convention; the integration tests use a real one). */
    final String registryScope = "topology-test-" + java.util.UUID.randomUUID();
    final StreamConfig config = StreamConfig.defaults().withSchemaRegistry("mock://" + registryScope);
    final java.util.Map<String, Object> serdeConfig = config.serdeConfig();
    TopologyTestDriver driver;
    TestInputTopic<String, AudioChunk> speech;
    TestInputTopic<String, byte[]> rawSpeech;
    TestOutputTopic<String, EmotionEvent> events;
    TestOutputTopic<byte[], DeadLetter> dlq;

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
        Properties p = config.streamsProperties("unused:9092");
        driver = new TopologyTestDriver(EmotionTopology.build(config, FX, scorer), p);
        speech = driver.createInputTopic(config.speechTopic(), new StringSerializer(),
                RegistryAvroSerde.of(AudioChunk.class, serdeConfig, false).serializer());
        rawSpeech = driver.createInputTopic(config.speechTopic(), new StringSerializer(), new ByteArraySerializer());
        events = driver.createOutputTopic(config.eventsTopic(), Serdes.String().deserializer(),
                RegistryAvroSerde.of(EmotionEvent.class, serdeConfig, false).deserializer());
        dlq = driver.createOutputTopic(config.deadLetterTopic(), Serdes.ByteArray().deserializer(),
                RegistryAvroSerde.of(DeadLetter.class, serdeConfig, false).deserializer());
    }

    @AfterEach
    void close() {
        driver.close();
        SchemaRegistryClients.dropMockScope(registryScope);
    }

    void send(List<AudioChunk> chunks) {
        chunks.forEach(c -> speech.pipeInput(c.getCallId(), c));
    }

    static float[] offline(float[] audio, int rate) {
        return scorer.score(FX.extract(audio, rate));
    }

    /**
     * Lets the wall clock run for {@code d} in punctuation-sized steps, as it does in a running
     * service (one leap would look like a paused process, which closes nothing: {@link IdleClock}).
     */
    void wallClockRuns(Duration d) {
        wallClockRuns(driver, config, d);
    }

    static void wallClockRuns(TopologyTestDriver driver, StreamConfig config, Duration d) {
        Duration step = config.punctuateEvery();
        for (Duration left = d; !left.isNegative() && !left.isZero(); left = left.minus(step)) {
            driver.advanceWallClockTime(left.compareTo(step) < 0 ? left : step);
        }
    }

    double metric(String name) {
        return driver.metrics().entrySet().stream().filter(e -> e.getKey().name().equals(name + "-total"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }

    @Test
    void aMarkedUtteranceYieldsOneEventWhoseProbabilitiesEqualOfflineScoring() {
        float[] audio = Chunks.voiced(140, 1.2, 16000, 0.3);
        send(Chunks.of("call-1", audio, 16000, 1600, AudioEncoding.PCM_S16LE, "u1", true, 0));
        List<EmotionEvent> out = events.readValuesToList();
        assertEquals(1, out.size());
        EmotionEvent e = out.get(0);
        // the same audio as the service saw it: 16-bit PCM
        float[] decoded = roundTrip(audio, AudioEncoding.PCM_S16LE);
        float[] p = offline(decoded, 16000);
        for (Emotion em : Emotion.values()) {
            assertEquals(p[em.ordinal()], e.getProbabilities().get(em.label()), 1e-6, em.label());
        }
        assertEquals("call-1", e.getCallId());
        assertEquals("u1", e.getUtteranceId());
        assertEquals(Chunks.T0, e.getStartTimeMs().toEpochMilli());
        assertEquals(Chunks.T0 + 1200, e.getEndTimeMs().toEpochMilli());
        assertEquals(Emotion.values()[EmotionScorer.argMax(p)].label(), e.getEmotion());
        assertEquals(scorer.info().version(), e.getModelVersion());
        assertEquals(scorer.scoreDetailed(FX.extract(decoded, 16000)).network(), e.getScoredBy(),
                "the network classify names");
        assertEquals(FX.version(), e.getFeatureSpecVersion());
        assertTrue(e.getProcessingTimeMs() >= 0);
    }

    @Test
    void chunkSizeAndEncodingDoNotChangeTheResultBeyondTheCodec() {
        float[] audio = Chunks.voiced(180, 1.0, 8000, 0.3);
        for (AudioEncoding enc : AudioEncoding.values()) {
            for (int chunk : new int[] {1, 80, 800, 8000}) {
                String call = enc + "-" + chunk;
                send(Chunks.of(call, audio, 8000, chunk, enc, "u", true, 0));
                List<EmotionEvent> out = events.readValuesToList();
                assertEquals(1, out.size(), call);
                float[] p = offline(roundTrip(audio, enc), 8000);
                for (Emotion em : Emotion.values()) {
                    assertEquals(p[em.ordinal()], out.get(0).getProbabilities().get(em.label()), 1e-6, call + " " + em);
                }
                if (scorer.perChannel()) {
                    // nothing above 4 kHz at 8 kHz: a per-channel model scores it with its telephone network
                    assertEquals("telephone", out.get(0).getScoredBy(), call);
                }
            }
        }
    }

    @Test
    void aNewUtteranceIdClosesThePreviousUtteranceAndEventsComeInOrder() {
        float[] a = Chunks.voiced(120, 0.8, 16000, 0.3);
        float[] b = Chunks.voiced(220, 0.6, 16000, 0.2);
        send(Chunks.of("c", a, 16000, 1600, AudioEncoding.PCM_S16LE, "first", false, 0));
        send(Chunks.of("c", b, 16000, 1600, AudioEncoding.PCM_S16LE, "second", true, 8));
        List<EmotionEvent> out = events.readValuesToList();
        assertEquals(List.of("first", "second"), out.stream().map(EmotionEvent::getUtteranceId).toList());
        assertEquals(Chunks.T0 + 800, out.get(1).getStartTimeMs().toEpochMilli());
    }

    @Test
    void duplicateChunksAreIgnoredAndCounted() {
        float[] audio = Chunks.voiced(150, 1.0, 16000, 0.3);
        List<AudioChunk> chunks = Chunks.of("d", audio, 16000, 1600, AudioEncoding.PCM_S16LE, "u", true, 0);
        for (int i = 0; i < chunks.size(); i++) {
            speech.pipeInput("d", chunks.get(i));
            if (i == 3) {
                speech.pipeInput("d", chunks.get(i));
                speech.pipeInput("d", chunks.get(1));
            }
        }
        List<EmotionEvent> out = events.readValuesToList();
        assertEquals(1, out.size());
        float[] p = offline(roundTrip(audio, AudioEncoding.PCM_S16LE), 16000);
        assertEquals(p[0], out.get(0).getProbabilities().get("anger"), 1e-6, "duplicates must not reach the features");
        assertEquals(2.0, metric("duplicate-chunks"));
    }

    @Test
    void aGapIsSkippedCountedAndTheUtteranceStillClosesOnce() {
        float[] audio = Chunks.voiced(150, 1.0, 16000, 0.3);
        List<AudioChunk> chunks = Chunks.of("g", audio, 16000, 1600, AudioEncoding.PCM_S16LE, "u", true, 0);
        for (int i = 0; i < chunks.size(); i++) {
            if (i != 4) {
                speech.pipeInput("g", chunks.get(i));
            }
        }
        speech.pipeInput("g", chunks.get(4));
        assertEquals(1, events.readValuesToList().size());
        assertEquals(1.0, metric("gaps"));
        assertEquals(1.0, metric("late-chunks"));
    }

    @Test
    void anOpenUtteranceIsClosedByTheWallClockAfterTheIdleTimeout() {
        send(Chunks.of("idle", Chunks.voiced(150, 0.7, 16000, 0.3), 16000, 1600, AudioEncoding.PCM_S16LE, "u", false, 0));
        assertTrue(events.isEmpty());
        wallClockRuns(Duration.ofMillis(1500));
        assertTrue(events.isEmpty(), "closed before the idle timeout");
        wallClockRuns(Duration.ofMillis(1000));
        assertEquals(1, events.readValuesToList().size());
        wallClockRuns(Duration.ofSeconds(5));
        assertTrue(events.isEmpty(), "closed twice");
    }

    @Test
    void endOfCallClosesTheOpenUtteranceAndForgetsTheCall() {
        List<AudioChunk> chunks = Chunks.of("e", Chunks.voiced(150, 0.7, 16000, 0.3), 16000, 1600,
                AudioEncoding.PCM_S16LE, "u", false, 0);
        AudioChunk last = Chunks.with(chunks.get(chunks.size() - 1), b -> b.setEndOfCall(true));
        chunks.subList(0, chunks.size() - 1).forEach(c -> speech.pipeInput("e", c));
        speech.pipeInput("e", last);
        assertEquals(1, events.readValuesToList().size());
        org.apache.kafka.streams.state.KeyValueStore<String, ?> store = driver.getKeyValueStore(UtteranceAssembler.STATE_STORE);
        assertEquals(null, store.get(UtteranceAssembler.stateKey("e", 0)));
        org.apache.kafka.streams.state.KeyValueStore<String, ?> log = driver.getKeyValueStore(UtteranceAssembler.LOG_STORE);
        assertEquals(0L, log.approximateNumEntries());
    }

    @Test
    void theChunkLogIsTruncatedWheneverNoUtteranceIsOpen() {
        send(Chunks.of("t", Chunks.voiced(150, 0.7, 16000, 0.3), 16000, 1600, AudioEncoding.PCM_S16LE, "u", true, 0));
        org.apache.kafka.streams.state.KeyValueStore<String, ?> log = driver.getKeyValueStore(UtteranceAssembler.LOG_STORE);
        int entries = 0;
        try (var it = log.all()) {
            while (it.hasNext()) {
                it.next();
                entries++;
            }
        }
        assertEquals(0, entries);
    }

    @Test
    void badInputGoesToTheDeadLetterTopicWithItsReasonAndTheCallGoesOn() {
        AudioChunk good = Chunks.of("bad", Chunks.voiced(150, 0.2, 16000, 0.3), 16000, 1600, AudioEncoding.PCM_S16LE,
                "u", false, 0).get(0);
        rawSpeech.pipeInput("bad", new byte[] {1, 2, 3});
        speech.pipeInput("bad", Chunks.with(good, b -> b.setAudio(ByteBuffer.allocate(0))));
        speech.pipeInput("bad", Chunks.with(good, b -> b.setAudio(ByteBuffer.allocate(3))));
        speech.pipeInput("bad", Chunks.with(good, b -> b.setSampleRateHz(1000)));
        speech.pipeInput("bad", Chunks.with(good, b -> b.setAudio(ByteBuffer.allocate(config.maxChunkBytes() + 2))));
        float[] nan = {0.1f, Float.NaN};
        speech.pipeInput("bad", Chunks.with(good, b -> b.setEncoding(AudioEncoding.FLOAT32LE)
                .setAudio(ByteBuffer.wrap(WireEncoding.codecFor(AudioEncoding.FLOAT32LE).encode(nan, 0, 2)))));
        speech.pipeInput(null, good);
        speech.pipeInput("bad", good);
        speech.pipeInput("bad", Chunks.with(good, b -> b.setSequenceNumber(1).setSampleRateHz(8000)));
        speech.pipeInput("bad", Chunks.with(good, b -> b.setSequenceNumber(1).setEndOfUtterance(true)));
        List<DeadLetter> letters = dlq.readValuesToList();
        assertEquals(List.of("TRUNCATED_RECORD", "EMPTY_CHUNK", "PARTIAL_SAMPLE", "UNSUPPORTED_SAMPLE_RATE",
                "OVERSIZED_CHUNK", "INVALID_SAMPLES", "MISSING_KEY_OR_VALUE", "SAMPLE_RATE_CHANGED"),
                letters.stream().map(DeadLetter::getErrorKind).toList());
        assertEquals(ByteBuffer.wrap(new byte[] {1, 2, 3}), letters.get(0).getOriginalValue());
        assertEquals(config.speechTopic(), letters.get(0).getTopic());
        assertTrue(letters.get(3).getErrorMessage().contains("1000 Hz"), letters.get(3).getErrorMessage());
        assertTrue(letters.get(7).getErrorMessage().contains("16000 Hz"), letters.get(7).getErrorMessage());
        assertEquals(1, events.readValuesToList().size(), "the good chunks of the call still make their utterance");
        assertEquals(7.0, metric("rejected-chunks"));
        assertTrue(metric("dropped-records") >= 1.0, "undecodable records count in Kafka Streams' dropped-records");
    }

    @Test
    void recordsNotInTheRegistryWireFormatAreDeadLetteredWithAPreciseReason() {
        AudioChunk good = Chunks.of("wire", Chunks.voiced(150, 0.5, 16000, 0.3), 16000, 8000, AudioEncoding.PCM_S16LE,
                "u", false, 0).get(0);
        var serde = RegistryAvroSerde.of(AudioChunk.class, serdeConfig, false);
        byte[] framed = serde.serialize(config.speechTopic(), good);
        int id = WireFormat.schemaId(framed, config.speechTopic());
        byte[] plainAvro = AvroSerde.of(AudioChunk.class).encode(good);
        byte[] unknownId = framed.clone();
        WireFormat.writeHeader(unknownId, id + 1000);
        byte[] garbageBody = new byte[framed.length];
        WireFormat.writeHeader(garbageBody, id);
        java.util.Arrays.fill(garbageBody, WireFormat.HEADER_BYTES, garbageBody.length, (byte) 0xff);
        Schema incompatible = SchemaBuilder.record("AudioChunk").namespace("de.stimmung.avro").fields()
                .requiredLong("callId").endRecord();
        int incompatibleId = SchemaRegistryClients.mockScope(registryScope).register("someone-else", incompatible);
        byte[] incompatibleFrame = new byte[] {0, 0, 0, 0, 0, 2};
        WireFormat.writeHeader(incompatibleFrame, incompatibleId);

        rawSpeech.pipeInput("wire", plainAvro);
        rawSpeech.pipeInput("wire", unknownId);
        rawSpeech.pipeInput("wire", java.util.Arrays.copyOf(framed, framed.length - 100));
        rawSpeech.pipeInput("wire", garbageBody);
        rawSpeech.pipeInput("wire", incompatibleFrame);
        rawSpeech.pipeInput("wire", framed);
        speech.pipeInput("wire", Chunks.with(good, b -> b.setSequenceNumber(1).setEndOfUtterance(true)));

        List<DeadLetter> letters = dlq.readValuesToList();
        assertEquals(List.of("WRONG_MAGIC_BYTE", "UNKNOWN_SCHEMA_ID", "TRUNCATED_RECORD", "DESERIALIZATION",
                "INCOMPATIBLE_SCHEMA"), letters.stream().map(DeadLetter::getErrorKind).toList());
        assertEquals(ByteBuffer.wrap(plainAvro), letters.get(0).getOriginalValue(), "original bytes kept for replay");
        assertTrue(letters.get(1).getErrorMessage().contains("schema id " + (id + 1000)), letters.get(1).getErrorMessage());
        assertTrue(letters.get(4).getErrorMessage().contains("callId"), letters.get(4).getErrorMessage());
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), letters.stream().map(DeadLetter::getOffset).toList());
        assertEquals(1, events.readValuesToList().size(), "the well-framed chunks make their utterance");
    }

    @Test
    void theTopicsCarryTheWireFormatWithTheRegisteredSchemaIds() {
        send(Chunks.of("ids", Chunks.voiced(150, 0.5, 16000, 0.3), 16000, 1600, AudioEncoding.PCM_S16LE, "u", true, 0));
        rawSpeech.pipeInput("ids", new byte[] {7});
        var registry = SchemaRegistryClients.mockScope(registryScope);
        var rawEvents = driver.createOutputTopic(config.eventsTopic(), Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
        var rawDlq = driver.createOutputTopic(config.deadLetterTopic(), Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());

        byte[] event = rawEvents.readValue();
        byte[] letter = rawDlq.readValue();

        assertEquals(registry.idOf(config.eventsTopic() + "-value", EmotionEvent.SCHEMA$),
                WireFormat.schemaId(event, config.eventsTopic()));
        assertEquals(registry.idOf(config.deadLetterTopic() + "-value", DeadLetter.SCHEMA$),
                WireFormat.schemaId(letter, config.deadLetterTopic()));
    }

    @Test
    void aTopologyWithoutASchemaRegistryIsRefusedWithTheKeyToSet() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> EmotionTopology.build(StreamConfig.defaults(), FX, scorer));
        assertTrue(e.getMessage().contains("schema.registry.url") && e.getMessage().contains("--schema-registry-url"),
                e.getMessage());
    }

    @Test
    void anUnmarkedCallIsCutAtPausesIntoOneEventPerUtteranceInOrder() {
        double[] bursts = {0.7, 1.1, 0.6, 0.9};
        float[] call = VadSegmentationTest.call(bursts, 1.0, -50, 0, 21);
        List<AudioChunk> chunks = Chunks.of("cont", call, 16000, 1600, AudioEncoding.PCM_S16LE, null, false, 0);
        send(chunks);
        List<EmotionEvent> out = events.readValuesToList();
        assertEquals(List.of("cont/0/0", "cont/0/1", "cont/0/2", "cont/0/3"),
                out.stream().map(EmotionEvent::getUtteranceId).toList());
        long start = Chunks.T0 + 1000;
        for (int i = 0; i < bursts.length; i++) {
            EmotionEvent e = out.get(i);
            assertEquals(start, e.getStartTimeMs().toEpochMilli(), 50, "start of utterance " + i);
            assertEquals(bursts[i] * 1000, e.getEndTimeMs().toEpochMilli() - e.getStartTimeMs().toEpochMilli(), 60,
                    "length of utterance " + i);
            start += (long) (bursts[i] * 1000) + 1000;
        }
    }

    @Test
    void anUnmarkedCallThatStopsMidSpeechIsClosedByTheIdleTimeout() {
        float[] call = VadSegmentationTest.call(new double[] {0.8, 0.9}, 0.6, -200, 0, 5);
        float[] cut = java.util.Arrays.copyOf(call, call.length - 16000 * 6 / 10);
        send(Chunks.of("open", cut, 16000, 1600, AudioEncoding.MULAW, null, false, 0));
        assertEquals(1, events.readValuesToList().size());
        wallClockRuns(Duration.ofSeconds(3));
        List<EmotionEvent> out = events.readValuesToList();
        assertEquals(1, out.size());
        assertEquals("open/0/1", out.get(0).getUtteranceId());
    }

    @Test
    void markedUtterancesOfSilenceAndAToneGiveNoSpeechEventsWithoutEmotionAndSpeechStillGetsOne() {
        int rate = 8000;
        float[] tone = new float[rate];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (float) (0.3 * Math.sin(2 * Math.PI * 425 * i / rate));
        }
        send(Chunks.of("line", new float[rate], rate, 800, AudioEncoding.MULAW, "quiet", true, 0));
        send(Chunks.of("line", tone, rate, 800, AudioEncoding.MULAW, "tone", true, 10));
        send(Chunks.of("line", Chunks.voiced(150, 1.2, rate, 0.3), rate, 800, AudioEncoding.MULAW, "talk", true, 20));
        List<EmotionEvent> out = events.readValuesToList();
        assertEquals(List.of("quiet", "tone", "talk"), out.stream().map(EmotionEvent::getUtteranceId).toList());
        for (EmotionEvent e : out.subList(0, 2)) {
            assertEquals(false, e.getSpeech(), e.toString());
            assertNull(e.getEmotion(), e.toString());
            assertNull(e.getConfidence(), e.toString());
            assertNull(e.getProbabilities(), e.toString());
            assertEquals(1000, e.getEndTimeMs().toEpochMilli() - e.getStartTimeMs().toEpochMilli(), e.toString());
            assertEquals(FX.version(), e.getFeatureSpecVersion());
        }
        EmotionEvent talk = out.get(2);
        assertTrue(talk.getSpeech(), talk.toString());
        float[] p = offline(roundTrip(Chunks.voiced(150, 1.2, rate, 0.3), AudioEncoding.MULAW), rate);
        assertEquals(Emotion.values()[EmotionScorer.argMax(p)].label(), talk.getEmotion());
        assertEquals(p[EmotionScorer.argMax(p)], talk.getConfidence(), 1e-6);
        assertEquals(2.0, metric("no-speech-utterances"));
        assertEquals(3.0, metric("utterances"));
    }

    @Test
    void anUnmarkedCallGivesANoSpeechEventForAToneTheDetectorCutOutAndEmotionsForTheSpeech() {
        int rate = 16000;
        float[] call = VadSegmentationTest.call(new double[] {0.9, 0.9, 0.9}, 1.0, -60, 0, 8);
        // the middle burst becomes a steady 425 Hz tone of the same length: loud enough for the energy VAD
        int from = (int) (2.9 * rate);
        for (int i = 0; i < (int) (0.9 * rate); i++) {
            call[from + i] = (float) (0.2 * Math.sin(2 * Math.PI * 425 * i / rate));
        }
        send(Chunks.of("mixed", call, rate, 1600, AudioEncoding.PCM_S16LE, null, false, 0));
        List<EmotionEvent> out = events.readValuesToList();
        assertEquals(List.of("mixed/0/0", "mixed/0/1", "mixed/0/2"), out.stream().map(EmotionEvent::getUtteranceId).toList());
        assertEquals(List.of(true, false, true), out.stream().map(EmotionEvent::getSpeech).toList());
        assertNull(out.get(1).getEmotion());
        assertTrue(out.get(0).getEmotion() != null && out.get(2).getEmotion() != null, out.toString());
    }

    static float[] roundTrip(float[] audio, AudioEncoding enc) {
        SampleCodec c = WireEncoding.codecFor(enc);
        byte[] b = c.encode(audio, 0, audio.length);
        float[] out = new float[audio.length];
        c.decode(b, 0, b.length, out, 0);
        return out;
    }
}
