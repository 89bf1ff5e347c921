package de.stimmung.bench;

import de.stimmung.audio.SampleCodec;
import de.stimmung.avro.AudioChunk;
import de.stimmung.avro.AudioEncoding;
import de.stimmung.avro.EmotionEvent;
import de.stimmung.features.FeatureExtractor;
import de.stimmung.model.EmotionScorer;
import de.stimmung.registry.RegistryAvroSerde;
import de.stimmung.stream.StimmungService;
import de.stimmung.stream.StreamConfig;
import de.stimmung.stream.WireEncoding;
import de.stimmung.embedded.EmbeddedKafkaBroker;
import de.stimmung.embedded.EmbeddedSchemaRegistry;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Load harness (not a test): N concurrent real-time calls of 16 kHz audio in 100 ms chunks, each
 * a loop of 2 s producer-marked utterances, against the embedded broker and the service in this
 * JVM. Prints the utterance-end-to-event latency (from sending an utterance's last chunk to
 * receiving its event) and the event rate. Run:
 * {@code mvn -B -f stimmung.pom.xml test-compile exec:exec -Pbench -Dbench.main=...} or directly
 * with the test class path: {@code java ... de.stimmung.bench.StreamingLoadHarness 50,100,200 30}.
 */
public final class StreamingLoadHarness {

    private StreamingLoadHarness() {
    }

    public static void main(String[] args) throws Exception {
        String[] counts = (args.length > 0 ? args[0] : "50,100,200").split(",");
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        String guarantee = args.length > 2 ? args[2] : "at_least_once";
        FeatureExtractor fx = FeatureExtractor.withDefaults();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
                EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(EmbeddedSchemaRegistry.Settings
                        .inMemory(EmbeddedSchemaRegistry.locate(null)).storedIn(broker.bootstrapServers()));
                EmotionScorer scorer = EmotionScorer.loadBundled(fx.version(), fx.dimension())) {
            for (String c : counts) {
                run(broker, registry.url(), fx, scorer, Integer.parseInt(c.trim()), seconds, guarantee);
            }
        }
    }

    static void run(EmbeddedKafkaBroker broker, String registryUrl, FeatureExtractor fx, EmotionScorer scorer, int calls,
            int seconds, String guarantee) throws Exception {
        String tag = "load" + calls + "-" + System.nanoTime();
        StreamConfig config = StreamConfig.defaults().withApplicationId(tag)
                .withTopics(tag + "-speech", tag + "-events", tag + "-dlq", 2, (short) 1).withProcessingGuarantee(guarantee)
                .withOverrides(Map.of("state.dir", Files.createTempDirectory("load").toString(), "num.stream.threads", "2"))
                .withSchemaRegistry(registryUrl);
        int rate = 16000;
        int chunk = rate / 10;
        float[] utterance = speech(2.0, rate);
        SampleCodec codec = WireEncoding.codecFor(AudioEncoding.PCM_S16LE);
        List<ByteBuffer> chunkBytes = new ArrayList<>();
        for (int off = 0; off < utterance.length; off += chunk) {
            chunkBytes.add(ByteBuffer.wrap(codec.encode(utterance, off, chunk)));
        }
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        List<Double> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        pp.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        try (StimmungService service = StimmungService.start(config, broker.bootstrapServers(), fx, scorer);
                KafkaProducer<String, AudioChunk> producer = new KafkaProducer<>(pp, new StringSerializer(),
                        RegistryAvroSerde.of(AudioChunk.class, config.serdeConfig(), false).serializer())) {
            service.awaitRunning(Duration.ofSeconds(60));
            Thread consumer = new Thread(() -> consume(broker, config, sentAt, latencies, running));
            consumer.start();
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
            long[] tick = {0};
            long start = System.currentTimeMillis();
            ticker.scheduleAtFixedRate(() -> {
                long t = tick[0]++;
                for (int callNo = 0; callNo < calls; callNo++) {
                    // calls start staggered over the first utterance so their ends spread out
                    long local = t - callNo % chunkBytes.size();
                    if (local < 0) {
                        continue;
                    }
                    int idx = (int) (local % chunkBytes.size());
                    long utteranceNo = local / chunkBytes.size();
                    String call = "call-" + callNo;
                    boolean last = idx == chunkBytes.size() - 1;
                    String utteranceId = call + "-u" + utteranceNo;
                    AudioChunk c = AudioChunk.newBuilder().setCallId(call).setChannel(0).setSequenceNumber(local)
                            .setTimestampMs(Instant.ofEpochMilli(start + local * 100)).setSampleRateHz(rate)
                            .setEncoding(AudioEncoding.PCM_S16LE).setAudio(chunkBytes.get(idx).duplicate())
                            .setUtteranceId(utteranceId).setEndOfUtterance(last).setEndOfCall(false).build();
                    if (last) {
                        sentAt.put(utteranceId, System.nanoTime());
                    }
                    producer.send(new ProducerRecord<>(config.speechTopic(), call, c));
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
            Thread.sleep(10_000);
            latencies.clear();
            long measureStart = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            List<Double> sample;
            synchronized (latencies) {
                sample = new ArrayList<>(latencies);
            }
            double elapsed = (System.nanoTime() - measureStart) / 1e9;
            ticker.shutdownNow();
            running.set(false);
            consumer.join(5000);
            sample.sort(Double::compare);
            int expected = (int) (calls * elapsed / 2.0);
            System.out.printf(Locale.ROOT, "calls=%d guarantee=%s events=%d (expected ~%d) rate=%.1f/s "
                    + "latency ms p50=%.1f p95=%.1f p99=%.1f max=%.1f%n", calls, guarantee, sample.size(), expected,
                    sample.size() / elapsed, pct(sample, 0.50), pct(sample, 0.95), pct(sample, 0.99),
                    sample.isEmpty() ? Double.NaN : sample.get(sample.size() - 1));
        }
    }

    private static void consume(EmbeddedKafkaBroker broker, StreamConfig config, Map<String, Long> sentAt,
            List<Double> latencies, AtomicBoolean running) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "load-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
        try (KafkaConsumer<String, EmotionEvent> c = new KafkaConsumer<>(p, new StringDeserializer(),
                RegistryAvroSerde.of(EmotionEvent.class, config.serdeConfig(), false).deserializer())) {
            c.subscribe(List.of(config.eventsTopic()));
            while (running.get()) {
                for (ConsumerRecord<String, EmotionEvent> r : c.poll(Duration.ofMillis(50))) {
                    Long sent = sentAt.remove(r.value().getUtteranceId());
                    if (sent != null) {
                        latencies.add((System.nanoTime() - sent) / 1e6);
                    }
                }
            }
        }
    }

    private static double pct(List<Double> sorted, double p) {
        return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size())));
    }

    static float[] speech(double seconds, int rate) {
        float[] x = new float[(int) (seconds * rate)];
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        double phase = 0;
        for (int i = 0; i < x.length; i++) {
            double t = (double) i / rate;
            phase += 2 * Math.PI * (130 + 30 * Math.sin(2 * Math.PI * 0.8 * t)) / rate;
            double env = Math.max(0, Math.sin(2 * Math.PI * 3 * t));
            x[i] = (float) (0.3 * env * (Math.sin(phase) + 0.5 * Math.sin(2 * phase)) + 0.005 * (2 * r.nextDouble() - 1));
        }
        return x;
    }
}
