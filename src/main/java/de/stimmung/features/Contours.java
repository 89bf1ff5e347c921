package de.stimmung.features;

import java.util.Arrays;

/**
 * The frame-level descriptor contours of one utterance, stored column by column
 * ({@code column(lld)[frame]}); NaN marks a value that is undefined at that frame (for
 * example F0 on an unvoiced frame). Grows by doubling; {@link #clear()} keeps the memory for
 * the next utterance. Not thread-safe.
 */
final class Contours {

    private final float[][] columns;
    private int capacity;

    Contours(int width, int initialFrames) {
        capacity = Math.max(16, initialFrames);
        columns = new float[width][capacity];
    }

    /** Makes room for frame index {@code frame}; new cells are NaN until written. */
    void ensureFrame(int frame) {
        if (frame < capacity) {
            return;
        }
        int newCap = Math.max(frame + 1, capacity * 2);
        for (int i = 0; i < columns.length; i++) {
            float[] c = Arrays.copyOf(columns[i], newCap);
            Arrays.fill(c, capacity, newCap, Float.NaN);
            columns[i] = c;
        }
        capacity = newCap;
    }

    void clear() {
        for (float[] c : columns) {
            Arrays.fill(c, Float.NaN);
        }
    }

    float[] column(int lld) {
        return columns[lld];
    }

    void set(int lld, int frame, double value) {
        columns[lld][frame] = (float) value;
    }
}
