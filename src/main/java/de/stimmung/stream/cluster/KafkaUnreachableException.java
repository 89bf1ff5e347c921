package de.stimmung.stream.cluster;

/**
 * Thrown when no Kafka broker answered at the configured bootstrap servers within the allowed
 * time. The message names the servers and the time, and says what to check.
 */
public final class KafkaUnreachableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String bootstrapServers;

    KafkaUnreachableException(String bootstrapServers, String message, Throwable cause) {
        super(message, cause);
        this.bootstrapServers = bootstrapServers;
    }

    /** The {@code host:port[,host:port...]} list that could not be reached. */
    public String bootstrapServers() {
        return bootstrapServers;
    }
}
