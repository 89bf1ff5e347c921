package de.stimmung.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.stimmung.avro.AudioChunk;
import de.stimmung.avro.AudioEncoding;
import de.stimmung.avro.EmotionEvent;
import de.stimmung.features.FeatureExtractor;
import de.stimmung.model.CallNormalizer;
import de.stimmung.model.Emotion;
import de.stimmung.model.EmotionScorer;
import de.stimmung.model.ModelContract;
import de.stimmung.model.ModelContractException;
import de.stimmung.registry.RegistryAvroSerde;
import de.stimmung.registry.SchemaRegistryClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-call speaker adaptation in the real topology (TopologyTestDriver, the shipped model and its
 * normaliser): each utterance is scored after remapping by the call's earlier speech utterances,
 * computed here independently with {@link CallNormalizer}.
 */
class CallAdaptationTopologyTest {

    static final FeatureExtractor FX = FeatureExtractor.withDefaults();
    static EmotionScorer scorer;
    static CallNormalizer normalizer;
    final String registryScope = "adaptation-test-" + java.util.UUID.randomUUID();
    TopologyTestDriver driver;

    @BeforeAll
    static void model() {
        scorer = EmotionScorer.loadBundled(FX.version(), FX.dimension());
        normalizer = scorer.callNormalizer().orElseThrow(() -> new AssertionError("the shipped model carries no normaliser"));
    }

    @AfterAll
    static void closeModel() {
        scorer.close();
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
        SchemaRegistryClients.dropMockScope(registryScope);
    }

    private StreamConfig config(CallAdaptation adaptation) {
        return StreamConfig.defaults().withSchemaRegistry("mock://" + registryScope).withCallAdaptation(adaptation);
    }

    private List<EmotionEvent> run(StreamConfig config, List<List<AudioChunk>> calls) {
        driver = new TopologyTestDriver(EmotionTopology.build(config, FX, scorer), config.streamsProperties("unused:9092"));
        TestInputTopic<String, AudioChunk> speech = driver.createInputTopic(config.speechTopic(), new StringSerializer(),
                RegistryAvroSerde.of(AudioChunk.class, config.serdeConfig(), false).serializer());
        TestOutputTopic<String, EmotionEvent> events = driver.createOutputTopic(config.eventsTopic(),
                Serdes.String().deserializer(), RegistryAvroSerde.of(EmotionEvent.class, config.serdeConfig(), false)
                        .deserializer());
        calls.forEach(chunks -> chunks.forEach(c -> speech.pipeInput(c.getCallId(), c)));
        return events.readValuesToList();
    }

    /** Utterance i of a call: voiced audio of its own pitch and loudness (16 kHz). */
    private static float[] utterance(int i) {
        return Chunks.voiced(120 + 35 * i, 0.8 + 0.1 * i, 16000, 0.15 + 0.05 * i);
    }

    private static List<AudioChunk> call(String id, float[][] utterances, boolean endOfCall) {
        List<AudioChunk> out = new ArrayList<>();
        int seq = 0;
        for (int u = 0; u < utterances.length; u++) {
            List<AudioChunk> part = Chunks.of(id, utterances[u], 16000, 1600, AudioEncoding.PCM_S16LE, "u" + u, true, seq);
            seq += part.size();
            out.addAll(part);
        }
        if (endOfCall) {
            out.set(out.size() - 1, Chunks.with(out.get(out.size() - 1), b -> b.setEndOfCall(true)));
        }
        return out;
    }

    /** What the service should say for each utterance of one call, computed without the stream. */
    private static List<float[]> expected(float[][] utterances, boolean[] speech) {
        CallNormalizer.State history = normalizer.start();
        List<float[]> out = new ArrayList<>();
        for (int u = 0; u < utterances.length; u++) {
            float[] f = FX.extract(EmotionTopologyTest.roundTrip(utterances[u], AudioEncoding.PCM_S16LE), 16000);
            if (!speech[u]) {
                out.add(null);
                continue;
            }
            out.add(scorer.score(normalizer.apply(history, f)));
            normalizer.update(history, f);
        }
        return out;
    }

    private static void assertProbabilities(float[] p, EmotionEvent e, double tolerance) {
        for (Emotion em : Emotion.values()) {
            assertEquals(p[em.ordinal()], e.getProbabilities().get(em.label()), tolerance, e.getUtteranceId() + " " + em);
        }
    }

    private static double maxDifference(float[] a, EmotionEvent e) {
        double max = 0;
        for (Emotion em : Emotion.values()) {
            max = Math.max(max, Math.abs(a[em.ordinal()] - e.getProbabilities().get(em.label())));
        }
        return max;
    }

