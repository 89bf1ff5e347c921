package de.stimmung.stream;

import de.stimmung.features.FeatureExtractor;
import de.stimmung.model.EmotionScorer;
import de.stimmung.stream.broker.TopicSetup;
import de.stimmung.stream.broker.TopicSpec;
import java.time.Duration;
import java.util.List;
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
     * Creates the topics if missing and starts the topology.
     *
     * @throws de.stimmung.stream.broker.KafkaUnreachableException if the cluster does not answer
     */
    public static StimmungService start(StreamConfig config, String bootstrapServers, FeatureExtractor extractor,
            EmotionScorer scorer) {
        new TopicSetup(bootstrapServers, TopicSetup.DEFAULT_TIMEOUT).ensure(List.of(
                TopicSpec.of(config.speechTopic(), config.partitions(), config.replication()),
                TopicSpec.of(config.eventsTopic(), config.partitions(), config.replication()),
                TopicSpec.of(config.deadLetterTopic(), config.partitions(), config.replication())));
        KafkaStreams streams = new KafkaStreams(EmotionTopology.build(config, extractor, scorer),
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
