package de.stimmung.stream;

import de.stimmung.avro.AudioChunk;
import de.stimmung.avro.EmotionEvent;
import de.stimmung.avro.state.CallState;
import de.stimmung.features.FeatureExtractor;
import de.stimmung.model.CallNormalizer;
import de.stimmung.model.EmotionScorer;
import de.stimmung.registry.RegistryAvroSerde;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The service's topology, a pure function of its configuration, extractor and model:
 * {@code speech} (AudioChunk by call id) -> {@link UtteranceAssembler} (state stores
 * {@code call-state} and {@code chunk-log}, cached, and {@code call-normalizer}, all changelogged) ->
 * {@code emotion-events}
 * (EmotionEvent by call id). The topics carry Confluent's schema-registry wire format
 * ({@link RegistryAvroSerde}, configured from {@link StreamConfig#serdeConfig()}); the internal
 * stores keep plain Avro, which only this service reads. Bad records reach the dead-letter topic
 * through the exception handlers that {@link StreamConfig#streamsProperties} installs.
 */
public final class EmotionTopology {

    static final String SOURCE = "speech-source";
    static final String PROCESSOR = "utterance-assembler";
    static final String SINK = "emotion-events-sink";

    private EmotionTopology() {
    }

    /**
     * @param scorer shared by all stream threads (ONNX Runtime sessions are thread-safe)
     * @throws de.stimmung.model.ModelContractException if call adaptation is on and the model carries no normaliser
     */
    public static Topology build(StreamConfig config, FeatureExtractor extractor, EmotionScorer scorer) {
        Map<String, Object> serdeConfig = config.serdeConfig();
        CallNormalizer normalizer = config.callAdaptation().resolve(scorer);
        Topology t = new Topology();
        t.addSource(SOURCE, Serdes.String().deserializer(),
                RegistryAvroSerde.of(AudioChunk.class, serdeConfig, false).deserializer(), config.speechTopic());
        t.addProcessor(PROCESSOR, () -> new UtteranceAssembler(config, extractor, scorer, normalizer), SOURCE);
        // cached: a call's state is put at its start, per emitted utterance and per checkpoint, and a logged chunk
        // is deleted once its utterance is emitted; the cache writes each key to RocksDB and the changelog once per
        // commit (or eviction), so most of those writes never reach the broker. Both stores flush before the
        // offsets commit.
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(UtteranceAssembler.STATE_STORE),
                Serdes.String(), AvroSerde.of(CallState.class)).withCachingEnabled(), PROCESSOR);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(UtteranceAssembler.LOG_STORE),
                Serdes.String(), AvroSerde.of(AudioChunk.class)).withCachingEnabled(), PROCESSOR);
        // present whether or not adaptation is on, so turning it on or off keeps the topology's stores
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(UtteranceAssembler.NORMALIZER_STORE),
                Serdes.String(), Serdes.ByteArray()), PROCESSOR);
        t.addSink(SINK, config.eventsTopic(), Serdes.String().serializer(),
                RegistryAvroSerde.of(EmotionEvent.class, serdeConfig, false).serializer(), PROCESSOR);
        return t;
    }
}
