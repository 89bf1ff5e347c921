package de.stimmung.cli;

import de.stimmung.stream.StreamConfig;
import picocli.CommandLine.Option;

/** Topic names and layout, shared by the Kafka commands (defaults from {@link StreamConfig#defaults()}, through {@link StreamConfigDefaults}). */
final class TopicOptions {

    @Option(names = "--speech-topic", description = "Input topic. Default: ${DEFAULT-VALUE}.")
    String speech;

    @Option(names = "--events-topic", description = "Output topic. Default: ${DEFAULT-VALUE}.")
    String events;

    @Option(names = "--dlq-topic", description = "Dead-letter topic. Default: ${DEFAULT-VALUE}.")
    String dlq;

    @Option(names = "--partitions", description = "Partitions of topics created at start-up. Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--replication", description = "Replication factor of topics created at start-up; above 1 also of Kafka Streams'"
            + " internal topics (else the broker's default.replication.factor). Default: ${DEFAULT-VALUE}.")
    short replication;

    StreamConfig apply(StreamConfig c) {
        return c.withTopics(speech, events, dlq, partitions, replication);
    }
}
