package de.stimmung.stream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Plain Avro binary serde for one generated record class (no schema registry framing: both
 * sides use the schemas in {@code schemas/}). A value that does not decode completely, or has
 * bytes left over, is a {@link SerializationException} naming the record type. Thread-safe.
 *
 * <p>The bytes carry no schema, so the one evolution these internal values may take is a field
 * with a default appended at the end: a value written before it (a state store or changelog of
 * an earlier version) is read with the earlier layout and gets the default.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

    static {
        de.stimmung.registry.TrustedRecords.install();
    }

    private final Class<T> type;
    private final Schema schema;
    /** The layouts before trailing fields with defaults were added, latest first. */
    private final List<Schema> earlier;
    /*
     * A reader or writer per call resolved the schema again for every state-store read and write
     * (Avro's Resolver and FastReaderBuilder were 3-6 % of the stream threads' samples under load);
     * datum readers and writers are not documented as thread-safe, so each thread keeps its own,
     * together with its encoder and output buffer.
     */
    private final ThreadLocal<SpecificDatumReader<T>> readers;
    private final ThreadLocal<Writing<T>> writers;

    /** One thread's writer, its reusable encoder and buffer. */
    private static final class Writing<T> {
        final SpecificDatumWriter<T> writer;
        final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        BinaryEncoder encoder;

        Writing(Schema schema) {
            writer = new SpecificDatumWriter<>(schema);
        }
    }

    private AvroSerde(Class<T> type, Schema schema) {
        this.type = type;
        this.schema = schema;
        this.earlier = earlierLayouts(schema);
        this.readers = ThreadLocal.withInitial(() -> new SpecificDatumReader<>(type));
        this.writers = ThreadLocal.withInitial(() -> new Writing<>(schema));
    }

    /** The record without its last 1, 2, ... fields, as long as each of those has a default. */
    static List<Schema> earlierLayouts(Schema schema) {
        List<Schema> out = new ArrayList<>();
        List<Schema.Field> fields = schema.getFields();
        for (int n = fields.size() - 1; n > 0 && fields.get(n).hasDefaultValue(); n--) {
            List<Schema.Field> kept = new ArrayList<>();
            for (Schema.Field f : fields.subList(0, n)) {
                kept.add(new Schema.Field(f, f.schema()));
            }
            out.add(Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, kept));
        }
        return List.copyOf(out);
    }

    /** The serde of a generated Avro class (its static SCHEMA$). */
    public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
        try {
            return new AvroSerde<>(type, (Schema) type.getField("SCHEMA$").get(null));
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(type + " is not a generated Avro record class", e);
        }
    }

    public byte[] encode(T value) {
        try {
            Writing<T> w = writers.get();
            w.out.reset();
            w.encoder = EncoderFactory.get().directBinaryEncoder(w.out, w.encoder);
            w.writer.write(value, w.encoder);
            w.encoder.flush();
            return w.out.toByteArray();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    public T decode(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return read(schema, bytes);
        } catch (IOException | RuntimeException e) {
            for (Schema writer : earlier) {
                try {
                    return read(writer, bytes);
                } catch (IOException | RuntimeException ignored) {
                    // not this layout either; the error reported is the one of the current layout
                }
            }
            throw new SerializationException("value is not a valid " + type.getSimpleName() + " (Avro binary, "
                    + bytes.length + " bytes): " + e, e);
        }
    }

    private T read(Schema writer, byte[] bytes) throws IOException {
        BinaryDecoder dec = DecoderFactory.get().binaryDecoder(bytes, null);
        // the current layout through this thread's reader; an earlier one (read once per old value) resolved anew
        SpecificDatumReader<T> reader = writer == schema ? readers.get() : new SpecificDatumReader<>(writer, schema);
        T value = reader.read(null, dec);
        if (!dec.isEnd()) {
            throw new IOException("bytes left over after the record");
        }
        return value;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : encode(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> decode(bytes);
    }
}
