package de.stimmung.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.stimmung.audio.PcmAudio;
import de.stimmung.audio.WavFile;
import de.stimmung.avro.AudioChunk;
import de.stimmung.avro.AudioEncoding;
import de.stimmung.avro.EmotionEvent;
import de.stimmung.features.FeatureExtractor;
import de.stimmung.model.Emotion;
import de.stimmung.model.EmotionScorer;
import de.stimmung.embedded.EmbeddedKafkaBroker;
import de.stimmung.embedded.SharedRegistry;
import de.stimmung.registry.RegistryAvroSerde;
import de.stimmung.registry.RegistrySettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service on a real Apache Kafka broker (KRaft, in-process): recordings produced as calls in
 * several chunk sizes and encodings yield exactly one event each, with the offline probabilities.
 * Uses the first EmoDB files when ../shared/emodb is there, synthesised speech-like audio otherwise.
 */
class StreamingIntegrationTest {

    static final FeatureExtractor FX = FeatureExtractor.withDefaults();
    static EmbeddedKafkaBroker broker;
    static EmotionScorer scorer;
    /** The real schema registry every record here goes through. */
    static String registryUrl;

    @BeforeAll
    static void start() {
        registryUrl = SharedRegistry.url();
        broker = EmbeddedKafkaBroker.start();
        scorer = EmotionScorer.loadBundled(FX.version(), FX.dimension());
    }

    @AfterAll
    static void stop() {
        scorer.close();
        broker.close();
    }

    /** Up to n recordings: EmoDB when present, else synthesised. */
    static List<PcmAudio> recordings(int n) throws Exception {
        Path wav = Path.of(System.getProperty("stimmung.emodb", "../shared/emodb")).resolve("wav");
        List<PcmAudio> out = new ArrayList<>();
        if (Files.isDirectory(wav)) {
            try (Stream<Path> s = Files.list(wav)) {
                for (Path p : s.filter(f -> f.toString().endsWith(".wav")).sorted().limit(n).toList()) {
                    out.add(WavFile.read(p));
                }
            }
        } else {
            for (int i = 0; i < n; i++) {
                out.add(new PcmAudio(Chunks.voiced(110 + 25 * i, 1.0 + 0.1 * i, 16000, 0.2 + 0.02 * i), 16000));
            }
        }
        return out;
    }

