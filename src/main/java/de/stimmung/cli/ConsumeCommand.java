package de.stimmung.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.stimmung.avro.EmotionEvent;
import de.stimmung.registry.RegistryAvroSerde;
import de.stimmung.stream.StreamConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code stimmung consume}: prints emotion events as JSON lines whose keys are the EmotionEvent field names. */
@Command(name = "consume", mixinStandardHelpOptions = true,
        description = "Print emotion events as they arrive, one JSON object per line.")
final class ConsumeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--topic", defaultValue = StreamConfig.DEFAULT_EVENTS_TOPIC, description = "Topic. Default: ${DEFAULT-VALUE}.")
    String topic;

    @Option(names = "--from-beginning", description = "Start at the oldest event instead of new ones only.")
    boolean fromBeginning;

    @Option(names = "--max", defaultValue = "0", description = "Stop after this many events (0 = no limit).")
    int max;

    @Option(names = "--timeout", defaultValue = "0", description = "Stop after this many seconds without an event (0 = never).")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        Map<String, String> clientProperties = kafka.requireClusterAndRegistry(spec.commandLine());
        Properties p = new Properties();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "stimmung-consume-" + UUID.randomUUID());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.putAll(clientProperties); // the user's settings win over our defaults
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        PrintWriter out = spec.commandLine().getOut();
        ObjectMapper json = new ObjectMapper();
        int count = 0;
        long lastEvent = System.nanoTime();
        try (KafkaConsumer<String, EmotionEvent> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                RegistryAvroSerde.of(EmotionEvent.class, clientProperties, false).deserializer())) {
            Map<String, ?> topics;
            try {
                topics = consumer.listTopics(Duration.ofSeconds(15));
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                throw new IllegalStateException("cannot reach Kafka at " + kafka.bootstrapServers
                        + " within 15 s; check --bootstrap-servers", e);
            }
            if (topics.get(topic) == null) {
                throw new IllegalStateException("topic " + topic + " does not exist on " + kafka.bootstrapServers
                        + "; start 'serve' first (it creates the topics)");
            }
            consumer.subscribe(java.util.List.of(topic));
            while (max == 0 || count < max) {
                for (ConsumerRecord<String, EmotionEvent> r : poll(consumer)) {
                    out.println(json.writeValueAsString(toJson(json, r.value())));
                    count++;
                    lastEvent = System.nanoTime();
                    if (max > 0 && count >= max) {
                        break;
                    }
                }
                out.flush();
                if (timeoutSeconds > 0 && System.nanoTime() - lastEvent > timeoutSeconds * 1_000_000_000L) {
                    break;
                }
            }
        }
        out.flush();
        return 0;
    }

    /**
     * The next records; a record that does not deserialize (not in the wire format, a schema the
     * registry does not know...) is reported on stderr with its position and reason and skipped,
     * so one bad record does not end the console.
     */
    private Iterable<ConsumerRecord<String, EmotionEvent>> poll(KafkaConsumer<String, EmotionEvent> consumer) {
        try {
            return consumer.poll(Duration.ofMillis(200));
        } catch (org.apache.kafka.common.errors.RecordDeserializationException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf("skipped %s-%d@%d: %s%n", e.topicPartition().topic(), e.topicPartition().partition(), e.offset(),
                    e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
            err.flush();
            consumer.seek(e.topicPartition(), e.offset() + 1);
            return java.util.List.of();
        }
    }

    /** An event as JSON with the schema's field names; times as epoch milliseconds. */
    static ObjectNode toJson(ObjectMapper json, EmotionEvent e) {
        ObjectNode n = json.createObjectNode();
        n.put("callId", e.getCallId());
        n.put("channel", e.getChannel());
        n.put("utteranceId", e.getUtteranceId());
        n.put("startTimeMs", e.getStartTimeMs().toEpochMilli());
        n.put("endTimeMs", e.getEndTimeMs().toEpochMilli());
        n.put("emotion", e.getEmotion());
        n.put("confidence", e.getConfidence());
        ObjectNode probs = n.putObject("probabilities");
        for (de.stimmung.model.Emotion label : de.stimmung.model.Emotion.values()) {
            Double p = e.getProbabilities().get(label.label());
            probs.put(label.label(), p == null ? 0.0 : p);
        }
        n.put("modelVersion", e.getModelVersion());
        n.put("featureSpecVersion", e.getFeatureSpecVersion());
        n.put("processingTimeMs", e.getProcessingTimeMs());
        return n;
    }
}
