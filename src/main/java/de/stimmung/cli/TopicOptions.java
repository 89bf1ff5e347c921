package de.stimmung.cli;

import de.stimmung.stream.StreamConfig;
import picocli.CommandLine.Option;

/** Topic names and layout, shared by the Kafka commands (defaults from {@link StreamConfig#defaults()}). */
final class TopicOptions {

    @Option(names = "--speech-topic", defaultValue = StreamConfig.DEFAULT_SPEECH_TOPIC, description = "Input topic. Default: ${DEFAULT-VALUE}.")
    String speech;

    @Option(names = "--events-topic", defaultValue = StreamConfig.DEFAULT_EVENTS_TOPIC, description = "Output topic. Default: ${DEFAULT-VALUE}.")
    String events;

    @Option(names = "--dlq-topic", defaultValue = StreamConfig.DEFAULT_DLQ_TOPIC, description = "Dead-letter topic. Default: ${DEFAULT-VALUE}.")
    String dlq;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions of topics created at start-up. Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--replication", defaultValue = "1", description = "Replication factor of topics created at start-up. Default: ${DEFAULT-VALUE}.")
    short replication;

    StreamConfig apply(StreamConfig c) {
        return c.withTopics(speech, events, dlq, partitions, replication);
    }
}