    static KafkaProducer<String, AudioChunk> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(),
                RegistryAvroSerde.of(AudioChunk.class, registryConfig(), false).serializer());
    }

    static Map<String, String> registryConfig() {
        return Map.of(RegistrySettings.URL, registryUrl);
    }

    static List<EmotionEvent> consume(String topic, int expected, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<EmotionEvent> out = new ArrayList<>();
        try (KafkaConsumer<String, EmotionEvent> c = new KafkaConsumer<>(p, new StringDeserializer(),
                RegistryAvroSerde.of(EmotionEvent.class, registryConfig(), false).deserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            // read until the expected count, then a little longer to catch duplicates
            long settle = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settle)) {
                for (ConsumerRecord<String, EmotionEvent> r : c.poll(Duration.ofMillis(200))) {
                    out.add(r.value());
                }
                if (out.size() >= expected && settle == Long.MAX_VALUE) {
                    settle = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                }
            }
        }
        return out;
    }

    /** A configuration with its own topics and state directory. */
    static StreamConfig config(String prefix, int partitions) throws java.io.IOException {
        return StreamConfig.defaults().withApplicationId("it-" + prefix)
                .withTopics(prefix + "-speech", prefix + "-events", prefix + "-dlq", partitions, (short) 1)
                .withOverrides(Map.of("state.dir", Files.createTempDirectory("it-state").toString()))
                .withSchemaRegistry(registryUrl);
    }

    @Test
    void recordingsInSeveralChunkSizesAndEncodingsYieldOneEventEachWithTheOfflineProbabilities() throws Exception {
        StreamConfig config = config("marked", 3);
        List<PcmAudio> recs = recordings(6);
        AudioEncoding[] encodings = {AudioEncoding.PCM_S16LE, AudioEncoding.MULAW, AudioEncoding.ALAW, AudioEncoding.FLOAT32LE};
        int[] chunkMs = {20, 100, 250};
        Map<String, float[]> expected = new HashMap<>();
        try (StimmungService service = StimmungService.start(config, broker.bootstrapServers(), FX, scorer);
                KafkaProducer<String, AudioChunk> producer = producer()) {
            assertTrue(service.awaitRunning(Duration.ofSeconds(60)), "service did not start");
            int k = 0;
            for (int r = 0; r < recs.size(); r++) {
                for (AudioEncoding enc : encodings) {
                    PcmAudio a = recs.get(r);
                    int ms = chunkMs[k++ % chunkMs.length];
                    String call = "rec" + r + "-" + enc + "-" + ms;
                    int samples = a.sampleRateHz() * ms / 1000;
                    for (AudioChunk c : Chunks.of(call, a.samples(), a.sampleRateHz(), samples, enc, call, true, 0)) {
                        producer.send(new ProducerRecord<>(config.speechTopic(), call, c));
                    }
                    expected.put(call, scorer.score(FX.extract(EmotionTopologyTest.roundTrip(a.samples(), enc), a.sampleRateHz())));
                }
            }
            producer.flush();
            List<EmotionEvent> events = consume(config.eventsTopic(), expected.size(), Duration.ofSeconds(90));
            assertEquals(expected.size(), events.size(), "one event per utterance");
            for (EmotionEvent e : events) {
                float[] p = expected.get(e.getCallId());
                for (Emotion em : Emotion.values()) {
                    assertEquals(p[em.ordinal()], e.getProbabilities().get(em.label()), 1e-4, e.getCallId() + " " + em);
                }
                assertEquals(e.getCallId(), e.getUtteranceId());
            }
        }
    }

    @Test
    void aContinuousCallOfTenRecordingsWithOneSecondPausesYieldsTenEventsInOrder() throws Exception {
        StreamConfig config = config("vad", 1);
        List<PcmAudio> recs = recordings(10);
        int rate = 16000;
        int total = rate;
        List<float[]> parts = new ArrayList<>();
        for (PcmAudio a : recs) {
            float[] s = de.stimmung.audio.Resampler.resample(a.samples(), a.sampleRateHz(), rate);
            parts.add(s);
            total += s.length + rate;
        }
        float[] call = new float[total];
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int i = 0; i < total; i++) {
            call[i] = (float) (0.001 * (2 * r.nextDouble() - 1));
        }
        int pos = rate;
        for (float[] s : parts) {
            for (int i = 0; i < s.length; i++) {
                call[pos + i] += s[i];
            }
            pos += s.length + rate;
        }
        try (StimmungService service = StimmungService.start(config, broker.bootstrapServers(), FX, scorer);
                KafkaProducer<String, AudioChunk> producer = producer()) {
            assertTrue(service.awaitRunning(Duration.ofSeconds(60)), "service did not start");
            List<AudioChunk> chunks = Chunks.of("continuous", call, rate, rate / 10, AudioEncoding.PCM_S16LE, null, false, 0);
            AudioChunk last = Chunks.with(chunks.get(chunks.size() - 1), b -> b.setEndOfCall(true));
            chunks.set(chunks.size() - 1, last);
            for (AudioChunk c : chunks) {
                producer.send(new ProducerRecord<>(config.speechTopic(), "continuous", c));
            }
            producer.flush();
            List<EmotionEvent> events = consume(config.eventsTopic(), 10, Duration.ofSeconds(60));
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                ids.add("continuous/0/" + i);
            }
            assertEquals(ids, events.stream().map(EmotionEvent::getUtteranceId).toList(), "ten events in order");
            for (int i = 1; i < events.size(); i++) {
                assertTrue(events.get(i).getStartTimeMs().isAfter(events.get(i - 1).getEndTimeMs()));
            }
        }
    }

    @Test
    void aCallsSpeakerAdaptationSurvivesARestartOnAnotherStateDirectory() throws Exception {
        StreamConfig first = config("adapt", 1).withCallAdaptation(CallAdaptation.ON);
        de.stimmung.model.CallNormalizer normalizer = scorer.callNormalizer().orElseThrow();
        List<PcmAudio> recs = recordings(3);
        List<float[]> features = new ArrayList<>();
        for (PcmAudio a : recs) {
            features.add(FX.extract(EmotionTopologyTest.roundTrip(a.samples(), AudioEncoding.PCM_S16LE), a.sampleRateHz()));
        }
        long seq = 0;
        try (KafkaProducer<String, AudioChunk> producer = producer()) {
            try (StimmungService service = StimmungService.start(first, broker.bootstrapServers(), FX, scorer)) {
                assertTrue(service.awaitRunning(Duration.ofSeconds(60)), "service did not start");
                for (int u = 0; u < 2; u++) {
                    seq = send(producer, first, recs.get(u), "u" + u, seq);
                }
                assertEquals(2, consume(first.eventsTopic(), 2, Duration.ofSeconds(90)).size());
            }
            // a new instance with an empty state directory: the call's history comes back from the changelog
            StreamConfig second = first.withOverrides(Map.of("state.dir",
                    Files.createTempDirectory("it-state-2").toString()));
            try (StimmungService service = StimmungService.start(second, broker.bootstrapServers(), FX, scorer)) {
                assertTrue(service.awaitRunning(Duration.ofSeconds(60)), "service did not restart");
                send(producer, second, recs.get(2), "u2", seq);
                List<EmotionEvent> events = consume(second.eventsTopic(), 3, Duration.ofSeconds(90));
                assertEquals(List.of("u0", "u1", "u2"), events.stream().map(EmotionEvent::getUtteranceId).toList());
                de.stimmung.model.CallNormalizer.State history = normalizer.start();
                normalizer.update(history, features.get(0));
                normalizer.update(history, features.get(1));
                float[] adapted = scorer.score(normalizer.apply(history, features.get(2)));
                float[] alone = scorer.score(features.get(2));
                double fromAlone = 0;
                for (Emotion em : Emotion.values()) {
                    double got = events.get(2).getProbabilities().get(em.label());
                    assertEquals(adapted[em.ordinal()], got, 1e-4, "u2 " + em);
                    fromAlone = Math.max(fromAlone, Math.abs(alone[em.ordinal()] - got));
                }
                assertTrue(fromAlone > 1e-3, "u2 was scored without the call's history");
            }
        }
    }

    private static long send(KafkaProducer<String, AudioChunk> producer, StreamConfig config, PcmAudio a,
            String utterance, long firstSequence) {
        List<AudioChunk> chunks = Chunks.of("adapted-call", a.samples(), a.sampleRateHz(), a.sampleRateHz() / 10,
                AudioEncoding.PCM_S16LE, utterance, true, firstSequence);
        chunks.forEach(c -> producer.send(new ProducerRecord<>(config.speechTopic(), "adapted-call", c)));
        producer.flush();
        return firstSequence + chunks.size();
    }
}
