package de.stimmung.stream;

import de.stimmung.avro.EmotionEvent;
import de.stimmung.registry.RegistryAvroSerde;
import de.stimmung.registry.RegistrySettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads committed events from a topic on a thread of its own while a test runs, noting when each
 * arrived (System.nanoTime), so a test can wait for some of them and measure how late they came.
 */
final class EventCollector implements AutoCloseable {

    /** An event and when it was read (System.nanoTime). */
    record Received(EmotionEvent event, long atNanos) {
    }

    private final List<Received> received = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile Exception failure;

    EventCollector(String bootstrap, String registryUrl, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "collector-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, EmotionEvent> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                RegistryAvroSerde.of(EmotionEvent.class, Map.of(RegistrySettings.URL, registryUrl), false).deserializer());
        consumer.subscribe(List.of(topic));
        thread = new Thread(() -> {
            try (consumer) {
                while (running.get()) {
                    for (ConsumerRecord<String, EmotionEvent> r : consumer.poll(Duration.ofMillis(100))) {
                        synchronized (received) {
                            received.add(new Received(r.value(), System.nanoTime()));
                            received.notifyAll();
                        }
                    }
                }
            } catch (Exception e) {
                failure = e;
            }
        }, "event-collector");
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until at least {@code n} events arrived or the timeout passed; returns how many did. */
    int await(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (received.size() < n && failure == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                received.wait(Math.max(1, left / 1_000_000));
            }
            if (failure != null) {
                throw new IllegalStateException("the event consumer failed: " + failure, failure);
            }
            return received.size();
        }
    }

    /**
     * Waits for {@code n} events, then as long again as {@code settle} with none more, so that a
     * duplicate or a split utterance has time to show; returns all events read.
     */
    List<Received> awaitAndSettle(int n, Duration timeout, Duration settle) throws InterruptedException {
        await(n, timeout);
        int seen;
        do {
            seen = size();
            await(seen + 1, settle);
        } while (size() > seen);
        return snapshot();
    }

    int size() {
        synchronized (received) {
            return received.size();
        }
    }

    List<Received> snapshot() {
        synchronized (received) {
            return new ArrayList<>(received);
        }
    }

    List<EmotionEvent> events() {
        return snapshot().stream().map(Received::event).toList();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(10_000);
    }
}
