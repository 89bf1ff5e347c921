package de.stimmung.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.stimmung.avro.AudioChunk;
import de.stimmung.avro.AudioEncoding;
import de.stimmung.avro.DeadLetter;
import de.stimmung.avro.EmotionEvent;
import de.stimmung.model.EmotionScorer;
import de.stimmung.registry.RegistryAvroSerde;
import de.stimmung.registry.SchemaRegistryClients;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A negative sequence number used to be clamped to 0 in the chunk log, so chunks -n..0 shared one
 * log entry and a replay after a restart lost audio; now such a chunk is a dead letter of its own kind.
 */
class NegativeSequenceNumberTest {

    private static EmotionScorer scorer;

    @BeforeAll
    static void model() {
        scorer = EmotionScorer.loadBundled(EmotionTopologyTest.FX.version(), EmotionTopologyTest.FX.dimension());
    }

    @AfterAll
    static void closeModel() {
        scorer.close();
    }

    @Test
    void negativeSequenceNumberIsADeadLetterOfItsOwnKindAndTheCallGoesOnUntouched() {
        String scope = "negative-seq-" + java.util.UUID.randomUUID();
        StreamConfig config = StreamConfig.defaults().withSchemaRegistry("mock://" + scope);
        var serdeConfig = config.serdeConfig();
        try (TopologyTestDriver driver = new TopologyTestDriver(
                EmotionTopology.build(config, EmotionTopologyTest.FX, scorer),
                config.streamsProperties("unused:9092"))) {
            TestInputTopic<String, AudioChunk> speech = driver.createInputTopic(config.speechTopic(),
                    new StringSerializer(), RegistryAvroSerde.of(AudioChunk.class, serdeConfig, false).serializer());
            TestOutputTopic<String, EmotionEvent> events = driver.createOutputTopic(config.eventsTopic(),
                    Serdes.String().deserializer(), RegistryAvroSerde.of(EmotionEvent.class, serdeConfig, false)
                            .deserializer());
            TestOutputTopic<byte[], DeadLetter> dlq = driver.createOutputTopic(config.deadLetterTopic(),
                    Serdes.ByteArray().deserializer(), RegistryAvroSerde.of(DeadLetter.class, serdeConfig, false)
                            .deserializer());
            float[] audio = Chunks.voiced(150, 1.0, 16000, 0.3);
            List<AudioChunk> chunks = Chunks.of("neg", audio, 16000, 1600, AudioEncoding.PCM_S16LE, "u", true, 0);
            AudioChunk first = chunks.get(0);

            speech.pipeInput("neg", Chunks.with(first, b -> b.setSequenceNumber(-2)));
            speech.pipeInput("neg", Chunks.with(first, b -> b.setSequenceNumber(-1)));
            chunks.forEach(c -> speech.pipeInput("neg", c));

            List<DeadLetter> letters = dlq.readValuesToList();
            assertEquals(List.of("NEGATIVE_SEQUENCE_NUMBER", "NEGATIVE_SEQUENCE_NUMBER"),
                    letters.stream().map(DeadLetter::getErrorKind).toList());
            assertTrue(letters.get(0).getErrorMessage().contains("sequence number -2"), letters.get(0).getErrorMessage());
            List<EmotionEvent> out = events.readValuesToList();
            assertEquals(1, out.size());
            float[] p = scorer.score(EmotionTopologyTest.FX.extract(
                    EmotionTopologyTest.roundTrip(audio, AudioEncoding.PCM_S16LE), 16000));
            assertEquals(p[0], out.get(0).getProbabilities().get("anger"), 1e-6,
                    "the rejected chunks must not reach the features");
        } finally {
            SchemaRegistryClients.dropMockScope(scope);
        }
    }

    @Test
    void chunkLogKeysOfNegativeNumbersAreRefusedInsteadOfClampedOntoChunkZero() {
        assertTrue(UtteranceAssembler.logKey("k", 0).compareTo(UtteranceAssembler.logKey("k", 1)) < 0);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> UtteranceAssembler.logKey("k", -1));
    }

    @Test
    void chunkLogKeysAreTheZeroPaddedFormThatStoresWrittenBeforeHold() {
        // restored stores keep their keys: the key must stay String.format("%019d")'s, only cheaper to build
        for (long seq : new long[] {0, 7, 10, 123_456_789, 999_999_999_999L, Long.MAX_VALUE}) {
            assertEquals("call\u00000\u0000" + String.format(java.util.Locale.ROOT, "%019d", seq),
                    UtteranceAssembler.logKey("call\u00000", seq));
        }
    }
}
