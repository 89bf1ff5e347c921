package de.stimmung.stream;

import de.stimmung.features.FeatureExtractor;
import de.stimmung.model.EmotionScorer;
import de.stimmung.stream.cluster.TopicSetup;
import de.stimmung.stream.cluster.TopicSpec;
import de.stimmung.avro.DeadLetter;
import de.stimmung.avro.EmotionEvent;
import de.stimmung.avro.AlertAck;
import de.stimmung.avro.EmotionAlert;
import de.stimmung.stream.monitor.MonitorSettings;
import de.stimmung.stream.monitor.MonitorTopology;
import de.stimmung.registry.RegistryAvroSerde;
import de.stimmung.registry.RegistrySerdeException;
import de.stimmung.registry.RegistrySettings;
import de.stimmung.registry.SchemaRegistryClient;
import de.stimmung.registry.SchemaRegistryClients;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: creates missing topics, then runs the {@link EmotionTopology} on a
 * cluster with Kafka Streams until closed. The topology itself is pure; this class only adds
 * the I/O around it. Close it to stop (cleanly: open transactions are committed or aborted).
 */
public final class StimmungService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StimmungService.class);

    private final KafkaStreams streams;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Throwable failure;

    private StimmungService(KafkaStreams streams) {
        this.streams = streams;
    }

    /**
     * Creates the topics if missing, registers the output schemas, and starts the topology.
     *
     * @throws de.stimmung.stream.cluster.KafkaUnreachableException if the cluster does not answer
     * @throws IllegalStateException if the schema registry is unreachable or refuses our schemas
     */
    public static StimmungService start(StreamConfig config, String bootstrapServers, FeatureExtractor extractor,
            EmotionScorer scorer) {
        return start(config, MonitorSettings.defaults(), bootstrapServers, extractor, scorer);
    }

    /** As {@link #start(StreamConfig, String, FeatureExtractor, EmotionScorer)}, with these call-monitor (alert) settings. */
    public static StimmungService start(StreamConfig config, MonitorSettings monitor, String bootstrapServers,
            FeatureExtractor extractor, EmotionScorer scorer) {
        new TopicSetup(bootstrapServers, config.streamsOverrides(), TopicSetup.DEFAULT_TIMEOUT).ensure(List.of(
                TopicSpec.of(config.speechTopic(), config.partitions(), config.replication()),
                TopicSpec.of(config.eventsTopic(), config.partitions(), config.replication()),
                TopicSpec.of(config.deadLetterTopic(), config.partitions(), config.replication()),
                // call monitor (alerts); the acks must be partitioned like the events (both keyed by call id)
                TopicSpec.of(monitor.alertsTopic(), config.partitions(), config.replication()),
                TopicSpec.of(monitor.acksTopic(), config.partitions(), config.replication())));
        prepareSchemas(config);
        prepareMonitorSchemas(config, monitor);
        KafkaStreams streams = new KafkaStreams(
                MonitorTopology.addTo(EmotionTopology.build(config, extractor, scorer), config, monitor),
                config.streamsProperties(bootstrapServers));
        StimmungService service = new StimmungService(streams);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("stream thread failed; stopping the service", e);
            service.failure = e;
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                service.stopped.countDown();
            }
        });
        streams.start();
        return service;
    }

    /**
     * Registers (or looks up) the EmotionEvent and DeadLetter schemas before any record flows,
     * through a view of the shared registry client that retries only briefly: a registry that is
     * down at start-up is a clear error within seconds, not a minute of retries, and afterwards the
     * shared client has both ids cached, so writing events and dead letters never waits for the
     * registry.
     */
    static void prepareSchemas(StreamConfig config) {
        Map<String, Object> serdeConfig = config.serdeConfig();
        String url = config.schemaRegistryUrl().orElseThrow();
        SchemaRegistryClient shared = SchemaRegistryClients.forConfig(serdeConfig);
        SchemaRegistryClient quick = shared.withRetries(2, Duration.ofMillis(250), Duration.ofSeconds(1));
        try {
            int events = RegistryAvroSerde.of(EmotionEvent.class, quick, serdeConfig, false).prepare(config.eventsTopic());
            int deadLetters = RegistryAvroSerde.of(DeadLetter.class, quick, serdeConfig, false)
                    .prepare(config.deadLetterTopic());
            LOG.info("Schema registry {}: EmotionEvent for {} has id {}, DeadLetter for {} has id {}", url,
                    config.eventsTopic(), events, config.deadLetterTopic(), deadLetters);
        } catch (RegistrySerdeException e) {
            String fix = e.reason() == RegistrySerdeException.Reason.REGISTRY_UNAVAILABLE
                    ? "start it, or point --schema-registry-url (" + RegistrySettings.URL + ") at a running one"
                    : "see the registry's answer above; the subjects' compatibility rule is BACKWARD";
            throw new IllegalStateException("the schema registry at " + url + " cannot be used: " + e.getMessage()
                    + "; " + fix, e);
        }
    }

    /** Registers the call monitor's EmotionAlert and AlertAck schemas, briefly retrying as {@link #prepareSchemas}. */
    static void prepareMonitorSchemas(StreamConfig config, MonitorSettings monitor) {
        Map<String, Object> serdeConfig = config.serdeConfig();
        SchemaRegistryClient shared = SchemaRegistryClients.forConfig(serdeConfig);
        SchemaRegistryClient quick = shared.withRetries(2, Duration.ofMillis(250), Duration.ofSeconds(1));
        try {
            RegistryAvroSerde.of(EmotionAlert.class, quick, serdeConfig, false).prepare(monitor.alertsTopic());
            RegistryAvroSerde.of(AlertAck.class, quick, serdeConfig, false).prepare(monitor.acksTopic());
        } catch (RegistrySerdeException e) {
            throw new IllegalStateException("the schema registry at " + config.schemaRegistryUrl().orElseThrow()
                    + " cannot be used for the alert schemas: " + e.getMessage(), e);
        }
    }

    /** Waits until the service is RUNNING (partitions assigned), or the timeout passes. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (streams.state() == KafkaStreams.State.RUNNING) {
                return true;
            }
            if (stopped.getCount() == 0) {
                return false;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** Blocks until the service stops; returns the failure that stopped it, if any. */
    public Throwable awaitStop() throws InterruptedException {
        stopped.await();
        return failure;
    }

    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public KafkaStreams streams() {
        return streams;
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
        stopped.countDown();
    }
}
