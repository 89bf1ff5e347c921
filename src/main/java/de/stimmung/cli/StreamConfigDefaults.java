package de.stimmung.cli;

import de.stimmung.stream.StreamConfig;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The defaults of the options that set {@link StreamConfig} fields, taken from
 * {@link StreamConfig#defaults()} so that the command line never repeats them as literals (help
 * texts show them through {@code ${DEFAULT-VALUE}}). Options it does not know, or that state a default
 * of their own, keep their own.
 */
final class StreamConfigDefaults implements CommandLine.IDefaultValueProvider {

    private final StreamConfig defaults = StreamConfig.defaults();

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || option.defaultValue() != null) {
            return null; // an option that states its own default keeps it (loadtest's --partitions)
        }
        return switch (option.longestName()) {
            case "--speech-topic" -> defaults.speechTopic();
            case "--events-topic" -> defaults.eventsTopic();
            case "--dlq-topic" -> defaults.deadLetterTopic();
            case "--partitions" -> Integer.toString(defaults.partitions());
            case "--replication" -> Short.toString(defaults.replication());
            case "--processing-guarantee" -> defaults.processingGuarantee();
            case "--application-id" -> defaults.applicationId();
            case "--idle-timeout-ms" -> Long.toString(defaults.idleTimeout().toMillis());
            default -> null;
        };
    }
}
