package de.stimmung.stream;

/** Why a record went to the dead-letter topic (the DeadLetter's {@code errorKind}). */
public enum DeadLetterKind {
    /** The bytes are not an AudioChunk (corrupt body, bytes left over, an unknown encoding symbol). */
    DESERIALIZATION,
    /** The first byte is not the schema-registry wire format's magic byte 0 (plain Avro, JSON, another format). */
    WRONG_MAGIC_BYTE,
    /** Shorter than the wire format's 5-byte header, or the Avro body ends before the record does. */
    TRUNCATED_RECORD,
    /** The schema registry does not know the record's writer schema id. */
    UNKNOWN_SCHEMA_ID,
    /** The writer schema cannot be read as an AudioChunk (not BACKWARD-compatible with ours). */
    INCOMPATIBLE_SCHEMA,
    /** The schema registry stayed unreachable (or kept failing) through every retry. */
    SCHEMA_REGISTRY_UNAVAILABLE,
    /** The schema registry refused the request (authorisation, invalid request). */
    SCHEMA_REGISTRY_ERROR,
    /** The chunk's sample rate is outside what the extractor supports. */
    UNSUPPORTED_SAMPLE_RATE,
    /** The chunk's sample rate differs from earlier chunks of its call and channel. */
    SAMPLE_RATE_CHANGED,
    /** The chunk carries no audio. */
    EMPTY_CHUNK,
    /** The chunk is larger than the configured maximum. */
    OVERSIZED_CHUNK,
    /** The audio length is not a whole number of samples for the encoding. */
    PARTIAL_SAMPLE,
    /** A sample is NaN or infinite. */
    INVALID_SAMPLES,
    /** The chunk's sequence number is negative (numbers start at 0 within a call and channel). */
    NEGATIVE_SEQUENCE_NUMBER,
    /** The record has no call id key or value. */
    MISSING_KEY_OR_VALUE,
    /** Anything else that failed while processing the record. */
    PROCESSING,
    /** An output record could not be written. */
    PRODUCTION
}
