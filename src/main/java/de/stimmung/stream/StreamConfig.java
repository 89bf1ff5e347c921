package de.stimmung.stream;

import de.stimmung.registry.RegistrySettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything the topology and the service need to know, with every default in one place.
 *
 * @param applicationId     Kafka Streams application id (consumer group, state directory)
 * @param speechTopic       input: AudioChunk records keyed by call id
 * @param eventsTopic       output: EmotionEvent records keyed by call id
 * @param deadLetterTopic   DeadLetter records for input the service could not use
 * @param partitions        partitions of topics the service creates
 * @param replication       replication factor of topics the service creates
 * @param segmentation      how unmarked audio is cut into utterances
 * @param idleTimeout       an open utterance of a call that sent nothing for this long is closed (by the
 *                          partition's stream time, the wall clock once caught up: {@link IdleClock})
 * @param evictAfter        a call that sent nothing for this long (the same way) is forgotten (state released)
 * @param punctuateEvery    how often the wall-clock punctuator looks for idle calls
 * @param maxChunkBytes     larger chunks are dead-lettered (OVERSIZED_CHUNK)
 * @param maxUtteranceMs    a producer-marked utterance longer than this is closed and the rest starts a new one
 * @param processingGuarantee {@code at_least_once} or {@code exactly_once_v2}
 * @param streamsOverrides  any other Kafka client or Streams property, passed through unchanged; the
 *                          schema-registry keys ({@code schema.registry.url}, {@code basic.auth.*},
 *                          {@code auto.register.schemas}, {@code max.retries}...) go here too
 * @param callAdaptation    whether each call's features are normalised by its earlier utterances
 */
public record StreamConfig(String applicationId, String speechTopic, String eventsTopic, String deadLetterTopic,
        int partitions, short replication, SegmentationSettings segmentation, Duration idleTimeout, Duration evictAfter,
        Duration punctuateEvery, int maxChunkBytes, int maxUtteranceMs, String processingGuarantee,
        Map<String, String> streamsOverrides, CallAdaptation callAdaptation) {

    public static final String DEFAULT_SPEECH_TOPIC = "speech";
    public static final String DEFAULT_EVENTS_TOPIC = "emotion-events";
    public static final String DEFAULT_DLQ_TOPIC = "speech-dlq";

    /**
     * The service's registry retry defaults (users can override them): a registry that is down
     * when a record with a not yet seen schema id arrives is retried for about a minute
     * (0.5, 1, 2, 4, 8, then 10 s waits) before the record is dead-lettered with the reason; the
     * stream thread waits meanwhile, so nothing behind it is lost or reordered.
     */
    static final Map<String, String> REGISTRY_DEFAULTS = Map.of(RegistrySettings.MAX_RETRIES, "10",
            RegistrySettings.RETRIES_WAIT_MS, "500", RegistrySettings.RETRIES_MAX_WAIT_MS, "10000");

    public StreamConfig {
        streamsOverrides = Map.copyOf(streamsOverrides);
        java.util.Objects.requireNonNull(callAdaptation, "callAdaptation");
        if (!processingGuarantee.equals(StreamsConfig.AT_LEAST_ONCE) && !processingGuarantee.equals(StreamsConfig.EXACTLY_ONCE_V2)) {
            throw new IllegalArgumentException("processing guarantee '" + processingGuarantee + "' is not supported; use "
                    + StreamsConfig.AT_LEAST_ONCE + " or " + StreamsConfig.EXACTLY_ONCE_V2);
        }
        if (maxChunkBytes < 1 || partitions < 1 || replication < 1) {
            throw new IllegalArgumentException("maxChunkBytes, partitions and replication must be positive");
        }
    }

    /** The defaults: topics speech / emotion-events / speech-dlq, 3 partitions, at-least-once. */
    public static StreamConfig defaults() {
        return new StreamConfig("stimmung", DEFAULT_SPEECH_TOPIC, DEFAULT_EVENTS_TOPIC, DEFAULT_DLQ_TOPIC, 3, (short) 1,
                SegmentationSettings.defaults(), Duration.ofSeconds(2), Duration.ofMinutes(10), Duration.ofMillis(250),
                1 << 20, 10_000, StreamsConfig.AT_LEAST_ONCE, Map.of(), CallAdaptation.AUTO);
    }

    public StreamConfig withProcessingGuarantee(String guarantee) {
        return new StreamConfig(applicationId, speechTopic, eventsTopic, deadLetterTopic, partitions, replication,
                segmentation, idleTimeout, evictAfter, punctuateEvery, maxChunkBytes, maxUtteranceMs, guarantee,
                streamsOverrides, callAdaptation);
    }

    public StreamConfig withOverrides(Map<String, String> overrides) {
        Map<String, String> m = new LinkedHashMap<>(streamsOverrides);
        m.putAll(overrides);
        return new StreamConfig(applicationId, speechTopic, eventsTopic, deadLetterTopic, partitions, replication,
                segmentation, idleTimeout, evictAfter, punctuateEvery, maxChunkBytes, maxUtteranceMs, processingGuarantee, m, callAdaptation);
    }

    public StreamConfig withIdleTimeout(Duration idle) {
        return new StreamConfig(applicationId, speechTopic, eventsTopic, deadLetterTopic, partitions, replication,
                segmentation, idle, evictAfter, punctuateEvery, maxChunkBytes, maxUtteranceMs, processingGuarantee,
                streamsOverrides, callAdaptation);
    }

    /** These settings with per-call speaker adaptation {@code adaptation}. */
    public StreamConfig withCallAdaptation(CallAdaptation adaptation) {
        return new StreamConfig(applicationId, speechTopic, eventsTopic, deadLetterTopic, partitions, replication,
                segmentation, idleTimeout, evictAfter, punctuateEvery, maxChunkBytes, maxUtteranceMs, processingGuarantee,
                streamsOverrides, adaptation);
    }

    public StreamConfig withApplicationId(String id) {
        return new StreamConfig(id, speechTopic, eventsTopic, deadLetterTopic, partitions, replication, segmentation,
                idleTimeout, evictAfter, punctuateEvery, maxChunkBytes, maxUtteranceMs, processingGuarantee,
                streamsOverrides, callAdaptation);
    }

    /** Other topic names and the layout of topics the service creates. */
    public StreamConfig withTopics(String speech, String events, String deadLetters, int partitionCount,
            short replicationFactor) {
        return new StreamConfig(applicationId, speech, events, deadLetters, partitionCount, replicationFactor,
                segmentation, idleTimeout, evictAfter, punctuateEvery, maxChunkBytes, maxUtteranceMs,
                processingGuarantee, streamsOverrides, callAdaptation);
    }

    /** These settings with the schema registry at {@code urls} (comma-separated). */
    public StreamConfig withSchemaRegistry(String urls) {
        return withOverrides(Map.of(RegistrySettings.URL, urls));
    }

    /** The schema registry's URL(s), if configured. */
    public java.util.Optional<String> schemaRegistryUrl() {
        return java.util.Optional.ofNullable(streamsOverrides.get(RegistrySettings.URL)).filter(u -> !u.isBlank());
    }

    /**
     * The config the record serdes get: the registry retry defaults, then every override (so the
     * registry URL, credentials and Confluent serde keys given as client properties apply).
     *
     * @throws IllegalArgumentException if no schema registry is configured
     */
    public Map<String, Object> serdeConfig() {
        if (schemaRegistryUrl().isEmpty()) {
            throw new IllegalArgumentException("no schema registry configured: Stimmung's records use the Confluent"
                    + " wire format, so set " + RegistrySettings.URL + " (serve --schema-registry-url URL, or"
                    + " -p " + RegistrySettings.URL + "=URL)");
        }
        Map<String, Object> m = new LinkedHashMap<>(REGISTRY_DEFAULTS);
        m.putAll(streamsOverrides);
        return m;
    }

    /** Kafka Streams properties for these settings and a cluster; overrides win. */
    public Properties streamsProperties(String bootstrapServers) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandlers.Deserialization.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandlers.Processing.class);
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandlers.Production.class);
        // the topology has no global stores; enabling the handler there too is what Kafka 5.0 will
        // default to, and stops Kafka Streams warning about it at every start: once for the client's
        // config and once for the partition assignor's, which is built from the main consumer's
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        p.put(StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG), "true");
        p.put(DeadLetterHandlers.TOPIC_CONFIG, deadLetterTopic);
        // events should leave at once, not after a commit interval; but every chunk also writes its changelog
        // records through this producer, and sending each on its own cost the co-located broker more CPU per
        // chunk than the feature extraction: 5 ms of lingering and 256 KiB batches (the default 16 KiB holds
        // five 100 ms chunks of 16 kHz audio) cut the produce requests to a fraction at a few ms of latency
        p.put(StreamsConfig.producerPrefix("linger.ms"), "5");
        p.put(StreamsConfig.producerPrefix("batch.size"), "262144");
        // one stream thread per core: Kafka's default of 1 left the second core of a 2-core machine to the
        // broker alone (partitions bound the parallelism; the service creates 3 by default)
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(Runtime.getRuntime().availableProcessors()));
        // the stores' write cache (shared by the stream threads): room for about a commit interval of
        // 16 kHz chunks of 2000 calls; the default 10 MiB evicted, and so wrote through, long before a commit
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, Long.toString(64L << 20));
        // exactly once: an event is readable when its transaction commits, so the interval is latency; at 50 ms
        // (Kafka's default is 100) the p99 of 100 calls fell from 237-242 ms to 147 ms at the same CPU
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, processingGuarantee.equals(StreamsConfig.EXACTLY_ONCE_V2) ? "50" : "1000");
        p.putAll(REGISTRY_DEFAULTS); // the dead-letter handlers build their serde from these properties
        p.putAll(streamsOverrides);
        return p;
    }
}
