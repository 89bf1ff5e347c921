package de.stimmung.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.stimmung.audio.SampleCodec;
import de.stimmung.avro.AudioChunk;
import de.stimmung.avro.AudioEncoding;
import de.stimmung.avro.EmotionEvent;
import de.stimmung.features.FeatureExtractor;
import de.stimmung.model.Emotion;
import de.stimmung.model.EmotionScorer;
import de.stimmung.registry.RegistryAvroSerde;
import de.stimmung.registry.RegistrySettings;
import de.stimmung.stream.StimmungService;
import de.stimmung.stream.StreamConfig;
import de.stimmung.embedded.EmbeddedKafkaBroker;
import de.stimmung.embedded.SharedRegistry;
import de.stimmung.stream.monitor.MonitorSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * For dashboard tests: a real broker and the shared real schema registry, and any number of
 * service instances (same application id, each with its own dashboard on a free port and
 * {@code application.server} set to it). Produces audio calls and emotion events the test builds.
 */
final class DashboardCluster implements AutoCloseable {

    /** One running service instance with its dashboard. */
    record Instance(StimmungService service, DashboardServer dashboard) {
        String url(String path) {
            return dashboard.url() + path.substring(1);
        }
    }

    static final FeatureExtractor FX = FeatureExtractor.withDefaults();
    final ObjectMapper json = new ObjectMapper();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final EmbeddedKafkaBroker broker;
    final String registryUrl;
    final EmotionScorer scorer;
    final StreamConfig config;
    final MonitorSettings monitor;
    final List<Instance> instances = new ArrayList<>();
    private final KafkaProducer<String, EmotionEvent> events;
    private final KafkaProducer<String, AudioChunk> audio;

    DashboardCluster(MonitorSettings monitor) throws Exception {
        this.registryUrl = SharedRegistry.url();
        this.broker = EmbeddedKafkaBroker.start();
        this.scorer = EmotionScorer.loadBundled(FX.version(), FX.dimension());
        this.monitor = monitor;
        this.config = StreamConfig.defaults().withApplicationId("dashboard-test-" + UUID.randomUUID())
                .withSchemaRegistry(registryUrl);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        Map<String, Object> serde = Map.of(RegistrySettings.URL, registryUrl);
        events = new KafkaProducer<>(p, new StringSerializer(), RegistryAvroSerde.of(EmotionEvent.class, serde, false).serializer());
        audio = new KafkaProducer<>(p, new StringSerializer(), RegistryAvroSerde.of(AudioChunk.class, serde, false).serializer());
    }

    /** Starts one more instance and waits until it runs and its dashboard answers. */
    Instance startInstance() throws Exception {
        DashboardServer dashboard = DashboardServer.bind(DashboardSettings.defaults().withAddress("127.0.0.1", 0)
                .withHeartbeat(Duration.ofSeconds(1)));
        Path state = Files.createTempDirectory("dashboard-state");
        StreamConfig c = config.withOverrides(Map.of(StreamsConfig.APPLICATION_SERVER_CONFIG, dashboard.hostPort(),
                StreamsConfig.STATE_DIR_CONFIG, state.toString()));
        StimmungService service = StimmungService.start(c, monitor, broker.bootstrapServers(), FX, scorer);
        if (!service.awaitRunning(Duration.ofSeconds(90))) {
            throw new IllegalStateException("instance did not reach RUNNING");
        }
        dashboard.attach(service.streams(), broker.bootstrapServers(), c, monitor, dashboard.hostPort());
        Instance i = new Instance(service, dashboard);
        instances.add(i);
        return i;
    }

    /** Waits until every instance is RUNNING (after the rebalance another instance caused). */
    void awaitAllRunning() throws InterruptedException {
        for (Instance i : instances) {
            if (!i.service().awaitRunning(Duration.ofSeconds(90))) {
                throw new IllegalStateException("an instance is not RUNNING: " + i.service().streams().state());
            }
        }
    }

