package de.stimmung.dashboard;

import de.stimmung.avro.DeadLetter;
import de.stimmung.avro.EmotionAlert;
import de.stimmung.avro.EmotionEvent;
import de.stimmung.registry.RegistryAvroSerde;
import de.stimmung.stream.monitor.CallViewUpdater;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's live feed: a consumer without a group that reads every partition of the
 * events, alerts and dead-letter topics from their end, turns each record into a Server-Sent
 * Event message and hands it to every subscriber. Messages are numbered {@code <run>-<n>} (run:
 * random per feed) and the latest ones kept, so a client that reconnects with
 * {@code Last-Event-ID} gets what it missed; a client of another run, or one that fell out of
 * the buffer, gets a {@code reset} message (reload the snapshot). Every instance runs its own feed.
 */
final class LiveFeed implements AutoCloseable {

    /** One SSE message: id, event name, JSON data (one line). */
    record Message(String id, String event, String data) {
    }

    /** A subscriber's queue of messages; {@link #overflowed()} once it fell too far behind. */
    static final class Subscription {
        private final BlockingQueue<Message> queue;
        private volatile boolean overflowed;

        Subscription(int capacity) {
            queue = new ArrayBlockingQueue<>(capacity);
        }

        BlockingQueue<Message> queue() {
            return queue;
        }

        boolean overflowed() {
            return overflowed;
        }

        void offer(Message m) {
            if (!queue.offer(m)) {
                overflowed = true;
            }
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<String> topics;
    private final String eventsTopic;
    private final String alertsTopic;
    private final Deserializer<EmotionEvent> events;
    private final Deserializer<EmotionAlert> alerts;
    private final Deserializer<DeadLetter> deadLetters;
    private final CallJson json;
    private final DashboardMetrics metrics;
    private final DashboardSettings settings;
    private final Deque<Message> recent = new ArrayDeque<>();
    private final List<Subscription> subscribers = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private final java.util.concurrent.CountDownLatch positioned = new java.util.concurrent.CountDownLatch(1);
    private long sequence;
    private volatile boolean running = true;

    LiveFeed(String bootstrap, Map<String, String> clientProperties, Map<String, Object> serdeConfig, String eventsTopic,
            String alertsTopic, String deadLetterTopic, CallJson json, DashboardMetrics metrics, DashboardSettings settings) {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"); // only what the service committed
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topics = List.of(eventsTopic, alertsTopic, deadLetterTopic);
        this.eventsTopic = eventsTopic;
        this.alertsTopic = alertsTopic;
        this.events = RegistryAvroSerde.of(EmotionEvent.class, serdeConfig, false).deserializer();
        this.alerts = RegistryAvroSerde.of(EmotionAlert.class, serdeConfig, false).deserializer();
        this.deadLetters = RegistryAvroSerde.of(DeadLetter.class, serdeConfig, false).deserializer();
        this.json = json;
        this.metrics = metrics;
        this.settings = settings;
        this.thread = new Thread(this::run, "stimmung-dashboard-feed");
        thread.setDaemon(true);
    }

    /**
     * Starts the feed thread, which assigns every partition and seeks to the end (only what
     * happens from then on is fed). Returns at once: the service's start-up does not wait for it.
     */
    void start() {
        thread.start();
    }

    private void assignAtEnd() {
        List<TopicPartition> parts = new ArrayList<>();
        for (String t : topics) {
            consumer.partitionsFor(t, Duration.ofSeconds(30)).forEach(i -> parts.add(new TopicPartition(t, i.partition())));
        }
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(consumer::position); // resolve the end now, not at the first poll
    }

    private void run() {
        try {
            assignAtEnd();
            positioned.countDown();
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    Message m = message(r);
                    if (m != null) {
                        publish(m);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("the dashboard's live feed stopped; pages get no live updates until the service restarts", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private Message message(ConsumerRecord<byte[], byte[]> r) {
        try {
            long now = System.currentTimeMillis();
            if (r.topic().equals(eventsTopic)) {
                EmotionEvent e = events.deserialize(r.topic(), r.headers(), r.value());
                boolean speech = CallViewUpdater.hasSpeech(e);
                metrics.utterance(speech ? e.getEmotion() : null, e.getEndTimeMs().toEpochMilli(), now);
                return new Message(null, "utterance", json.mapper().writeValueAsString(json.utterance(e, speech)));
            }
            if (r.topic().equals(alertsTopic)) {
                EmotionAlert a = alerts.deserialize(r.topic(), r.headers(), r.value());
                metrics.alert(a.getState().name());
                return new Message(null, "alert", json.mapper().writeValueAsString(json.alert(a)));
            }
            DeadLetter d = deadLetters.deserialize(r.topic(), r.headers(), r.value());
            metrics.deadLetter(d.getErrorKind());
            return new Message(null, "dead-letter", json.mapper().writeValueAsString(json.deadLetter(d)));
        } catch (Exception e) {
            LOG.warn("dashboard feed skips {}[{}]@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            return null;
        }
    }

    private synchronized void publish(Message unnumbered) {
        Message m = new Message(run + "-" + (++sequence), unnumbered.event(), unnumbered.data());
        recent.addLast(m);
        if (recent.size() > settings.replayEvents()) {
            recent.removeFirst();
        }
        for (Subscription s : subscribers) {
            s.offer(m);
        }
        metrics.delivered(subscribers.size());
    }

    /**
     * A new subscription; with a {@code lastEventId} of this run still in the buffer, its queue
     * starts with the messages after it, otherwise (another run, too old) with a {@code reset}.
     */
    synchronized Subscription subscribe(String lastEventId) {
        Subscription s = new Subscription(settings.clientQueue() + settings.replayEvents());
        if (lastEventId != null && !lastEventId.isBlank()) {
            long after = sequenceOf(lastEventId);
            long oldest = recent.isEmpty() ? sequence + 1 : sequenceOf(recent.peekFirst().id());
            if (after < 0 || after < oldest - 1 || after > sequence) {
                s.offer(new Message(run + "-" + sequence, "reset", "{\"reason\":\"the events after " + quote(lastEventId)
                        + " are no longer kept; reload the snapshot\"}"));
            } else {
                recent.stream().filter(m -> sequenceOf(m.id()) > after).forEach(s::offer);
            }
        }
        subscribers.add(s);
        return s;
    }

    /** Waits until the feed reads from the topics' ends (it starts in the background); false at the timeout. */
    boolean awaitPositioned(Duration timeout) throws InterruptedException {
        return positioned.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    void unsubscribe(Subscription s) {
        subscribers.remove(s);
    }

    /** The latest message id, for a client that connects without {@code Last-Event-ID}. */
    synchronized String currentId() {
        return run + "-" + sequence;
    }

    private long sequenceOf(String id) {
        int dash = id.lastIndexOf('-');
        if (dash < 0 || !id.substring(0, dash).equals(run)) {
            return -1;
        }
        try {
            return Long.parseLong(id.substring(dash + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String quote(String s) {
        return s.replaceAll("[^A-Za-z0-9-]", "?");
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
