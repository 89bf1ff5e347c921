package de.stimmung.stream;

/** Why a record went to the dead-letter topic (the DeadLetter's {@code errorKind}). */
public enum DeadLetterKind {
    /** The bytes are not an AudioChunk (corrupt, truncated, another format, an unknown encoding symbol). */
    DESERIALIZATION,
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
    /** The record has no call id key or value. */
    MISSING_KEY_OR_VALUE,
    /** Anything else that failed while processing the record. */
    PROCESSING,
    /** An output record could not be written. */
    PRODUCTION
}
