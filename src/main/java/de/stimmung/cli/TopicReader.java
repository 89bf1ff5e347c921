package de.stimmung.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads one topic for a console command: checks that the cluster answers and the topic exists,
 * then hands each record to a handler until {@code --max} records or {@code --timeout} seconds of
 * silence. Committed records only. A record that does not deserialize is reported on stderr with
 * its position and reason and skipped. With a group id, progress is committed after each batch the
 * handler has finished, so a second run continues where the first stopped.
 */
final class TopicReader<V> {

    /** What to do with a record; returns whether it counts towards {@code --max}. */
    interface Handler<V> {
        boolean accept(ConsumerRecord<String, V> record) throws Exception;
    }

    private final KafkaOptions kafka;
    private final Map<String, String> clientProperties;
    private final ReadOptions options;
    private final PrintWriter err;

    TopicReader(KafkaOptions kafka, Map<String, String> clientProperties, ReadOptions options, PrintWriter err) {
        this.kafka = kafka;
        this.clientProperties = clientProperties;
        this.options = options;
        this.err = err;
    }

    /**
     * Reads {@code topic} with {@code values}; {@code groupId} null means a fresh group that
     * commits nothing. {@code afterBatch} runs before each commit (e.g. to flush what the handler
     * sent). Returns how many records counted.
     */
    int read(String topic, Deserializer<V> values, String groupId, Runnable afterBatch, Handler<V> handler)
            throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId != null ? groupId : "stimmung-console-" + java.util.UUID.randomUUID());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.putAll(clientProperties); // the user's settings win over our defaults
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, options.fromBeginning ? "earliest" : "latest");
        int count = 0;
        long lastRecord = System.nanoTime();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(p, new StringDeserializer(), values)) {
            Map<String, ?> topics;
            try {
                topics = consumer.listTopics(Duration.ofSeconds(15));
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                throw new IllegalStateException("cannot reach Kafka at " + kafka.bootstrapServers
                        + " within 15 s; check --bootstrap-servers; " + KafkaOptions.SECURITY_HINT, e);
            }
            if (topics.get(topic) == null) {
                throw new IllegalStateException("topic " + topic + " does not exist on " + kafka.bootstrapServers
                        + "; start 'serve' first (it creates the topics)");
            }
            consumer.subscribe(List.of(topic));
            boolean done = false;
            Map<TopicPartition, OffsetAndMetadata> handled = new HashMap<>();
            while (!done) {
                for (ConsumerRecord<String, V> r : poll(consumer)) {
                    lastRecord = System.nanoTime();
                    boolean counts = handler.accept(r);
                    handled.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                    if (counts && ++count == options.max) {
                        done = true;
                        break;
                    }
                }
                if (groupId != null && !handled.isEmpty()) {
                    afterBatch.run();
                    consumer.commitSync(handled); // exactly what was handled, not the rest of the batch
                    handled.clear();
                }
                if (options.timeoutSeconds > 0 && System.nanoTime() - lastRecord > options.timeoutSeconds * 1_000_000_000L) {
                    done = true;
                }
            }
        }
        return count;
    }

    private ConsumerRecords<String, V> poll(KafkaConsumer<String, V> consumer) {
        try {
            return consumer.poll(Duration.ofMillis(200));
        } catch (RecordDeserializationException e) {
            err.printf("skipped %s-%d@%d: %s%n", e.topicPartition().topic(), e.topicPartition().partition(), e.offset(),
                    e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
            err.flush();
            consumer.seek(e.topicPartition(), e.offset() + 1);
            return ConsumerRecords.empty();
        }
    }
}
