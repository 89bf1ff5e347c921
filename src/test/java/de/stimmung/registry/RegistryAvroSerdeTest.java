package de.stimmung.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.stimmung.avro.AudioChunk;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class RegistryAvroSerdeTest {

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final RegistryAvroSerde<AudioChunk> serde = RegistryAvroSerde.of(AudioChunk.class, registry, Map.of(), false);

    /** A registry that knows exactly one schema, under an id with four distinct bytes. */
    private static SchemaRegistryClient fixedId(int id, Schema schema) {
        return new SchemaRegistryClient() {
            @Override
            public int register(String subject, Schema s) {
                return id;
            }

            @Override
            public int idOf(String subject, Schema s) {
                return id;
            }

            @Override
            public Schema getById(int wanted) {
                if (wanted != id) {
                    throw new SchemaRegistryException("no id " + wanted, 404, 40403);
                }
                return schema;
            }

            @Override
            public RegisteredSchema latest(String subject) {
                return new RegisteredSchema(id, 1, schema);
            }
        };
    }

    @Test
    void serializedFrameIsMagicZeroThenBigEndianIdThenPlainAvroBinary() {
        int id = 0x01020304;
        var fixed = RegistryAvroSerde.of(AudioChunk.class, fixedId(id, AudioChunk.SCHEMA$), Map.of(), false);
        byte[] body = Schemas.avroBinary(Schemas.genericChunk(AudioChunk.SCHEMA$));

        byte[] framed = fixed.serialize("speech", Schemas.chunk());

        assertArrayEquals(new byte[] {0, 1, 2, 3, 4}, Arrays.copyOf(framed, 5));
        assertArrayEquals(body, Arrays.copyOfRange(framed, 5, framed.length));
        assertArrayEquals(Schemas.frame(id, body), framed);
    }

    @Test
    void handBuiltFrameDecodesToTheRecord() {
        int id = 0x7f00ff01;
        var fixed = RegistryAvroSerde.of(AudioChunk.class, fixedId(id, AudioChunk.SCHEMA$), Map.of(), false);
        byte[] frame = Schemas.frame(id, Schemas.avroBinary(Schemas.genericChunk(AudioChunk.SCHEMA$)));

        assertEquals(Schemas.chunk(), fixed.deserialize("speech", frame));
    }

    @Test
    void roundTripRegistersUnderTopicValueSubjectOnce() {
        byte[] first = serde.serialize("speech", Schemas.chunk());
        byte[] second = serde.serializer().serialize("speech", Schemas.chunk());

        assertArrayEquals(first, second);
        assertEquals(Schemas.chunk(), serde.deserializer().deserialize("speech", first));
        RegisteredSchema latest = registry.latest("speech-value");
        assertEquals(1, latest.version());
        assertEquals(AudioChunk.SCHEMA$, latest.schema());
        assertEquals(latest.id(), WireFormat.schemaId(first, "speech"));
    }

    @Test
    void nullStaysNull() {
        assertNull(serde.serialize("speech", null));
        assertNull(serde.deserialize("speech", null));
    }

    @Test
    void keySerdeUsesTopicKeySubjectAndRecordNameStrategyUsesTheFullName() {
        RegistryAvroSerde.of(AudioChunk.class, registry, Map.of(), true).serialize("speech", Schemas.chunk());
        RegistryAvroSerde.of(AudioChunk.class, registry, Map.of(RegistryAvroSerde.VALUE_SUBJECT_NAME_STRATEGY,
                "io.confluent.kafka.serializers.subject.RecordNameStrategy"), false).serialize("speech", Schemas.chunk());

        assertEquals(AudioChunk.SCHEMA$, registry.latest("speech-key").schema());
        assertEquals(AudioChunk.SCHEMA$, registry.latest("de.stimmung.avro.AudioChunk").schema());
        assertEquals(registry.latest("speech-key").id(), registry.latest("de.stimmung.avro.AudioChunk").id(),
                "one schema, one global id, whatever the subject");
    }

    @Test
    void unknownSubjectNameStrategyIsRejectedWithTheValidNames() {
        var e = assertThrows(IllegalArgumentException.class, () -> RegistryAvroSerde.of(AudioChunk.class, registry,
                Map.of(RegistryAvroSerde.VALUE_SUBJECT_NAME_STRATEGY, "TopicRecordNameStrategy"), false));
        assertTrue(e.getMessage().contains("TopicNameStrategy, RecordNameStrategy"), e.getMessage());
    }

    @Test
    void recordOfAnOlderWriterWithoutADefaultedFieldDecodesWithTheDefault() {
        Schema old = Schemas.audioChunkWithoutEndOfCall();
        int oldId = registry.register("speech-value", old);
        GenericRecord written = Schemas.genericChunk(old);
        written.put("endOfUtterance", false);

        AudioChunk read = serde.deserialize("speech", Schemas.frame(oldId, Schemas.avroBinary(written)));

        assertFalse(read.getEndOfCall(), "endOfCall takes its default");
        assertEquals("anruf-ä-1", read.getCallId());
        assertEquals(Schemas.chunk().getAudio(), read.getAudio());
        // The current schema adds a defaulted field: BACKWARD-compatible, so it registers as version 2.
        serde.serialize("speech", Schemas.chunk());
        assertEquals(2, registry.latest("speech-value").version());
    }

    @Test
    void recordOfANewerWriterWithAnExtraFieldDecodesIntoTheCurrentClass() {
        serde.serialize("speech", Schemas.chunk());
        Schema newer = Schemas.audioChunkWithSpeakerAge(true);
        int newerId = registry.register("speech-value", newer);
        GenericRecord written = Schemas.genericChunk(newer);
        written.put("speakerAgeYears", 42);

        AudioChunk read = serde.deserialize("speech", Schemas.frame(newerId, Schemas.avroBinary(written)));

        assertEquals(Schemas.chunk(), read);
    }

    @Test
    void newFieldWithoutDefaultIsRejectedAsIncompatible() {
        serde.serialize("speech", Schemas.chunk());

        var e = assertThrows(SchemaRegistryException.class,
                () -> registry.register("speech-value", Schemas.audioChunkWithSpeakerAge(false)));

        assertEquals(409, e.status());
        assertEquals(409, e.errorCode());
        assertTrue(e.getMessage().contains("speech-value") && e.getMessage().contains("incompatible")
                && e.getMessage().contains("READER_FIELD_MISSING_DEFAULT_VALUE")
                && e.getMessage().contains("speakerAgeYears"), e.getMessage());
        assertEquals(1, registry.latest("speech-value").version());
    }

    @Test
    void wrongMagicByteIsNamed() {
        byte[] frame = serde.serialize("speech", Schemas.chunk());
        frame[0] = 0x13;

        var e = assertThrows(RegistrySerdeException.class, () -> serde.deserialize("speech", frame));
        assertTrue(e.getMessage().contains("magic byte 0x13"), e.getMessage());
        assertEquals(RegistrySerdeException.Reason.WRONG_MAGIC_BYTE, e.reason());
    }

    @Test
    void frameShorterThanTheHeaderIsTooShort() {
        var e = assertThrows(RegistrySerdeException.class, () -> serde.deserialize("speech", new byte[] {0, 0, 1}));
        assertTrue(e.getMessage().contains("too short") && e.getMessage().contains("3 bytes"), e.getMessage());
        assertEquals(RegistrySerdeException.Reason.TRUNCATED, e.reason());
    }

    @Test
    void truncatedBodyIsReportedAsTruncated() {
        byte[] frame = serde.serialize("speech", Schemas.chunk());
        byte[] cut = Arrays.copyOf(frame, frame.length - 12);

        var e = assertThrows(RegistrySerdeException.class, () -> serde.deserialize("speech", cut));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertEquals(RegistrySerdeException.Reason.TRUNCATED, e.reason());
    }

    @Test
    void bytesLeftOverAfterTheRecordAreAnError() {
        byte[] frame = serde.serialize("speech", Schemas.chunk());
        byte[] longer = Arrays.copyOf(frame, frame.length + 3);

        var e = assertThrows(RegistrySerdeException.class, () -> serde.deserialize("speech", longer));
        assertTrue(e.getMessage().contains("left over"), e.getMessage());
        assertEquals(RegistrySerdeException.Reason.INVALID_BODY, e.reason());
    }

    @Test
    void unknownSchemaIdIsReportedAsUnknownToTheRegistry() {
        byte[] frame = Schemas.frame(4711, Schemas.avroBinary(Schemas.genericChunk(AudioChunk.SCHEMA$)));

        var e = assertThrows(RegistrySerdeException.class, () -> serde.deserialize("speech", frame));
        assertTrue(e.getMessage().contains("4711") && e.getMessage().contains("unknown to the schema registry"),
                e.getMessage());
        assertEquals(RegistrySerdeException.Reason.UNKNOWN_SCHEMA_ID, e.reason());
    }

    @Test
    void unreachableRegistryIsReportedAsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var remote = new RegistryAvroSerde<>(AudioChunk.class);
        remote.configure(Map.of(RegistrySettings.URL, "http://127.0.0.1:" + closedPort, RegistrySettings.MAX_RETRIES, "0"),
                false);
        byte[] frame = serde.serialize("speech", Schemas.chunk());

        var read = assertThrows(RegistrySerdeException.class, () -> remote.deserialize("speech", frame));
        assertTrue(read.getMessage().contains("unreachable"), read.getMessage());
        assertEquals(RegistrySerdeException.Reason.REGISTRY_UNAVAILABLE, read.reason());
        var write = assertThrows(RegistrySerdeException.class, () -> remote.serialize("speech", Schemas.chunk()));
        assertTrue(write.getMessage().contains("no schema registry reachable"), write.getMessage());
        assertEquals(RegistrySerdeException.Reason.REGISTRY_UNAVAILABLE, write.reason());
    }

    @Test
    void withoutAutoRegisterAnUnregisteredSchemaFailsNamingTheSubject() {
        var strict = RegistryAvroSerde.of(AudioChunk.class, registry,
                Map.of(RegistryAvroSerde.AUTO_REGISTER_SCHEMAS, "false"), false);

        var e = assertThrows(SerializationException.class, () -> strict.serialize("speech", Schemas.chunk()));
        assertTrue(e.getMessage().contains("speech-value") && e.getMessage().contains("auto.register.schemas=false"),
                e.getMessage());

        int id = registry.register("speech-value", AudioChunk.SCHEMA$);
        assertEquals(id, WireFormat.schemaId(strict.serialize("speech", Schemas.chunk()), "speech"));
    }

    @Test
    void useLatestVersionWritesWithTheLatestIdOrRefusesAScramblingFieldOrder() {
        var latest = RegistryAvroSerde.of(AudioChunk.class, registry,
                Map.of(RegistryAvroSerde.USE_LATEST_VERSION, true), false);
        int currentId = registry.register("speech-value", AudioChunk.SCHEMA$);
        assertEquals(currentId, WireFormat.schemaId(latest.serialize("speech", Schemas.chunk()), "speech"));

        registry.register("other-value", Schemas.audioChunkWithoutEndOfCall());
        var e = assertThrows(SerializationException.class, () -> latest.serialize("other", Schemas.chunk()));
        assertTrue(e.getMessage().contains("use.latest.version") && e.getMessage().contains("endOfCall"),
                e.getMessage());
    }

    @Test
    void unconfiguredSerdeSaysSo() {
        var e = assertThrows(IllegalStateException.class,
                () -> new RegistryAvroSerde<>(AudioChunk.class, registry).serialize("speech", Schemas.chunk()));
        assertTrue(e.getMessage().contains("not configured"), e.getMessage());
    }
}