    @Test
    void eachUtteranceIsScoredAfterTheCallsEarlierSpeechAndNoSpeechDoesNotCount() {
        float[] silence = new float[16000];
        float[][] utterances = {utterance(0), utterance(1), silence, utterance(2), utterance(3)};
        boolean[] speech = {true, true, false, true, true};
        List<EmotionEvent> out = run(config(CallAdaptation.ON), List.of(call("a", utterances, false)));
        assertEquals(5, out.size());
        List<float[]> expected = expected(utterances, speech);
        for (int u = 0; u < utterances.length; u++) {
            EmotionEvent e = out.get(u);
            assertEquals("u" + u, e.getUtteranceId());
            assertEquals(speech[u], e.getSpeech(), "speech of u" + u);
            if (speech[u]) {
                assertProbabilities(expected.get(u), e, 1e-4);
            } else {
                assertNull(e.getEmotion());
            }
        }
        // the first utterance is scored as classify scores it; later ones really are remapped
        float[] alone = scorer.score(FX.extract(EmotionTopologyTest.roundTrip(utterances[0], AudioEncoding.PCM_S16LE), 16000));
        assertProbabilities(alone, out.get(0), 1e-6);
        float[] fourthAlone = scorer.score(FX.extract(EmotionTopologyTest.roundTrip(utterances[4], AudioEncoding.PCM_S16LE),
                16000));
        assertTrue(maxDifference(fourthAlone, out.get(4)) > 1e-3, "the fourth speech utterance was not adapted");
    }

    @Test
    void callsAndChannelsKeepTheirOwnHistoryAndAnEndedCallStartsAfresh() {
        float[][] first = {utterance(3), utterance(0)};
        float[][] second = {utterance(1), utterance(0)};
        List<EmotionEvent> out = run(config(CallAdaptation.ON),
                List.of(call("x", first, true), call("y", second, false), call("x", second, false)));
        assertEquals(6, out.size());
        List<float[]> x = expected(first, new boolean[] {true, true});
        List<float[]> y = expected(second, new boolean[] {true, true});
        assertProbabilities(x.get(1), out.get(1), 1e-4);
        assertProbabilities(y.get(0), out.get(2), 1e-4);
        assertProbabilities(y.get(1), out.get(3), 1e-4);
        // call x ended (end of call): the same id again has no history
        assertProbabilities(y.get(0), out.get(4), 1e-4);
        assertProbabilities(y.get(1), out.get(5), 1e-4);
    }

    @Test
    void offAndTheShippedModelsAutoScoreEveryUtteranceOnItsOwn() {
        float[][] utterances = {utterance(0), utterance(1), utterance(2)};
        assertFalse(scorer.callNormalizerRecommended(), "the study did not recommend adaptation for the shipped model");
        for (CallAdaptation a : new CallAdaptation[] {CallAdaptation.OFF, CallAdaptation.AUTO}) {
            List<EmotionEvent> out = run(config(a), List.of(call("c-" + a, utterances, false)));
            assertEquals(3, out.size());
            for (int u = 0; u < 3; u++) {
                float[] alone = scorer.score(FX.extract(EmotionTopologyTest.roundTrip(utterances[u], AudioEncoding.PCM_S16LE),
                        16000));
                assertProbabilities(alone, out.get(u), 1e-6);
            }
            driver.close();
            driver = null;
        }
    }

    @Test
    void onWithAModelThatCarriesNoNormaliserIsRefusedWithTheWayOut(@TempDir Path dir) throws Exception {
        Path stripped = dir.resolve("plain.onnx");
        Files.write(stripped, withoutNormalizer());
        try (EmotionScorer plain = EmotionScorer.load(stripped, FX.version(), FX.dimension())) {
            assertTrue(plain.callNormalizer().isEmpty());
            assertNull(CallAdaptation.AUTO.resolve(plain));
            ModelContractException e = assertThrows(ModelContractException.class,
                    () -> EmotionTopology.build(config(CallAdaptation.ON), FX, plain));
            assertTrue(e.getMessage().contains("--call-adaptation off"), e.getMessage());
        }
    }

    /** The shipped model's bytes with the normaliser's metadata keys renamed (same length, same graph). */
    private static byte[] withoutNormalizer() throws Exception {
        byte[] model;
        try (var in = EmotionScorer.class.getResourceAsStream(ModelContract.BUNDLED_MODEL_RESOURCE)) {
            model = in.readAllBytes();
        }
        byte[] key = ModelContract.CALL_NORMALIZER.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] renamed = "xall_normalizer".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(key.length, renamed.length);
        int found = 0;
        // rename every key starting so (the normaliser and its default) inside its protobuf string
        for (int at = indexOf(model, key, 0); at >= 0; at = indexOf(model, key, at + 1)) {
            System.arraycopy(renamed, 0, model, at, renamed.length);
            found++;
        }
        assertEquals(2, found, "the shipped model carries the normaliser and its default");
        return model;
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

}
