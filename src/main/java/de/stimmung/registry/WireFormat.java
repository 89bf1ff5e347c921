package de.stimmung.registry;

import java.nio.ByteBuffer;

/**
 * Confluent's framing of a registry-aware record: magic byte {@code 0x00}, the writer schema's
 * global id as a 4-byte big-endian int, then the Avro binary encoding of the record (no Avro
 * container header). Stateless.
 */
public final class WireFormat {

    /** The only magic byte Confluent's serdes have ever written. */
    public static final byte MAGIC = 0;
    /** Bytes before the Avro body: the magic byte and the schema id. */
    public static final int HEADER_BYTES = 5;

    private WireFormat() {}

    /** Writes the 5-byte header for {@code schemaId} into the first bytes of {@code frame}. */
    public static void writeHeader(byte[] frame, int schemaId) {
        ByteBuffer.wrap(frame, 0, HEADER_BYTES).put(MAGIC).putInt(schemaId);
    }

    /**
     * The schema id of a frame, after checking its magic byte and length.
     *
     * @throws RegistrySerdeException naming the problem: too short ({@code TRUNCATED}), or a wrong magic byte
     */
    public static int schemaId(byte[] frame, String topic) {
        if (frame.length < HEADER_BYTES) {
            throw new RegistrySerdeException(RegistrySerdeException.Reason.TRUNCATED, "record on topic " + topic + " is too short for the schema-registry wire"
                    + " format: " + frame.length + " bytes, but the header alone (magic byte 0 and a 4-byte schema id)"
                    + " takes " + HEADER_BYTES);
        }
        if (frame[0] != MAGIC) {
            throw new RegistrySerdeException(RegistrySerdeException.Reason.WRONG_MAGIC_BYTE, String.format("record on topic %s starts with magic byte 0x%02x, but the"
                    + " schema-registry wire format starts with 0x00; it was not written by a registry-aware"
                    + " serializer (plain Avro, JSON or another format?)", topic, frame[0] & 0xff));
        }
        return ByteBuffer.wrap(frame, 1, 4).getInt();
    }
}
