package de.stimmung.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.stimmung.avro.DeadLetter;
import de.stimmung.registry.RegistryAvroSerde;
import de.stimmung.stream.DeadLetterKind;
import de.stimmung.stream.StreamConfig;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code stimmung dead-letters}: prints the dead-letter topic as JSON lines and, with
 * {@code --replay}, sends the original records of the chosen kinds back to their topic — for
 * example the chunks dead-lettered as {@code SCHEMA_REGISTRY_UNAVAILABLE} once the registry is
 * back. With {@code --group} progress is committed, so each dead letter is replayed once.
 */
@Command(name = "dead-letters", mixinStandardHelpOptions = true,
        description = "Print dead letters as JSON lines; --replay sends the originals of chosen kinds back to their topic.")
final class DeadLettersCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    ReadOptions read;

    @Option(names = "--topic", defaultValue = StreamConfig.DEFAULT_DLQ_TOPIC, description = "Dead-letter topic. Default: ${DEFAULT-VALUE}.")
    String topic;

    @Option(names = "--kind", paramLabel = "KIND", description = "Only dead letters of this kind (repeatable), e.g. SCHEMA_REGISTRY_UNAVAILABLE.")
    Set<DeadLetterKind> kinds = EnumSet.noneOf(DeadLetterKind.class);

    @Option(names = "--replay", description = "Send each chosen dead letter's original key and value back to its topic (or --to).")
    boolean replay;

    @Option(names = "--to", paramLabel = "TOPIC", description = "With --replay: send here instead of the original topic.")
    String to;

    @Option(names = "--group", paramLabel = "ID", description = "Consumer group that remembers what was read (and replayed); without it nothing is committed.")
    String group;

    @Override
    public Integer call() throws Exception {
        Map<String, String> clientProperties = kafka.requireClusterAndRegistry(spec.commandLine());
        if (replay && kinds.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--replay needs --kind: replay only what can"
                    + " succeed now (e.g. --kind SCHEMA_REGISTRY_UNAVAILABLE once the registry is back)");
        }
        PrintWriter out = spec.commandLine().getOut();
        ObjectMapper json = new ObjectMapper();
        Properties p = new Properties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.putAll(clientProperties);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers);
        int[] replayed = {0};
        try (KafkaProducer<byte[], byte[]> producer = replay
                ? new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer()) : null) {
            int shown = new TopicReader<DeadLetter>(kafka, clientProperties, read, spec.commandLine().getErr()).read(topic,
                    RegistryAvroSerde.of(DeadLetter.class, clientProperties, false).deserializer(), group,
                    () -> {
                        if (producer != null) {
                            producer.flush();
                        }
                    },
                    r -> {
                        DeadLetter letter = r.value();
                        if (!kinds.isEmpty() && kinds.stream().noneMatch(k -> k.name().equals(letter.getErrorKind()))) {
                            return false;
                        }
                        ObjectNode line = toJson(json, letter);
                        if (producer != null) {
                            String target = to != null ? to : letter.getTopic();
                            producer.send(new ProducerRecord<>(target, bytes(letter.getOriginalKey()),
                                    bytes(letter.getOriginalValue()))).get();
                            line.put("replayedTo", target);
                            replayed[0]++;
                        }
                        out.println(json.writeValueAsString(line));
                        out.flush();
                        return true;
                    });
            if (replay) {
                out.printf("replayed %d of %d dead letters%n", replayed[0], shown);
            }
        }
        out.flush();
        return 0;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /** A dead letter as JSON: where it came from, why, and the original record's size and key. */
    static ObjectNode toJson(ObjectMapper json, DeadLetter letter) {
        ObjectNode n = json.createObjectNode();
        n.put("errorKind", letter.getErrorKind());
        n.put("errorMessage", letter.getErrorMessage());
        n.put("topic", letter.getTopic());
        n.put("partition", letter.getPartition());
        n.put("offset", letter.getOffset());
        n.put("failedAtMs", letter.getFailedAtMs().toEpochMilli());
        byte[] key = bytes(letter.getOriginalKey());
        n.put("key", key == null ? null : new String(key, StandardCharsets.UTF_8));
        byte[] value = bytes(letter.getOriginalValue());
        n.put("valueBytes", value == null ? 0 : value.length);
        return n;
    }
}
