package de.stimmung.registry;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record that could not be written or read in the schema-registry wire format, with the
 * {@link Reason} as data so callers (the dead-letter handlers) can tell the cases apart without
 * parsing messages. The message names the topic, the schema id and what to do.
 */
public class RegistrySerdeException extends SerializationException {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Reason {
        /** The first byte is not 0: not written by a registry-aware serializer. */
        WRONG_MAGIC_BYTE,
        /** Shorter than the 5-byte header, or the Avro body ends early. */
        TRUNCATED,
        /** The registry does not know the writer schema id (404). */
        UNKNOWN_SCHEMA_ID,
        /** No registry answered (or it kept failing) through every retry. */
        REGISTRY_UNAVAILABLE,
        /** The writer schema cannot be read as the reader's record class. */
        INCOMPATIBLE_SCHEMA,
        /** The Avro body does not decode with the writer schema (or has bytes left over). */
        INVALID_BODY,
        /** The registry refused a request (e.g. 409 incompatible registration, 401, 422). */
        REGISTRY_ERROR
    }

    private final Reason reason;

    public RegistrySerdeException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public RegistrySerdeException(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }

    /** The reason for a failed registry request: unavailable, unknown id, or a refusal. */
    static Reason of(SchemaRegistryException e) {
        return e.isUnreachable() || e.status() >= 500 || e.status() == 408 || e.status() == 429
                ? Reason.REGISTRY_UNAVAILABLE : e.isNotFound() ? Reason.UNKNOWN_SCHEMA_ID : Reason.REGISTRY_ERROR;
    }
}
