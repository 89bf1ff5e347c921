package de.stimmung.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.stimmung.avro.AudioChunk;
import de.stimmung.avro.AudioEncoding;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/** Test schemas and records: AudioChunk as shipped, an older and a newer variant, and independent encodings. */
final class Schemas {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Schemas() {}

    static AudioChunk chunk() {
        return AudioChunk.newBuilder().setCallId("anruf-ä-1").setChannel(1).setSequenceNumber(7)
                .setTimestampMs(Instant.ofEpochMilli(1_700_000_000_123L)).setSampleRateHz(16_000)
                .setEncoding(AudioEncoding.MULAW).setAudio(ByteBuffer.wrap(new byte[] {1, 2, 3, -4, 5, 6, 7, 8, 9, 10}))
                .setUtteranceId("u-3").setEndOfUtterance(true).setEndOfCall(false).build();
    }

    /** schemas/AudioChunk.avsc, edited by {@code edit} and parsed. */
    static Schema audioChunkEdited(Consumer<ArrayNode> edit) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(Files.readString(Path.of("schemas/AudioChunk.avsc")));
            edit.accept((ArrayNode) root.get("fields"));
            return new Schema.Parser().parse(root.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** AudioChunk as an older producer knew it: without the defaulted {@code endOfCall}. */
    static Schema audioChunkWithoutEndOfCall() {
        return audioChunkEdited(fields -> {
            for (Iterator<JsonNode> it = fields.iterator(); it.hasNext(); ) {
                if (it.next().get("name").asText().equals("endOfCall")) {
                    it.remove();
                }
            }
        });
    }

    /** AudioChunk with one more field, {@code speakerAgeYears} (int), defaulted or not. */
    static Schema audioChunkWithSpeakerAge(boolean withDefault) {
        return audioChunkEdited(fields -> {
            ObjectNode field = fields.addObject().put("name", "speakerAgeYears").put("type", "int");
            if (withDefault) {
                field.put("default", -1);
            }
        });
    }

    /** The fields of {@link #chunk()} as a generic record of {@code schema} (fields it lacks are skipped). */
    static GenericRecord genericChunk(Schema schema) {
        GenericRecord r = new GenericData.Record(schema);
        r.put("callId", "anruf-ä-1");
        r.put("channel", 1);
        r.put("sequenceNumber", 7L);
        r.put("timestampMs", 1_700_000_000_123L);
        r.put("sampleRateHz", 16_000);
        r.put("encoding", new GenericData.EnumSymbol(schema.getField("encoding").schema(), "MULAW"));
        r.put("audio", ByteBuffer.wrap(new byte[] {1, 2, 3, -4, 5, 6, 7, 8, 9, 10}));
        r.put("utteranceId", "u-3");
        r.put("endOfUtterance", true);
        if (schema.getField("endOfCall") != null) {
            r.put("endOfCall", false);
        }
        return r;
    }

    /** Avro binary of {@code record}, written with a GenericDatumWriter (independent of the serde under test). */
    static byte[] avroBinary(GenericRecord record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, enc);
            enc.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Confluent frame built by hand: 0x00, the id big-endian, the body. */
    static byte[] frame(int id, byte[] body) {
        return ByteBuffer.allocate(5 + body.length).put((byte) 0).putInt(id).put(body).array();
    }
}
