package de.stimmung.stream.cluster;

import java.util.Map;
import java.util.Objects;

/**
 * A topic the service needs: its name, partition count, replication factor and topic-level
 * configs (e.g. {@code cleanup.policy}, {@code retention.ms}).
 *
 * @param name              a valid Kafka topic name
 * @param partitions        at least 1
 * @param replicationFactor at least 1, at most the number of brokers
 * @param configs           topic configs; empty for the broker's defaults
 */
public record TopicSpec(String name, int partitions, short replicationFactor, Map<String, String> configs) {

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("topic name is blank; give every topic a name");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + " has " + partitions + " partitions; use 1 or more");
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("topic " + name + " has replication factor " + replicationFactor
                    + "; use 1 or more");
        }
        configs = Map.copyOf(configs);
    }

    /** A topic with the broker's default configs. */
    public static TopicSpec of(String name, int partitions, int replicationFactor) {
        return new TopicSpec(name, partitions, (short) replicationFactor, Map.of());
    }
}
