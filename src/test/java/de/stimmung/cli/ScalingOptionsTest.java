package de.stimmung.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** serve's scale-out options become exactly the Kafka Streams properties they name, and nothing without them. */
class ScalingOptionsTest {

    private static ServeCommand parse(String... args) {
        CommandLine cmd = StimmungCommand.commandLine();
        cmd.parseArgs(args);
        return cmd.getSubcommands().get("serve").getCommand();
    }

    private static Map<String, String> properties(ServeCommand serve) throws Exception {
        return serve.scaling.streamsProperties(serve.topics.replication, serve.kafka.clientProperties());
    }

    @Test
    void withoutOptionsKafkaStreamsKeepsItsOwnDefaults() throws Exception {
        assertTrue(properties(parse("serve")).isEmpty());
    }

    @Test
    void threadsStandbysAndReplicationBecomeStreamsProperties() throws Exception {
        ServeCommand serve = parse("serve", "--stream-threads", "2", "--standby-replicas", "1", "--replication", "3");
        assertEquals(Map.of("num.stream.threads", "2", "num.standby.replicas", "1", "replication.factor", "3"),
                properties(serve));
    }

    @Test
    void anExplicitInternalReplicationFactorWinsOverReplication() throws Exception {
        ServeCommand serve = parse("serve", "--replication", "3", "-p", "replication.factor=2");
        assertEquals(Map.of(), properties(serve));
    }

    @Test
    void negativeStandbyReplicasAreABadArgument() {
        ServeCommand serve = parse("serve", "--standby-replicas", "-1");
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                () -> serve.scaling.validate(serve.spec.commandLine()));
        assertTrue(e.getMessage().contains("--standby-replicas is -1"), e.getMessage());
    }
}
