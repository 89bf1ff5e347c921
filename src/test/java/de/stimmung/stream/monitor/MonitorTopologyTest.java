package de.stimmung.stream.monitor;

import static de.stimmung.stream.monitor.Utterances.angry;
import static de.stimmung.stream.monitor.Utterances.calm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.stimmung.avro.AlertAck;
import de.stimmung.avro.AlertState;
import de.stimmung.avro.EmotionAlert;
import de.stimmung.avro.EmotionEvent;
import de.stimmung.avro.state.CallView;
import de.stimmung.registry.RegistryAvroSerde;
import de.stimmung.registry.SchemaRegistryClients;
import de.stimmung.stream.StreamConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The call monitor's topology part (the function serve runs) on TopologyTestDriver. */
class MonitorTopologyTest {

    final String registryScope = "monitor-test-" + UUID.randomUUID();
    final StreamConfig config = StreamConfig.defaults().withSchemaRegistry("mock://" + registryScope);
    final MonitorSettings settings = MonitorSettings.defaults().withCallLifetime(Duration.ofSeconds(30), Duration.ofMinutes(10));
    final Map<String, Object> serdeConfig = config.serdeConfig();
    TopologyTestDriver driver;
    TestInputTopic<String, EmotionEvent> events;
    TestInputTopic<String, AlertAck> acks;
    TestOutputTopic<String, EmotionAlert> alerts;
    final Instant start = Instant.ofEpochMilli(Utterances.T0);

    @BeforeEach
    void driver() {
        driver = new TopologyTestDriver(MonitorTopology.addTo(new Topology(), config, settings),
                config.streamsProperties("unused:9092"), start);
        events = driver.createInputTopic(config.eventsTopic(), new StringSerializer(),
                RegistryAvroSerde.of(EmotionEvent.class, serdeConfig, false).serializer());
        acks = driver.createInputTopic(settings.acksTopic(), new StringSerializer(),
                RegistryAvroSerde.of(AlertAck.class, serdeConfig, false).serializer());
        alerts = driver.createOutputTopic(settings.alertsTopic(), Serdes.String().deserializer(),
                RegistryAvroSerde.of(EmotionAlert.class, serdeConfig, false).deserializer());
    }

    @AfterEach
    void close() {
        driver.close();
        SchemaRegistryClients.dropMockScope(registryScope);
    }

    void send(EmotionEvent... es) {
        for (EmotionEvent e : es) {
            events.pipeInput(e.getCallId(), e);
        }
    }

    KeyValueStore<String, CallView> views() {
        return driver.getKeyValueStore(MonitorTopology.CALL_VIEW_STORE);
    }

    @Test
    void angryThenCalmCallRaisesAcknowledgesAndClearsItsAlertOnTheAlertsTopic() {
        send(calm("quiet", 0, 0), angry("hot", 0, 0), angry("hot", 0, 1), angry("hot", 0, 2), angry("hot", 0, 3));
        List<EmotionAlert> raised = alerts.readValuesToList();
        assertEquals(1, raised.size(), "" + raised);
        assertEquals(AlertState.RAISED, raised.get(0).getState());
        assertEquals("hot", raised.get(0).getCallId());
        assertEquals(AlertRuleSettings.defaults().describe(), raised.get(0).getRule());

        acks.pipeInput("hot", new AlertAck("hot", "hot/1", "supervisor", start.plusSeconds(9)));
        acks.pipeInput("hot", new AlertAck("hot", "hot/1", "supervisor", start.plusSeconds(10)));
        List<EmotionAlert> acked = alerts.readValuesToList();
        assertEquals(1, acked.size(), "a second acknowledgement changes nothing: " + acked);
        assertEquals(AlertState.ACKNOWLEDGED, acked.get(0).getState());
        assertEquals("supervisor", views().get("hot").getOpenAlert().getAcknowledgedBy());

        send(calm("hot", 0, 4), calm("hot", 0, 5), calm("hot", 0, 6));
        List<EmotionAlert> cleared = alerts.readValuesToList();
        assertEquals(1, cleared.size());
        assertEquals(AlertState.CLEARED, cleared.get(0).getState());
        assertNull(views().get("hot").getOpenAlert());
        assertNull(views().get("quiet").getOpenAlert());
        assertEquals(7, views().get("hot").getTimeline().size());
    }

    @Test
    void theCallViewHoldsChannelsTimelineAndRisk() {
        send(calm("c", 0, 0), angry("c", 1, 0), angry("c", 0, 1));
        CallView v = views().get("c");
        assertEquals(2, v.getChannels().size());
        assertEquals("anger", v.getChannels().get(0).getLatestEmotion());
        assertEquals(List.of("c/0/0", "c/1/0", "c/0/1"), v.getTimeline().stream().map(p -> p.getUtteranceId()).toList());
        assertEquals((0.05 + 0.8) / 2, v.getRiskScore(), 1e-9, "mean anger over the customer's two utterances");
        assertEquals(Utterances.T0, v.getStartMs());
        assertTrue(alerts.isEmpty());
    }

    @Test
    void aSilentCallEndsStaysAsHistoryAndIsForgottenAfterTheRetention() {
        send(calm("c", 0, 0));
        driver.advanceWallClockTime(Duration.ofSeconds(29));
        assertFalse(views().get("c").getEnded());
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        assertTrue(views().get("c").getEnded());
        driver.advanceWallClockTime(Duration.ofMinutes(10));
        assertNull(views().get("c"), "forgotten after the history retention");
    }
}
