package de.stimmung.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import de.stimmung.stream.cluster.TopicSetup;
import de.stimmung.stream.cluster.TopicSpec;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.internals.AppInfoParser;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same produce/consume round trip against Apache Kafka in Docker ({@code apache/kafka}).
 * Without a Docker engine the whole class is reported as skipped, not failed.
 */
@Testcontainers(disabledWithoutDocker = true)
class TestcontainersRoundTripTest {

    /** The image tag follows the kafka-clients version on the class path (kafka.version in the root pom). */
    @Container
    private static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:" + AppInfoParser.getVersion());

    @Test
    void plainProducerAndConsumerRoundTripThroughKafkaInDocker() throws Exception {
        String bootstrap = KAFKA.getBootstrapServers();
        new TopicSetup(bootstrap, TopicSetup.DEFAULT_TIMEOUT).ensure(List.of(TopicSpec.of("docker-round-trip", 1, 1)));

        RoundTrip.produce(bootstrap, "docker-round-trip", Map.of("k", "Freude"));

        assertEquals(Map.of("k", "Freude"),
                RoundTrip.asMap(RoundTrip.consume(bootstrap, "docker-round-trip", 1, "read_committed")));
    }
}