    /** An utterance event of the test's making: utterance n of the call channel, 1 s long every 2 s from {@code t0}. */
    static EmotionEvent event(String callId, int channel, int n, long t0, Emotion top, double p) {
        Map<String, Double> probs = new LinkedHashMap<>();
        for (Emotion e : Emotion.values()) {
            probs.put(e.label(), e == top ? p : (1 - p) / 6);
        }
        return EmotionEvent.newBuilder().setCallId(callId).setChannel(channel).setUtteranceId(callId + "/" + channel + "/" + n)
                .setStartTimeMs(Instant.ofEpochMilli(t0 + 2000L * n)).setEndTimeMs(Instant.ofEpochMilli(t0 + 2000L * n + 1000))
                .setEmotion(top.label()).setConfidence(p).setProbabilities(probs).setModelVersion("test")
                .setFeatureSpecVersion("test").setProcessingTimeMs(1.0).build();
    }

    /** Sends without waiting (call {@link #flush}). */
    void sendAsync(EmotionEvent e) {
        events.send(new ProducerRecord<>(config.eventsTopic(), e.getCallId(), e));
    }

    void flush() {
        events.flush();
    }

    void send(EmotionEvent e) throws Exception {
        events.send(new ProducerRecord<>(config.eventsTopic(), e.getCallId(), e)).get();
    }

    /** A mono call of one voiced utterance (16 kHz PCM, producer-marked), through the whole pipeline. */
    void sendAudioCall(String callId, double f0, double seconds) throws Exception {
        int rate = 16000;
        float[] x = new float[(int) (seconds * rate)];
        double phase = 0;
        for (int i = 0; i < x.length; i++) {
            double t = (double) i / rate;
            phase += 2 * Math.PI * f0 * (1 + 0.1 * Math.sin(2 * Math.PI * 2.5 * t)) / rate;
            x[i] = (float) (0.3 * Math.max(0, Math.sin(Math.PI * 4 * t / seconds))
                    * (Math.sin(phase) + 0.5 * Math.sin(2 * phase) + 0.25 * Math.sin(3 * phase)));
        }
        SampleCodec codec = SampleCodec.forEncoding(de.stimmung.audio.SampleEncoding.PCM_S16LE);
        long now = System.currentTimeMillis();
        int chunk = 1600;
        long seq = 0;
        for (int off = 0; off < x.length; off += chunk) {
            int n = Math.min(chunk, x.length - off);
            boolean last = off + n >= x.length;
            AudioChunk c = AudioChunk.newBuilder().setCallId(callId).setChannel(0).setSequenceNumber(seq++)
                    .setTimestampMs(Instant.ofEpochMilli(now + (long) off * 1000 / rate)).setSampleRateHz(rate)
                    .setEncoding(AudioEncoding.PCM_S16LE).setAudio(ByteBuffer.wrap(codec.encode(x, off, n)))
                    .setUtteranceId(callId + "-u0").setEndOfUtterance(last).setEndOfCall(last).build();
            audio.send(new ProducerRecord<>(config.speechTopic(), callId, c));
        }
        audio.flush();
    }

    HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    JsonNode getJson(String url) throws Exception {
        HttpResponse<String> r = get(url);
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
        return json.readTree(r.body());
    }

    /** Polls {@code url} until its JSON satisfies {@code done} (503s while rebalancing are retried), or fails at the deadline. */
    JsonNode await(String url, Predicate<JsonNode> done, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = get(url);
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200) {
                JsonNode n = json.readTree(r.body());
                if (done.test(n)) {
                    return n;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what + " at " + url + "; last answer: "
                + (last.length() > 2000 ? last.substring(0, 2000) + "…" : last));
    }

    static JsonNode call(JsonNode snapshot, String callId) {
        for (JsonNode c : snapshot.get("calls")) {
            if (c.get("callId").asText().equals(callId)) {
                return c;
            }
        }
        return null;
    }

    @Override
    public void close() {
        events.close();
        audio.close();
        for (Instance i : instances) {
            i.dashboard().close();
            i.service().close();
        }
        scorer.close();
        broker.close();
    }
}
