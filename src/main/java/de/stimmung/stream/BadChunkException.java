package de.stimmung.stream;

/**
 * A chunk the service rejects, with the dead-letter kind and a message that names the bad value
 * and what was expected. Thrown before any state is changed, so the call continues unharmed.
 */
public final class BadChunkException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final DeadLetterKind kind;

    public BadChunkException(DeadLetterKind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public DeadLetterKind kind() {
        return kind;
    }
}
