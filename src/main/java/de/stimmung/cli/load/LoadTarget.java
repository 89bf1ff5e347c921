package de.stimmung.cli.load;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where a load test sends its calls and reads the events back.
 *
 * @param bootstrapServers the cluster
 * @param clientProperties Kafka client properties for the load generator's producer, consumer and admin
 *                         client, including {@code schema.registry.url} and any security settings
 * @param speechTopic      where the service reads AudioChunk records
 * @param eventsTopic      where the service writes EmotionEvent records
 * @param applicationId    the service's Kafka Streams application id (its consumer group, for the input lag)
 * @param serviceInThisJvm whether the service's threads run in this JVM (their CPU is then measured)
 * @param embeddedBroker   whether the broker runs in this JVM (its threads' CPU is then shown as the broker's)
 * @param registryCpu      CPU time so far of the schema registry's child process, if there is one
 */
public record LoadTarget(String bootstrapServers, Map<String, String> clientProperties, String speechTopic,
        String eventsTopic, String applicationId, boolean serviceInThisJvm, boolean embeddedBroker,
        Supplier<Optional<Duration>> registryCpu) {

    public LoadTarget {
        clientProperties = Map.copyOf(clientProperties);
    }
}
