package de.stimmung.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.stimmung.avro.AudioChunk;
import de.stimmung.avro.AudioEncoding;
import de.stimmung.avro.DeadLetter;
import de.stimmung.avro.EmotionEvent;
import de.stimmung.features.FeatureExtractor;
import de.stimmung.model.EmotionScorer;
import de.stimmung.registry.CachedSchemaRegistryClient;
import de.stimmung.registry.RegistryAvroSerde;
import de.stimmung.registry.RegistrySettings;
import de.stimmung.registry.WireFormat;
import de.stimmung.embedded.EmbeddedKafkaBroker;
import de.stimmung.embedded.EmbeddedSchemaRegistry;
import de.stimmung.embedded.SharedRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service through a schema registry outage, on a real broker with a real registry whose
 * schemas live in that broker (as Confluent's do): records whose schema ids the service has seen
 * keep flowing while the registry is down; a record with an id it has not seen waits, retried
 * with backoff, and is processed once the registry is back; nothing is lost, dead-lettered or
 * duplicated. A registry down for longer than the retry budget dead-letters such a record with
 * its original bytes and the reason.
 */
class SchemaRegistryOutageTest {

    static final FeatureExtractor FX = FeatureExtractor.withDefaults();
    static EmbeddedKafkaBroker broker;
    static EmotionScorer scorer;

    @BeforeAll
    static void start() {
        SharedRegistry.distribution();
        broker = EmbeddedKafkaBroker.start();
        scorer = EmotionScorer.loadBundled(FX.version(), FX.dimension());
    }

    @AfterAll
    static void stop() {
        scorer.close();
        broker.close();
    }

    static EmbeddedSchemaRegistry registry(int port) {
        return EmbeddedSchemaRegistry.start(EmbeddedSchemaRegistry.Settings.inMemory(SharedRegistry.distribution())
                .storedIn(broker.bootstrapServers()).withPort(port));
    }

    /** AudioChunk as a newer producer writes it: one more field, with a default (a BACKWARD-compatible change). */
    static Schema newerAudioChunk() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(AudioChunk.SCHEMA$.toString());
        ObjectNode field = ((ArrayNode) root.get("fields")).addObject();
        field.put("name", "speakerAgeYears").put("type", "int").put("default", 0);
        return new Schema.Parser().parse(root.toString());
    }

    /** {@code chunk} written with {@code schema} in the wire format under {@code id}. */
    static byte[] frame(AudioChunk chunk, Schema schema, int id) throws Exception {
        GenericData data = new GenericData();
        data.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        GenericData.Record record = new GenericData.Record(schema);
        for (Schema.Field f : schema.getFields()) {
            Object value = f.name().equals("speakerAgeYears") ? 42 : chunk.get(f.name());
            record.put(f.name(), value instanceof AudioEncoding e
                    ? new GenericData.EnumSymbol(f.schema(), e.name()) : value);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[WireFormat.HEADER_BYTES]);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new GenericDatumWriter<GenericData.Record>(schema, data).write(record, encoder);
        encoder.flush();
        byte[] bytes = out.toByteArray();
        WireFormat.writeHeader(bytes, id);
        return bytes;
    }

    static List<AudioChunk> call(String id, double f0) {
        return Chunks.of(id, Chunks.voiced(f0, 1.0, 16000, 0.3), 16000, 3200, AudioEncoding.PCM_S16LE, id, true, 0);
    }

    static StreamConfig config(String prefix, String registryUrl, int retries) throws Exception {
        return StreamConfig.defaults().withApplicationId("outage-" + prefix)
                .withTopics(prefix + "-speech", prefix + "-events", prefix + "-dlq", 1, (short) 1)
                .withOverrides(Map.of("state.dir", Files.createTempDirectory("outage-state").toString(),
                        RegistrySettings.MAX_RETRIES, String.valueOf(retries), RegistrySettings.RETRIES_WAIT_MS, "200",
                        RegistrySettings.RETRIES_MAX_WAIT_MS, "1000"))
                .withSchemaRegistry(registryUrl);
    }

    static KafkaProducer<String, byte[]> rawProducer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    static void send(KafkaProducer<String, byte[]> producer, String topic, String key, List<byte[]> frames)
            throws Exception {
        for (byte[] f : frames) {
            producer.send(new ProducerRecord<>(topic, key, f)).get(10, TimeUnit.SECONDS);
        }
    }

    /** The raw values on {@code topic} until {@code expected} arrived and 2 s passed, or the timeout. */
    static List<byte[]> read(String topic, int expected, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "outage-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<byte[]> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            long settle = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settle)) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    out.add(r.value());
                }
                if (out.size() >= expected && settle == Long.MAX_VALUE) {
                    settle = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                }
            }
        }
        return out;
    }

    @Test
    void aRegistryRestartMidStreamLosesAndDuplicatesNothing() throws Exception {
        EmbeddedSchemaRegistry registry = registry(0);
        int port = registry.port();
        String url = registry.url();
        StreamConfig config = config("restart", url, 40);
        var client = new CachedSchemaRegistryClient(RegistrySettings.from(Map.of(RegistrySettings.URL, url)));
        String subject = config.speechTopic() + "-value";
        int currentId = client.register(subject, AudioChunk.SCHEMA$);
        Schema newer = newerAudioChunk();
        int newerId = client.register(subject, newer);
        try (StimmungService service = StimmungService.start(config, broker.bootstrapServers(), FX, scorer);
                KafkaProducer<String, byte[]> producer = rawProducer()) {
            assertTrue(service.awaitRunning(Duration.ofSeconds(60)));
            send(producer, config.speechTopic(), "before", frames(call("before", 120), AudioChunk.SCHEMA$, currentId));
            assertEquals(1, read(config.eventsTopic(), 1, Duration.ofSeconds(30)).size(), "the service has seen id "
                    + currentId);

            registry.close();
            send(producer, config.speechTopic(), "during", frames(call("during", 150), AudioChunk.SCHEMA$, currentId));
            assertEquals(2, read(config.eventsTopic(), 2, Duration.ofSeconds(30)).size(),
                    "records of a known schema id flow while the registry is down");
            send(producer, config.speechTopic(), "newer", frames(call("newer", 180), newer, newerId));
            send(producer, config.speechTopic(), "after", frames(call("after", 210), AudioChunk.SCHEMA$, currentId));
            Thread.sleep(3000); // the service now waits for the registry to tell it schema id newerId
            assertEquals(2, read(config.eventsTopic(), 3, Duration.ofSeconds(3)).size(), "nothing overtakes the waiting record");

            registry = registry(port);
            List<byte[]> events = read(config.eventsTopic(), 4, Duration.ofSeconds(60));
            var serde = RegistryAvroSerde.of(EmotionEvent.class, Map.of(RegistrySettings.URL, url), false);
            assertEquals(List.of("before", "during", "newer", "after"),
                    events.stream().map(e -> serde.deserialize(config.eventsTopic(), e).getCallId()).toList(),
                    "every call once, in order");
            assertEquals(0, read(config.deadLetterTopic(), 1, Duration.ofSeconds(2)).size(), "nothing dead-lettered");
        } finally {
            registry.close();
        }
    }

    @Test
    void aRegistryDownForLongerThanTheRetriesDeadLettersTheRecordsAndTheyAreReplayedOnceItIsBack() throws Exception {
        EmbeddedSchemaRegistry registry = registry(0);
        int port = registry.port();
        StreamConfig config = config("budget", registry.url(), 2);
        var client = new CachedSchemaRegistryClient(RegistrySettings.from(Map.of(RegistrySettings.URL, registry.url())));
        int currentId = client.register(config.speechTopic() + "-value", AudioChunk.SCHEMA$);
        int newerId = client.register(config.speechTopic() + "-value", newerAudioChunk());
        try (StimmungService service = StimmungService.start(config, broker.bootstrapServers(), FX, scorer);
                KafkaProducer<String, byte[]> producer = rawProducer()) {
            assertTrue(service.awaitRunning(Duration.ofSeconds(60)));
            send(producer, config.speechTopic(), "known", frames(call("known", 120), AudioChunk.SCHEMA$, currentId));
            assertEquals(1, read(config.eventsTopic(), 1, Duration.ofSeconds(30)).size());
            registry.close();
            List<byte[]> newerFrames = frames(call("newer", 180), newerAudioChunk(), newerId);
            send(producer, config.speechTopic(), "newer", newerFrames);
            send(producer, config.speechTopic(), "again", frames(call("again", 210), AudioChunk.SCHEMA$, currentId));

            List<byte[]> letters = read(config.deadLetterTopic(), newerFrames.size(), Duration.ofSeconds(60));
            assertEquals(newerFrames.size(), letters.size(), "every chunk of the call with the unseen schema id");
            // the registry is down: read the dead letter's body with our own schema, the one it was written with
            DeadLetter letter = AvroSerde.of(DeadLetter.class).decode(java.util.Arrays.copyOfRange(letters.get(0),
                    WireFormat.HEADER_BYTES, letters.get(0).length));
            assertEquals(DeadLetterKind.SCHEMA_REGISTRY_UNAVAILABLE.name(), letter.getErrorKind());
            assertTrue(letter.getErrorMessage().contains("schema id " + newerId), letter.getErrorMessage());
            assertEquals(java.nio.ByteBuffer.wrap(newerFrames.get(0)), letter.getOriginalValue(),
                    "the original bytes, to replay once the registry is back");
            assertEquals(2, read(config.eventsTopic(), 2, Duration.ofSeconds(30)).size(), "the next call goes on");

            registry = registry(port);
            String[] replay = {"dead-letters", "-b", broker.bootstrapServers(), "--schema-registry-url", registry.url(),
                "--topic", config.deadLetterTopic(), "--kind", "SCHEMA_REGISTRY_UNAVAILABLE", "--replay",
                "--group", "replay-test", "--from-beginning", "--timeout", "5"};
            java.io.StringWriter out = new java.io.StringWriter();
            var cmd = de.stimmung.cli.StimmungCommand.commandLine();
            cmd.setOut(new java.io.PrintWriter(out));
            assertEquals(0, cmd.execute(replay), out.toString());
            assertTrue(out.toString().contains("replayed " + newerFrames.size() + " of " + newerFrames.size()), out.toString());
            List<byte[]> events = read(config.eventsTopic(), 3, Duration.ofSeconds(60));
            var serde = RegistryAvroSerde.of(EmotionEvent.class, Map.of(RegistrySettings.URL, registry.url()), false);
            assertEquals(List.of("known", "again", "newer"),
                    events.stream().map(e -> serde.deserialize(config.eventsTopic(), e).getCallId()).toList(),
                    "the replayed call is classified once the registry is back");

            java.io.StringWriter again = new java.io.StringWriter();
            var second = de.stimmung.cli.StimmungCommand.commandLine();
            second.setOut(new java.io.PrintWriter(again));
            assertEquals(0, second.execute(replay));
            assertTrue(again.toString().contains("replayed 0 of 0"), "the group remembers: " + again);
        } finally {
            registry.close();
        }
    }

    static List<byte[]> frames(List<AudioChunk> chunks, Schema schema, int id) throws Exception {
        List<byte[]> out = new ArrayList<>();
        for (AudioChunk c : chunks) {
            out.add(frame(c, schema, id));
        }
        return out;
    }
}
