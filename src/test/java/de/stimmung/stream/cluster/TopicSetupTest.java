package de.stimmung.stream.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.stimmung.embedded.EmbeddedKafkaBroker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TopicSetupTest {

    private EmbeddedKafkaBroker broker;

    @BeforeAll
    void startBroker() {
        broker = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    void stopBroker() {
        broker.close();
    }

    @Test
    void missingTopicsAreCreatedWithTheirPartitionsAndConfigs() throws Exception {
        TopicSetup setup = new TopicSetup(broker.bootstrapServers(), TopicSetup.DEFAULT_TIMEOUT);
        TopicSpec compacted = new TopicSpec("speakers", 2, (short) 1, Map.of("cleanup.policy", "compact"));

        List<String> created = setup.ensure(List.of(TopicSpec.of("audio-chunks", 4, 1), compacted));

        assertEquals(List.of("audio-chunks", "speakers"), created);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            Map<String, TopicDescription> described = admin.describeTopics(Set.of("audio-chunks", "speakers"))
                    .allTopicNames().get();
            assertEquals(4, described.get("audio-chunks").partitions().size());
            assertEquals(2, described.get("speakers").partitions().size());
        }
    }

    @Test
    void creatingTheSameTopicsTwiceCreatesNothingTheSecondTime() {
        TopicSetup setup = new TopicSetup(broker.bootstrapServers(), TopicSetup.DEFAULT_TIMEOUT);
        List<TopicSpec> wanted = List.of(TopicSpec.of("emotions", 2, 1), TopicSpec.of("dead-letters", 1, 1));

        List<String> first = setup.ensure(wanted);
        List<String> second = setup.ensure(wanted);

        assertEquals(List.of("emotions", "dead-letters"), first);
        assertEquals(List.of(), second);
    }

    @Test
    void replicationFactorAboveTheBrokerCountSaysHowToFixIt() {
        TopicSetup setup = new TopicSetup(broker.bootstrapServers(), TopicSetup.DEFAULT_TIMEOUT);

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> setup.ensure(List.of(TopicSpec.of("too-safe", 1, 3))));

        assertTrue(e.getMessage().contains("too-safe") && e.getMessage().contains("replication factor 3")
                && e.getMessage().contains("lower the replication factor"), e.getMessage());
    }

    @Test
    void unreachableClusterErrorNamesTheServersTheTimeoutAndTheOption() throws IOException {
        String nobody = "127.0.0.1:" + closedPort();
        TopicSetup setup = new TopicSetup(nobody, Duration.ofSeconds(1));

        KafkaUnreachableException e = assertThrows(KafkaUnreachableException.class,
                () -> setup.ensure(List.of(TopicSpec.of("audio-chunks", 1, 1))));

        assertEquals(nobody, e.bootstrapServers());
        assertTrue(e.getMessage().startsWith("cannot reach Kafka at " + nobody + " within 1 s; check "
                + "--bootstrap-servers"), e.getMessage());
    }

    @Test
    void unresolvableHostIsReportedAsUnreachable() {
        TopicSetup setup = new TopicSetup("no-such-host.invalid:9092", Duration.ofSeconds(1));

        KafkaUnreachableException e = assertThrows(KafkaUnreachableException.class,
                () -> setup.ensure(List.of(TopicSpec.of("audio-chunks", 1, 1))));

        assertTrue(e.getMessage().contains("no-such-host.invalid:9092"), e.getMessage());
    }

    /** A port nothing listens on (bound, read, released). */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
