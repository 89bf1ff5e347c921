package de.stimmung.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.stimmung.avro.AudioChunk;
import de.stimmung.embedded.SharedRegistry;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * The client and serde against a real Confluent-compatible registry: Apicurio Registry (see
 * ../shared/notes/schema-registry.md) as a child JVM with in-memory storage and BACKWARD
 * compatibility, the one the whole test run shares ({@link SharedRegistry}).
 */
class ApicurioRegistryTest {

    private final String baseUrl = SharedRegistry.url();

    private Map<String, String> config() {
        return Map.of(RegistrySettings.URL, baseUrl);
    }

    @Test
    void serdeRoundTripsThroughTheRealRegistryAndFindsTheSchemaById() {
        var writer = new RegistryAvroSerde<>(AudioChunk.class);
        writer.configure(config(), false);
        var reader = new RegistryAvroSerde<>(AudioChunk.class);
        reader.configure(config(), false);

        byte[] frame = writer.serialize("speech", Schemas.chunk());

        assertEquals(Schemas.chunk(), reader.deserialize("speech", frame));
        RegisteredSchema latest = CachedSchemaRegistryClient.fromConfig(config()).latest("speech-value");
        assertEquals(WireFormat.schemaId(frame, "speech"), latest.id());
        assertEquals(AudioChunk.SCHEMA$, latest.schema());
    }

    @Test
    void reRegisteringGivesTheSameIdAlsoUnderAnotherSubjectAndAFreshClientFindsIt() {
        var first = new CachedSchemaRegistryClient(RegistrySettings.from(config()));
        int id = first.register("reregister-value", de.stimmung.avro.DeadLetter.SCHEMA$);

        var second = new CachedSchemaRegistryClient(RegistrySettings.from(config()));
        assertEquals(id, second.register("reregister-value", de.stimmung.avro.DeadLetter.SCHEMA$));
        assertEquals(id, second.register("reregister-other-value", de.stimmung.avro.DeadLetter.SCHEMA$));
        assertEquals(id, second.idOf("reregister-value", de.stimmung.avro.DeadLetter.SCHEMA$));
        assertEquals(de.stimmung.avro.DeadLetter.SCHEMA$, second.getById(id));
        assertEquals(1, second.latest("reregister-value").version());
    }

    @Test
    void newerWriterWithAnAddedDefaultedFieldDecodesIntoTheCurrentClass() {
        var client = new CachedSchemaRegistryClient(RegistrySettings.from(config()));
        client.register("newer-value", AudioChunk.SCHEMA$);
        int newerId = client.register("newer-value", Schemas.audioChunkWithSpeakerAge(true));
        GenericRecord newer = Schemas.genericChunk(Schemas.audioChunkWithSpeakerAge(true));
        newer.put("speakerAgeYears", 47);
        var serde = RegistryAvroSerde.of(AudioChunk.class, client, Map.of(), false);

        assertEquals(Schemas.chunk(), serde.deserialize("newer", Schemas.frame(newerId, Schemas.avroBinary(newer))));
        assertEquals(2, client.latest("newer-value").version());
    }

    @Test
    void olderWriterDecodesAndTheRegistryEnforcesBackwardCompatibility() {
        var client = CachedSchemaRegistryClient.fromConfig(config());
        int oldId = client.register("evolving-value", Schemas.audioChunkWithoutEndOfCall());
        GenericRecord old = Schemas.genericChunk(Schemas.audioChunkWithoutEndOfCall());
        var serde = RegistryAvroSerde.of(AudioChunk.class, client, Map.of(), false);

        AudioChunk read = serde.deserialize("evolving", Schemas.frame(oldId, Schemas.avroBinary(old)));
        serde.serialize("evolving", Schemas.chunk());

        assertEquals(Schemas.chunk(), read);
        assertEquals(2, client.latest("evolving-value").version());
        var e = assertThrows(SchemaRegistryException.class,
                () -> client.register("evolving-value", Schemas.audioChunkWithSpeakerAge(false)));
        assertEquals(List.of(409, 409), List.of(e.status(), e.errorCode()));
        assertTrue(e.getMessage().startsWith("registry " + baseUrl + " rejected"), e.getMessage());
    }

    @Test
    void unknownIdIsReportedAsUnknownToTheRegistry() {
        var serde = new RegistryAvroSerde<>(AudioChunk.class);
        serde.configure(config(), false);
        byte[] frame = Schemas.frame(987_654, Schemas.avroBinary(Schemas.genericChunk(AudioChunk.SCHEMA$)));

        var e = assertThrows(SerializationException.class, () -> serde.deserialize("speech", frame));
        assertTrue(e.getMessage().contains("unknown to the schema registry") && e.getMessage().contains("404"),
                e.getMessage());
    }
}
