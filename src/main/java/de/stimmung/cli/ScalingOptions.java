package de.stimmung.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * How one {@code serve} instance shares the work with the other instances of the same
 * application id: its stream threads, the standby replicas kept for fail-over, and the
 * replication of Kafka Streams' internal (changelog) topics. Unset options leave Kafka Streams'
 * own defaults, or what {@code -p} / {@code --client-config} set, alone.
 */
final class ScalingOptions {

    @Option(names = "--stream-threads", paramLabel = "N",
            description = "Stream threads of this instance (num.stream.threads); each runs whole tasks, one per speech "
                    + "partition, so the partitions bound the threads busy across all instances. Default: one per core.")
    Integer streamThreads;

    @Option(names = "--standby-replicas", paramLabel = "N",
            description = "Warm copies of each task's state on other instances (num.standby.replicas), so the calls of "
                    + "a failed instance resume elsewhere without rebuilding their state. Default: 0.")
    Integer standbyReplicas;

    /**
     * Checks the counts.
     *
     * @throws CommandLine.ParameterException if a count is out of range
     */
    void validate(CommandLine cmd) {
        if (streamThreads != null && streamThreads < 1) {
            throw new CommandLine.ParameterException(cmd, "--stream-threads is " + streamThreads
                    + "; it must be at least 1 (one thread per core the instance may use)");
        }
        if (standbyReplicas != null && standbyReplicas < 0) {
            throw new CommandLine.ParameterException(cmd, "--standby-replicas is " + standbyReplicas
                    + "; it must be 0 or more (and only helps up to the number of other instances)");
        }
    }

    /**
     * The Kafka Streams properties these options set, to apply over {@code given} (the
     * pass-through client properties). A {@code replication} above 1 also becomes the internal
     * topics' {@code replication.factor} unless {@code given} sets one, so a changelog is as
     * durable as the topics it belongs with; at 1 the internal topics keep the broker's
     * {@code default.replication.factor}.
     */
    Map<String, String> streamsProperties(short replication, Map<String, String> given) {
        Map<String, String> p = new LinkedHashMap<>();
        if (streamThreads != null) {
            p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(streamThreads));
        }
        if (standbyReplicas != null) {
            p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, Integer.toString(standbyReplicas));
        }
        if (replication > 1 && !given.containsKey(StreamsConfig.REPLICATION_FACTOR_CONFIG)) {
            p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, Short.toString(replication));
        }
        return p;
    }
}
