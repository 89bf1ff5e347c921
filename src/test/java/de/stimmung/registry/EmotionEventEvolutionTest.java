package de.stimmung.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.stimmung.avro.EmotionEvent;
import de.stimmung.embedded.SharedRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.Test;

/**
 * EmotionEvent as it is now (version 3: {@code scoredBy}) against the versions shipped before it
 * (kept in the test resources), on the real registry (Apicurio, BACKWARD) the test run shares.
 * Version 2 ({@code speech}, nullable {@code emotion}, {@code confidence}, {@code probabilities})
 * against version 1: the registry accepts the new schema after version 1, a new reader reads
 * version-1 events, and, beyond what BACKWARD promises, a version-1 reader reads speech events but
 * not no-speech events, which is why the registry refuses version 1 after the new schema. Version 3
 * against version 2: accepted both ways round, each reads the other's events ({@code scoredBy}
 * null in old events, ignored by old readers).
 */
class EmotionEventEvolutionTest {

    private static final Map<String, Double> PROBABILITIES = probabilities();

    private final Map<String, String> config = Map.of(RegistrySettings.URL, SharedRegistry.url());
    private final CachedSchemaRegistryClient client = CachedSchemaRegistryClient.fromConfig(config);
    private final String topic = "emotion-events-evolution-" + UUID.randomUUID();

    static Schema version1() {
        return shipped("/schemas/EmotionEvent-v1.avsc");
    }

    static Schema version2() {
        return shipped("/schemas/EmotionEvent-v2.avsc");
    }

