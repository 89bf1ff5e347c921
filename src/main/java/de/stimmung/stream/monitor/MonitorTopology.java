package de.stimmung.stream.monitor;

import de.stimmung.avro.AlertAck;
import de.stimmung.avro.EmotionAlert;
import de.stimmung.avro.EmotionEvent;
import de.stimmung.avro.state.CallView;
import de.stimmung.registry.RegistryAvroSerde;
import de.stimmung.stream.AvroSerde;
import de.stimmung.stream.StreamConfig;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The call-monitor part of the service's topology: {@code emotion-events} (EmotionEvent by
 * call id) and {@code emotion-alert-acks} (AlertAck by call id) -> {@link CallMonitor} /
 * {@link AlertAcknowledger} sharing the store {@value #CALL_VIEW_STORE} (CallView by call id,
 * changelogged, read by the dashboard through interactive queries) -> {@code emotion-alerts}
 * (EmotionAlert by call id). Topics carry the registry wire format; the store keeps plain Avro.
 * The acks topic must have as many partitions as the events topic (both keyed by call id).
 */
public final class MonitorTopology {

    /** The store of the dashboard's call views, keyed by call id. */
    public static final String CALL_VIEW_STORE = "call-view";
    static final String EVENTS_SOURCE = "monitor-events-source";
    static final String ACKS_SOURCE = "monitor-acks-source";
    static final String MONITOR = "call-monitor";
    static final String ACKNOWLEDGER = "alert-acknowledger";
    static final String ALERTS_SINK = "emotion-alerts-sink";

    private MonitorTopology() {
    }

    /** Adds the monitor to {@code topology} (which may already hold the utterance part) and returns it. */
    public static Topology addTo(Topology topology, StreamConfig config, MonitorSettings settings) {
        Map<String, Object> serdeConfig = config.serdeConfig();
        topology.addSource(EVENTS_SOURCE, Serdes.String().deserializer(),
                RegistryAvroSerde.of(EmotionEvent.class, serdeConfig, false).deserializer(), config.eventsTopic());
        topology.addSource(ACKS_SOURCE, Serdes.String().deserializer(),
                RegistryAvroSerde.of(AlertAck.class, serdeConfig, false).deserializer(), settings.acksTopic());
        topology.addProcessor(MONITOR, () -> new CallMonitor(settings), EVENTS_SOURCE);
        topology.addProcessor(ACKNOWLEDGER, () -> new AlertAcknowledger(settings), ACKS_SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CALL_VIEW_STORE),
                Serdes.String(), AvroSerde.of(CallView.class)), MONITOR, ACKNOWLEDGER);
        topology.addSink(ALERTS_SINK, settings.alertsTopic(), Serdes.String().serializer(),
                RegistryAvroSerde.of(EmotionAlert.class, serdeConfig, false).serializer(), MONITOR, ACKNOWLEDGER);
        return topology;
    }
}
