package de.stimmung.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import de.stimmung.avro.EmotionAlert;
import de.stimmung.avro.EmotionEvent;
import de.stimmung.registry.RegistryAvroSerde;
import de.stimmung.stream.StreamConfig;
import de.stimmung.stream.monitor.CallViewUpdater;
import de.stimmung.stream.monitor.MonitorSettings;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The demo's console: reads the events and alerts topics and prints one line per record, readable
 * ({@code 10:15:02  call 02-ruhig  ch0  neutral 0.62  (sadness 0.21, boredom 0.09)}) or as JSON.
 */
final class DemoLines implements AutoCloseable {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String eventsTopic;
    private final Deserializer<EmotionEvent> events;
    private final Deserializer<EmotionAlert> alerts;
    private final boolean json;
    private final PrintWriter out;
    private final ObjectMapper mapper = new ObjectMapper();

    DemoLines(String bootstrap, StreamConfig config, MonitorSettings monitor, boolean json, PrintWriter out) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "stimmung-demo-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(config.eventsTopic(), monitor.alertsTopic()));
        eventsTopic = config.eventsTopic();
        events = RegistryAvroSerde.of(EmotionEvent.class, config.serdeConfig(), false).deserializer();
        alerts = RegistryAvroSerde.of(EmotionAlert.class, config.serdeConfig(), false).deserializer();
        this.json = json;
        this.out = out;
    }

    /** Prints what arrives within {@code wait}; returns the number of emotion events among it. */
    int print(Duration wait) throws Exception {
        int n = 0;
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(wait)) {
            if (r.topic().equals(eventsTopic)) {
                EmotionEvent e = events.deserialize(r.topic(), r.headers(), r.value());
                out.println(json ? mapper.writeValueAsString(ConsumeCommand.toJson(mapper, e)) : line(e));
                n++;
            } else {
                EmotionAlert a = alerts.deserialize(r.topic(), r.headers(), r.value());
                out.println(json ? mapper.writeValueAsString(de.stimmung.dashboard.AlertJson.of(mapper, a)) : line(a));
            }
        }
        out.flush();
        return n;
    }

    static String line(EmotionEvent e) {
        String head = String.format(Locale.ROOT, "%s  call %s  ch%d  ", TIME.format(e.getEndTimeMs()), e.getCallId(), e.getChannel());
        if (!CallViewUpdater.hasSpeech(e)) {
            return head + "no speech";
        }
        List<Map.Entry<String, Double>> others = e.getProbabilities().entrySet().stream()
                .filter(x -> !x.getKey().equals(e.getEmotion()))
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())).limit(2).toList();
        StringBuilder b = new StringBuilder(head).append(String.format(Locale.ROOT, "%-9s %.2f  (", e.getEmotion(), e.getConfidence()));
        for (int i = 0; i < others.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.2f", others.get(i).getKey(), others.get(i).getValue()));
        }
        return b.append(')').toString();
    }

    static String line(EmotionAlert a) {
        return String.format(Locale.ROOT, "%s  ALERT %s  call %s  ch%d  %s %.2f  (%s)%s", TIME.format(a.getTimeMs()),
                a.getState(), a.getCallId(), a.getChannel(), a.getEmotion(), a.getScore(), a.getRule(),
                a.getAcknowledgedBy() == null ? "" : "  acknowledged by " + a.getAcknowledgedBy());
    }

    /** {@code 90}, {@code 90s}, {@code 5m}, {@code 1h}; a bad value names the accepted forms. */
    static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            char unit = t.charAt(t.length() - 1);
            long v = Character.isDigit(unit) ? Long.parseLong(t) : Long.parseLong(t.substring(0, t.length() - 1));
            return switch (unit) {
                case 'h' -> Duration.ofHours(v);
                case 'm' -> Duration.ofMinutes(v);
                case 's' -> Duration.ofSeconds(v);
                default -> {
                    if (!Character.isDigit(unit)) {
                        throw new NumberFormatException();
                    }
                    yield Duration.ofSeconds(v);
                }
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--duration '" + text + "' is not a time; write e.g. 90, 90s, 5m or 1h");
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
