package de.stimmung.features;

import java.util.Arrays;

/**
 * A growing sequence of samples addressed by absolute index from the start of the utterance,
 * keeping only the part still needed: {@link #discardBefore(long)} releases old samples, and
 * the buffer compacts in place so memory stays bounded by the analysis look-back. Reading at or
 * past {@link #end()} gives 0 (zero padding at the end of an utterance). Not thread-safe.
 */
final class SampleWindow {

    private float[] data;
    private long base;
    private int length;

    SampleWindow(int initialCapacity) {
        data = new float[Math.max(16, initialCapacity)];
    }

    void clear() {
        base = 0;
        length = 0;
    }

    /** Absolute index one past the last sample appended. */
    long end() {
        return base + length;
    }

    void append(float sample) {
        if (length == data.length) {
            data = Arrays.copyOf(data, data.length * 2);
        }
        data[length++] = sample;
    }

    /**
     * Makes room for n more samples and returns the backing array; write them at
     * {@code offsetOf(end())} onwards, then {@link #commit(int)}.
     */
    float[] reserve(int n) {
        if (length + n > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, length + n));
        }
        return data;
    }

    /** Publishes n samples written after {@link #reserve(int)}. */
    void commit(int n) {
        length += n;
    }

    /** The sample at absolute index i; 0 at or past {@link #end()}. */
    float get(long i) {
        long rel = i - base;
        if (rel < 0) {
            throw new IllegalStateException("sample " + i + " was already discarded (window starts at " + base + ")");
        }
        return rel < length ? data[(int) rel] : 0f;
    }

    /** The backing array; sample i is at {@code array()[offsetOf(i)]} while {@code base <= i < end()}. */
    float[] array() {
        return data;
    }

    /** Position of absolute sample i in {@link #array()}. */
    int offsetOf(long i) {
        return (int) (i - base);
    }

    /** Absolute index of the first sample still held. */
    long start() {
        return base;
    }

    /** Copies samples [from, from+n) into dst, zero-padding past the end. */
    void copy(long from, float[] dst, int n) {
        long rel = from - base;
        if (rel < 0) {
            throw new IllegalStateException("sample " + from + " was already discarded (window starts at " + base + ")");
        }
        int avail = (int) Math.max(0, Math.min(n, length - rel));
        if (avail > 0) {
            System.arraycopy(data, (int) rel, dst, 0, avail);
        }
        Arrays.fill(dst, avail, n, 0f);
    }

    /** Releases samples before absolute index i; compacts when half the buffer is released. */
    void discardBefore(long i) {
        int drop = (int) Math.min(Math.max(0, i - base), length);
        if (drop > 0 && drop >= data.length / 2) {
            System.arraycopy(data, drop, data, 0, length - drop);
            base += drop;
            length -= drop;
        }
    }
}
