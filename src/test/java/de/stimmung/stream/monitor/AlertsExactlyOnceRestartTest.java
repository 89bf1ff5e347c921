package de.stimmung.stream.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import de.stimmung.avro.AlertState;
import de.stimmung.avro.EmotionAlert;
import de.stimmung.avro.EmotionEvent;
import de.stimmung.features.FeatureExtractor;
import de.stimmung.model.EmotionScorer;
import de.stimmung.registry.RegistryAvroSerde;
import de.stimmung.registry.RegistrySettings;
import de.stimmung.stream.StimmungService;
import de.stimmung.stream.StreamConfig;
import de.stimmung.embedded.EmbeddedKafkaBroker;
import de.stimmung.embedded.SharedRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * Alerts under {@code exactly_once_v2} on a real broker and registry: an episode raised before a
 * restart is not raised again after it (the call view comes back from its changelog, here into an
 * empty state directory), and it is cleared once; the alerts topic holds each change exactly once.
 */
class AlertsExactlyOnceRestartTest {

    static final FeatureExtractor FX = FeatureExtractor.withDefaults();

    @Test
    void anEpisodeRaisedBeforeARestartIsNeitherLostNorRaisedAgain() throws Exception {
        String registry = SharedRegistry.url();
        Map<String, Object> serde = Map.of(RegistrySettings.URL, registry);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
                EmotionScorer scorer = EmotionScorer.loadBundled(FX.version(), FX.dimension())) {
            StreamConfig config = StreamConfig.defaults().withApplicationId("alerts-eos-" + UUID.randomUUID())
                    .withProcessingGuarantee(StreamsConfig.EXACTLY_ONCE_V2).withSchemaRegistry(registry);
            MonitorSettings monitor = MonitorSettings.defaults();
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            try (KafkaProducer<String, EmotionEvent> events = new KafkaProducer<>(p, new StringSerializer(),
                    RegistryAvroSerde.of(EmotionEvent.class, serde, false).serializer());
                    KafkaConsumer<String, EmotionAlert> alerts = alertsConsumer(broker, serde, monitor)) {
                StimmungService first = start(config, monitor, broker, scorer);
                for (int n = 0; n < 3; n++) {
                    events.send(new ProducerRecord<>(config.eventsTopic(), "c", Utterances.angry("c", 0, n))).get();
                }
                List<EmotionAlert> seen = new ArrayList<>();
                await(alerts, seen, 1);
                first.close();

                StimmungService second = start(config, monitor, broker, scorer); // fresh state dir: restored from the changelog
                events.send(new ProducerRecord<>(config.eventsTopic(), "c", Utterances.angry("c", 0, 3))).get();
                for (int n = 4; n < 7; n++) {
                    events.send(new ProducerRecord<>(config.eventsTopic(), "c", Utterances.calm("c", 0, n))).get();
                }
                await(alerts, seen, 2);
                second.close();
                await(alerts, seen, 2); // and nothing more arrives
                assertEquals(List.of(AlertState.RAISED, AlertState.CLEARED), seen.stream().map(EmotionAlert::getState).toList());
                assertEquals(List.of("c/1", "c/1"), seen.stream().map(EmotionAlert::getAlertId).toList());
            }
        }
    }

    private static StimmungService start(StreamConfig config, MonitorSettings monitor, EmbeddedKafkaBroker broker,
            EmotionScorer scorer) throws Exception {
        Path state = Files.createTempDirectory("alerts-eos");
        StimmungService s = StimmungService.start(config.withOverrides(Map.of(StreamsConfig.STATE_DIR_CONFIG, state.toString())),
                monitor, broker.bootstrapServers(), FX, scorer);
        if (!s.awaitRunning(Duration.ofSeconds(90))) {
            throw new IllegalStateException("not RUNNING: " + s.streams().state());
        }
        return s;
    }

    private static KafkaConsumer<String, EmotionAlert> alertsConsumer(EmbeddedKafkaBroker broker, Map<String, Object> serde,
            MonitorSettings monitor) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "alerts-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, EmotionAlert> c = new KafkaConsumer<>(p, new StringDeserializer(),
                RegistryAvroSerde.of(EmotionAlert.class, serde, false).deserializer());
        c.subscribe(List.of(monitor.alertsTopic()));
        return c;
    }

    /** Polls until {@code into} holds {@code count} alerts, then 2 s more to catch any extra one. */
    private static void await(KafkaConsumer<String, EmotionAlert> c, List<EmotionAlert> into, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long settle = Long.MAX_VALUE;
        while (System.nanoTime() < Math.min(deadline, settle)) {
            for (ConsumerRecord<String, EmotionAlert> r : c.poll(Duration.ofMillis(200))) {
                into.add(r.value());
            }
            if (into.size() >= count && settle == Long.MAX_VALUE) {
                settle = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            }
        }
        assertEquals(count, into.size(), "alerts: " + into);
    }
}