    private static Schema shipped(String resource) {
        try (InputStream in = EmotionEventEvolutionTest.class.getResourceAsStream(resource)) {
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Double> probabilities() {
        Map<String, Double> p = new LinkedHashMap<>();
        double[] values = {0.05, 0.05, 0.05, 0.05, 0.6, 0.1, 0.1};
        String[] labels = {"anger", "boredom", "disgust", "fear", "happiness", "sadness", "neutral"};
        for (int i = 0; i < labels.length; i++) {
            p.put(labels[i], values[i]);
        }
        return p;
    }

    private static EmotionEvent.Builder event(String utteranceId) {
        return EmotionEvent.newBuilder().setCallId("anruf-ß").setChannel(0).setUtteranceId(utteranceId)
                .setStartTimeMs(Instant.ofEpochMilli(1_700_000_000_000L)).setEndTimeMs(Instant.ofEpochMilli(1_700_000_002_000L))
                .setModelVersion("model-1").setFeatureSpecVersion("0123456789abcdef").setProcessingTimeMs(3.5);
    }

    private static EmotionEvent speechEvent() {
        return event("u1").setSpeech(true).setEmotion("happiness").setConfidence(0.6).setProbabilities(PROBABILITIES).build();
    }

    private static EmotionEvent noSpeechEvent() {
        return event("u2").setSpeech(false).setEmotion(null).setConfidence(null).setProbabilities(null).build();
    }

    /** How a consumer still built on version 1 reads a frame: the writer's schema by id, resolved against version 1. */
    private GenericRecord readAsVersion1(byte[] frame) throws IOException {
        return readAs(version1(), frame);
    }

    private GenericRecord readAs(Schema reader, byte[] frame) throws IOException {
        Schema writer = client.getById(WireFormat.schemaId(frame, topic));
        return new GenericDatumReader<GenericRecord>(writer, reader).read(null, DecoderFactory.get()
                .binaryDecoder(frame, WireFormat.HEADER_BYTES, frame.length - WireFormat.HEADER_BYTES, null));
    }

    @Test
    void version3AddsScoredByWhichVersion2ReadersIgnoreAndVersion3ReadersDefaultToNull() throws IOException {
        String subject = topic + "-value";
        int v2 = client.register(subject, version2());
        var serde = RegistryAvroSerde.of(EmotionEvent.class, client, Map.of(), false);
        EmotionEvent scored = EmotionEvent.newBuilder(speechEvent()).setScoredBy("telephone").build();
        byte[] frame = serde.serialize(topic, scored);
        assertEquals(2, client.latest(subject).version(), "the registry accepted version 3 after version 2");

        GenericRecord old = readAs(version2(), frame);
        assertEquals("happiness", old.get("emotion").toString());
        assertNull(old.getSchema().getField("scoredBy"), "a version-2 reader has no scoredBy");
        assertEquals(scored, serde.deserialize(topic, frame));

        GenericRecord written = new GenericData.Record(version2());
        for (Schema.Field f : version2().getFields()) {
            written.put(f.name(), speechEvent().get(f.name()) instanceof Instant t ? t.toEpochMilli() : speechEvent().get(f.name()));
        }
        EmotionEvent read = serde.deserialize(topic, Schemas.frame(v2, Schemas.avroBinary(written)));
        assertNull(read.getScoredBy(), "a version-2 event has no scoring network");
        assertEquals(speechEvent(), read);
    }

    @Test
    void theRegistryAlsoAcceptsVersion2AfterVersion3() {
        String subject = topic + "-value";
        client.register(subject, EmotionEvent.SCHEMA$);
        client.register(subject, version2());
        assertEquals(2, client.latest(subject).version(), "version 2 reads version-3 events, so it is accepted after it");
    }

    @Test
    void theRegistryAcceptsVersion2AfterVersion1AndAVersion2ReaderReadsVersion1Events() {
        String subject = topic + "-value";
        int v1 = client.register(subject, version1());
        int v2 = client.register(subject, EmotionEvent.SCHEMA$);
        assertTrue(v2 != v1, "version 2 is a new schema");
        assertEquals(2, client.latest(subject).version());

        GenericRecord old = new GenericData.Record(version1());
        old.put("callId", "anruf-ß");
        old.put("channel", 0);
        old.put("utteranceId", "u1");
        old.put("startTimeMs", 1_700_000_000_000L);
        old.put("endTimeMs", 1_700_000_002_000L);
        old.put("emotion", "happiness");
        old.put("confidence", 0.6);
        old.put("probabilities", PROBABILITIES);
        old.put("modelVersion", "model-1");
        old.put("featureSpecVersion", "0123456789abcdef");
        old.put("processingTimeMs", 3.5);
        var serde = RegistryAvroSerde.of(EmotionEvent.class, client, Map.of(), false);

        EmotionEvent read = serde.deserialize(topic, Schemas.frame(v1, Schemas.avroBinary(old)));

        assertEquals(speechEvent(), read, "a version-1 event reads as a speech event with everything it had");
    }

    @Test
    void aVersion1ReaderReadsVersion2SpeechEventsButNotNoSpeechEvents() throws IOException {
        client.register(topic + "-value", version1());
        var serde = RegistryAvroSerde.of(EmotionEvent.class, client, Map.of(), false);
        byte[] speech = serde.serialize(topic, speechEvent());
        byte[] noSpeech = serde.serialize(topic, noSpeechEvent());
        assertEquals(2, client.latest(topic + "-value").version(), "the serializer registered version 2");

        GenericRecord old = readAsVersion1(speech);
        assertEquals("happiness", old.get("emotion").toString());
        assertEquals(0.6, old.get("confidence"));
        assertEquals(List.of("callId", "channel", "utteranceId", "startTimeMs", "endTimeMs", "emotion", "confidence",
                "probabilities", "modelVersion", "featureSpecVersion", "processingTimeMs"),
                old.getSchema().getFields().stream().map(Schema.Field::name).toList());
        var e = assertThrows(AvroTypeException.class, () -> readAsVersion1(noSpeech));
        assertTrue(e.getMessage().contains("null"), e.getMessage());

        EmotionEvent current = serde.deserialize(topic, noSpeech);
        assertEquals(false, current.getSpeech());
        assertNull(current.getEmotion());
        assertNull(current.getProbabilities());
    }

    @Test
    void theRegistryRefusesVersion1AfterVersion2BecauseTheEvolutionIsBackwardNotForward() {
        String subject = topic + "-value";
        client.register(subject, EmotionEvent.SCHEMA$);
        var e = assertThrows(SchemaRegistryException.class, () -> client.register(subject, version1()));
        assertEquals(Arrays.asList(409, 409), List.of(e.status(), e.errorCode()), e.getMessage());
    }
}
