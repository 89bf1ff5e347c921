package de.stimmung.dashboard;

import de.stimmung.avro.AlertAck;
import de.stimmung.registry.RegistryAvroSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes supervisors' acknowledgements to the acks topic (keyed by call id, so they reach the
 * task that owns the call's alert); the service turns them into ACKNOWLEDGED alerts. Thread-safe.
 */
final class AlertAcknowledgements implements AutoCloseable {

    private final KafkaProducer<String, AlertAck> producer;
    private final String topic;

    AlertAcknowledgements(String bootstrap, Map<String, String> clientProperties, Map<String, Object> serdeConfig,
            String topic) {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        this.producer = new KafkaProducer<>(p, new StringSerializer(),
                RegistryAvroSerde.of(AlertAck.class, serdeConfig, false).serializer());
        this.topic = topic;
    }

    /**
     * Acknowledges the alert {@code alertId} ({@code <callId>/<n>}) and waits until the broker has it.
     *
     * @throws IllegalArgumentException if the id is not of that form
     */
    void acknowledge(String alertId, String by) throws ExecutionException, InterruptedException, TimeoutException {
        int slash = alertId.lastIndexOf('/');
        if (slash <= 0 || slash == alertId.length() - 1) {
            throw new IllegalArgumentException("alert id '" + alertId + "' is not <callId>/<n>; take it from the alert");
        }
        String callId = alertId.substring(0, slash);
        AlertAck ack = new AlertAck(callId, alertId, by, Instant.now());
        producer.send(new ProducerRecord<>(topic, callId, ack)).get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
