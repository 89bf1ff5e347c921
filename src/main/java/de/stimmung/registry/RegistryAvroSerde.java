package de.stimmung.registry;

import de.stimmung.registry.RegistrySerdeException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
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
 * Avro serde for one generated record class in Confluent's schema-registry wire format
 * ({@link WireFormat}): interoperable with Confluent's {@code SpecificAvroSerde}. Writing registers
 * the class's schema (or looks it up, or uses the subject's latest version) and prefixes its id;
 * reading fetches the writer schema by id and resolves it against the class's schema, so records of
 * older and newer compatible writers both decode.
 *
 * <p>Config keys (Confluent's): {@code schema.registry.url} and the other
 * {@link RegistrySettings} keys (unless a client is passed in; the client is shared by all serdes
 * configured alike, see {@link SchemaRegistryClients}, which also explains {@code mock://} URLs),
 * {@code auto.register.schemas}
 * (default true), {@code use.latest.version} (default false; write with the subject's latest
 * schema and id, which must have the class's fields in the class's order),
 * {@code key.subject.name.strategy} / {@code value.subject.name.strategy} (see
 * {@link SubjectNameStrategy}). Call {@link #configure} once before use (Kafka does so for serdes it
 * creates from config). Every failure is a {@link SerializationException} saying why. Thread-safe
 * once configured; ids and readers are cached per topic and per schema id.
 */
public final class RegistryAvroSerde<T extends SpecificRecord> implements Serde<T> {

    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String USE_LATEST_VERSION = "use.latest.version";
    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";

    static {
        de.stimmung.registry.TrustedRecords.install();
    }

    /** What configure decided; replaced as a whole, never mutated. */
    private record Setup(SchemaRegistryClient client, boolean autoRegister, boolean useLatest,
            SubjectNameStrategy strategy, boolean isKey) {}

    /** How records go out on one topic: the schema id in the header and the writer for the body. */
    private record TopicWriter(int schemaId, DatumWriter<Object> writer) {}

    private final Class<T> type;
    private final Schema readerSchema;
    private final SchemaRegistryClient givenClient;
    private final Map<String, TopicWriter> writerByTopic = new ConcurrentHashMap<>();
    private final Map<Integer, DatumReader<T>> readerBySchemaId = new ConcurrentHashMap<>();
    private volatile Setup setup;

    /** A serde that builds a {@link CachedSchemaRegistryClient} from the config in {@link #configure}. */
    public RegistryAvroSerde(Class<T> type) {
        this(type, null);
    }

    /** A serde using {@code client} (e.g. an {@link InMemorySchemaRegistryClient}); the URL keys are then unused. */
    public RegistryAvroSerde(Class<T> type, SchemaRegistryClient client) {
        this.type = Objects.requireNonNull(type, "type");
        this.givenClient = client;
        try {
            this.readerSchema = (Schema) type.getField("SCHEMA$").get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(type + " is not a generated Avro record class", e);
        }
    }

    /** A serde configured from {@code config}, with the client {@link SchemaRegistryClients} shares for it. */
    public static <T extends SpecificRecord> RegistryAvroSerde<T> of(Class<T> type, Map<String, ?> config, boolean isKey) {
        return of(type, null, config, isKey);
    }

    /**
     * Registers (or looks up, per the config) the schema this serde writes to {@code topic} now,
     * so the first record does not wait for the registry; returns its id.
     *
     * @throws RegistrySerdeException if the registry cannot be reached or refuses
     */
    public int prepare(String topic) {
        return writerByTopic.computeIfAbsent(topic, this::writerFor).schemaId();
    }

    /** A configured serde using {@code client}. */
    public static <T extends SpecificRecord> RegistryAvroSerde<T> of(Class<T> type, SchemaRegistryClient client,
            Map<String, ?> config, boolean isKey) {
        RegistryAvroSerde<T> serde = new RegistryAvroSerde<>(type, client);
        serde.configure(config, isKey);
        return serde;
    }

    @Override
    public void configure(Map<String, ?> config, boolean isKey) {
        SchemaRegistryClient client = givenClient != null ? givenClient : SchemaRegistryClients.forConfig(config);
        setup = new Setup(client, flag(config, AUTO_REGISTER_SCHEMAS, true), flag(config, USE_LATEST_VERSION, false),
                SubjectNameStrategy.parse(config.get(isKey ? KEY_SUBJECT_NAME_STRATEGY : VALUE_SUBJECT_NAME_STRATEGY)),
                isKey);
        writerByTopic.clear();
        readerBySchemaId.clear();
    }

    /** The framed bytes of {@code value} for {@code topic}; null stays null (a tombstone). */
    public byte[] serialize(String topic, T value) {
        if (value == null) {
            return null;
        }
        TopicWriter writer = writerByTopic.computeIfAbsent(topic, this::writerFor);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            int id = writer.schemaId();
            out.write(new byte[] {WireFormat.MAGIC, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id});
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writer.writer().write(value, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot encode " + type.getSimpleName() + " for topic " + topic
                    + " with schema id " + writer.schemaId() + ": " + e, e);
        }
    }

    /** The record in {@code bytes}, read from topic {@code topic}; null stays null. */
    public T deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        int id = WireFormat.schemaId(bytes, topic);
        DatumReader<T> reader = readerBySchemaId.get(id);
        if (reader == null) { // fetched outside the map's lock: a registry outage must not block cached ids
            reader = readerFor(topic, id);
            readerBySchemaId.putIfAbsent(id, reader);
        }
        int bodyLength = bytes.length - WireFormat.HEADER_BYTES;
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, WireFormat.HEADER_BYTES, bodyLength, null);
            T value = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new RegistrySerdeException(Reason.INVALID_BODY, "record on topic " + topic + " has bytes left over after the "
                        + type.getSimpleName() + " (writer schema id " + id + ", body " + bodyLength + " bytes)");
            }
            return value;
        } catch (EOFException e) {
            throw new RegistrySerdeException(Reason.TRUNCATED, "record on topic " + topic + " is truncated: its Avro body of " + bodyLength
                    + " bytes ends before the " + type.getSimpleName() + " of writer schema id " + id + " does", e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof RegistrySerdeException s) {
                throw s;
            }
            throw new RegistrySerdeException(Reason.INVALID_BODY, "record on topic " + topic + " is not a valid " + type.getSimpleName()
                    + " of writer schema id " + id + " (" + bodyLength + " body bytes): " + e, e);
        }
    }

    private TopicWriter writerFor(String topic) {
        Setup s = configured();
        String subject = s.strategy().subject(topic, s.isKey(), readerSchema);
        try {
            if (s.useLatest()) {
                RegisteredSchema latest = s.client().latest(subject);
                requireSameFieldOrder(latest, subject);
                return new TopicWriter(latest.id(), new SpecificDatumWriter<>(latest.schema()));
            }
            int id = s.autoRegister() ? s.client().register(subject, readerSchema) : s.client().idOf(subject, readerSchema);
            return new TopicWriter(id, new SpecificDatumWriter<>(readerSchema));
        } catch (SchemaRegistryException e) {
            String action = s.useLatest() ? "find the latest schema" : s.autoRegister() ? "register the schema"
                    : "find the schema (" + AUTO_REGISTER_SCHEMAS + "=false)";
            throw new RegistrySerdeException(RegistrySerdeException.of(e), "cannot serialize " + type.getSimpleName()
                    + " for topic " + topic + ": failed to " + action + " of subject " + subject + ": " + e.getMessage(), e);
        }
    }

    private void requireSameFieldOrder(RegisteredSchema latest, String subject) {
        List<String> ours = readerSchema.getFields().stream().map(Schema.Field::name).toList();
        List<String> theirs = latest.schema().getType() == Schema.Type.RECORD
                ? latest.schema().getFields().stream().map(Schema.Field::name).toList() : List.of();
        if (!ours.equals(theirs)) {
            throw new RegistrySerdeException(Reason.INCOMPATIBLE_SCHEMA, USE_LATEST_VERSION + "=true, but the latest schema of subject " + subject
                    + " (id " + latest.id() + ", version " + latest.version() + ") has fields " + theirs + " while "
                    + type.getName() + " has " + ours + "; Avro writes fields by position, so this would scramble the"
                    + " record. Regenerate the class from the latest schema or set " + USE_LATEST_VERSION + "=false");
        }
    }

    private DatumReader<T> readerFor(String topic, int id) {
        Schema writerSchema;
        try {
            writerSchema = configured().client().getById(id);
        } catch (SchemaRegistryException e) {
            String why = e.isNotFound() ? "is unknown to the schema registry"
                    : e.isUnreachable() ? "cannot be fetched: schema registry unreachable" : "cannot be fetched";
            throw new RegistrySerdeException(RegistrySerdeException.of(e), "writer schema id " + id + " of a record on topic "
                    + topic + " " + why
                    + ": " + e.getMessage(), e);
        }
        var compatibility = SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writerSchema).getResult();
        if (compatibility.getCompatibility() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new RegistrySerdeException(Reason.INCOMPATIBLE_SCHEMA, "writer schema id " + id + " of a record on topic "
                    + topic + " cannot be read as " + type.getName() + ": " + compatibility.getIncompatibilities());
        }
        return new SpecificDatumReader<>(writerSchema, readerSchema);
    }

    private Setup configured() {
        Setup s = setup;
        if (s == null) {
            throw new IllegalStateException("RegistryAvroSerde<" + type.getSimpleName() + "> is not configured: call"
                    + " configure(config, isKey) first (Kafka does so only for serdes it creates from config)");
        }
        return s;
    }

    private static boolean flag(Map<String, ?> config, String key, boolean fallback) {
        Object value = config.get(key);
        if (value == null) {
            return fallback;
        }
        String text = value.toString().strip();
        if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(key + "=" + value + " is not true or false");
        }
        return Boolean.parseBoolean(text);
    }

    @Override
    public Serializer<T> serializer() {
        return new Serializer<>() {
            @Override
            public void configure(Map<String, ?> config, boolean isKey) {
                RegistryAvroSerde.this.configure(config, isKey);
            }

            @Override
            public byte[] serialize(String topic, T value) {
                return RegistryAvroSerde.this.serialize(topic, value);
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return new Deserializer<>() {
            @Override
            public void configure(Map<String, ?> config, boolean isKey) {
                RegistryAvroSerde.this.configure(config, isKey);
            }

            @Override
            public T deserialize(String topic, byte[] bytes) {
                return RegistryAvroSerde.this.deserialize(topic, bytes);
            }
        };
    }
}
