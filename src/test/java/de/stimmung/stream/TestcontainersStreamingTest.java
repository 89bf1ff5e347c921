package de.stimmung.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.stimmung.avro.AudioChunk;
import de.stimmung.avro.AudioEncoding;
import de.stimmung.avro.EmotionEvent;
import de.stimmung.features.FeatureExtractor;
import de.stimmung.model.EmotionScorer;
import de.stimmung.registry.CachedSchemaRegistryClient;
import de.stimmung.registry.RegistryAvroSerde;
import de.stimmung.registry.RegistrySettings;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.internals.AppInfoParser;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The service end to end against the deployment's images in Docker: Apache Kafka
 * ({@code apache/kafka}, KRaft) and Confluent Schema Registry ({@code confluentinc/cp-schema-registry})
 * on one network, exactly-once: two marked utterances give two events, written in the wire format
 * with the ids Confluent's registry assigned. Skipped (not failed) where no Docker engine runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class TestcontainersStreamingTest {

    private static final Network NETWORK = Network.newNetwork();

    @Container
    private static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:" + AppInfoParser.getVersion())
            .withNetwork(NETWORK).withNetworkAliases("kafka")
            .withListener("kafka:19092");

    @Container
    private static final GenericContainer<?> REGISTRY = new GenericContainer<>("confluentinc/cp-schema-registry:7.9.1")
            .withNetwork(NETWORK).dependsOn(KAFKA).withExposedPorts(8081)
            .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
            .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
            .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092")
            .waitingFor(Wait.forHttp("/subjects").forStatusCode(200));

    @Test
    void markedUtterancesThroughADockerBrokerYieldOneEventEach() throws Exception {
        FeatureExtractor fx = FeatureExtractor.withDefaults();
        String registryUrl = "http://" + REGISTRY.getHost() + ":" + REGISTRY.getMappedPort(8081);
        StreamConfig config = StreamConfig.defaults().withProcessingGuarantee("exactly_once_v2")
                .withOverrides(Map.of("state.dir", Files.createTempDirectory("tc-state").toString()))
                .withSchemaRegistry(registryUrl);
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBootstrapServers());
        Properties cp = new Properties();
        cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBootstrapServers());
        cp.put(ConsumerConfig.GROUP_ID_CONFIG, "tc-" + UUID.randomUUID());
        cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (EmotionScorer scorer = EmotionScorer.loadBundled(fx.version(), fx.dimension());
                StimmungService service = StimmungService.start(config, KAFKA.getBootstrapServers(), fx, scorer);
                KafkaProducer<String, AudioChunk> producer = new KafkaProducer<>(pp, new StringSerializer(),
                        RegistryAvroSerde.of(AudioChunk.class, config.serdeConfig(), false).serializer());
                KafkaConsumer<String, EmotionEvent> consumer = new KafkaConsumer<>(cp, new StringDeserializer(),
                        RegistryAvroSerde.of(EmotionEvent.class, config.serdeConfig(), false).deserializer())) {
            assertTrue(service.awaitRunning(Duration.ofSeconds(60)));
            for (String call : List.of("tc-a", "tc-b")) {
                for (AudioChunk c : Chunks.of(call, Chunks.voiced(150, 1.0, 16000, 0.3), 16000, 1600,
                        AudioEncoding.PCM_S16LE, call, true, 0)) {
                    producer.send(new ProducerRecord<>(config.speechTopic(), call, c));
                }
            }
            producer.flush();
            consumer.subscribe(List.of(config.eventsTopic()));
            List<String> ids = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (ids.size() < 2 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> ids.add(r.value().getUtteranceId()));
            }
            assertEquals(List.of("tc-a", "tc-b"), ids.stream().sorted().toList());
            var confluent = new CachedSchemaRegistryClient(RegistrySettings.from(config.serdeConfig()));
            assertEquals(EmotionEvent.SCHEMA$, confluent.latest(config.eventsTopic() + "-value").schema());
            assertEquals(AudioChunk.SCHEMA$, confluent.latest(config.speechTopic() + "-value").schema());
        }
    }
}
