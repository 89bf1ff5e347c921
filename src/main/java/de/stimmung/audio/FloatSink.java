package de.stimmung.audio;

/**
 * Receives a run of samples, {@code buf[off..off+len)}. The array belongs to the caller and is
 * reused after {@code accept} returns: copy what you need to keep.
 */
@FunctionalInterface
public interface FloatSink {

    /** Consumes {@code len} samples starting at {@code buf[off]}. */
    void accept(float[] buf, int off, int len);
}
