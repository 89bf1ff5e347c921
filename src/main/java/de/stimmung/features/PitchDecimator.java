package de.stimmung.features;

/**
 * The low-pass decimator that turns the analysis-rate signal into the pitch analysis' copy (16 kHz
 * to 8 kHz by default): a symmetric FIR filter ({@link AnalysisTables#decimator}, 2 * half + 1
 * taps) evaluated at every {@code factor}-th input sample, the signal taken as zero before the
 * first and after the last input sample. Output {@code m} is centred on input {@code m * factor}.
 *
 * <p>Three evaluations of the same sum, chosen once per filter, all bit-identical: the unrolled
 * steady state for a filter whose non-zero taps lie at every distance 1..15 (the default 31-tap
 * half-band filter, the hot path), the general steady state (taps inside the buffered input,
 * exact zero taps skipped), and the edge case (taps before sample 0 or past the input's end).
 * Reuses its output buffer; not thread-safe (one per {@link UtteranceExtraction}).
 */
final class PitchDecimator {

    /** The largest tap distance the unrolled steady state is written for. */
    private static final int UNROLLED_HALF = 15;

    private final int factor;
    private final int half;
    private final float[] filter;
    private final int[] offsets;
    private final float[] taps;
    private final boolean unrolled;
    private final SampleWindow output;
    private long next;

    PitchDecimator(AnalysisTables tables, int outputCapacity) {
        factor = tables.decimation;
        half = tables.decimatorHalf;
        filter = tables.decimator;
        offsets = tables.decimatorOffsets;
        taps = tables.decimatorTaps;
        unrolled = tapsAtEveryDistanceUpTo(offsets, UNROLLED_HALF);
        output = new SampleWindow(outputCapacity);
    }

    /** Whether the non-zero taps lie exactly at distances 1, 2, ..., {@code n}. */
    private static boolean tapsAtEveryDistanceUpTo(int[] offsets, int n) {
        if (offsets.length != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (offsets[i] != i + 1) {
                return false;
            }
        }
        return true;
    }

    /** Starts a new signal: no outputs yet, the output window emptied. */
    void reset() {
        next = 0;
        output.clear();
    }

    /** The decimated signal, addressed by output index. */
    SampleWindow output() {
        return output;
    }

    /** The first input sample a later output still reads; earlier ones may be discarded. */
    long firstInputNeeded() {
        return next * factor - half;
    }

    /** Every output whose taps all lie before {@code input.end()} (as the input grows). */
    void advance(SampleWindow input) {
        long end = input.end();
        steadyOutputs(input, end);
        while (next * factor + half < end) {
            nextOutput(input);
        }
    }

    /** Outputs up to index {@code count - 1}, reading zeros past the input's end (its last outputs). */
    void finish(SampleWindow input, long count) {
        while (next < count) {
            nextOutput(input);
        }
    }

    /** The steady state in one tight loop: every next output whose taps all lie inside the buffered input. */
    private void steadyOutputs(SampleWindow input, long end) {
        if (next * factor - half < input.start()) {
            return;
        }
        float[] x = input.array();
        long m = next;
        long count = Math.max(0, (end - half - 1) / factor - m + 1);
        if (count == 0) {
            return;
        }
        float[] out = output.reserve((int) count);
        int o = output.offsetOf(output.end());
        int c = input.offsetOf(m * factor);
        long stop = m + count;
        if (unrolled) {
            steadyUnrolled(x, c, out, o, (int) count);
            m = stop;
        } else {
            for (; m < stop; m++, c += factor) {
                out[o++] = (float) steadyOutput(x, c);
            }
        }
        output.commit((int) count);
        next = m;
    }

    /**
     * One output centred on {@code x[c]} when all its taps lie inside the buffer: symmetric taps
     * ({@code h[half - j] == h[half + j]}) summed pairwise, exactly zero taps skipped (the default
     * half-band filter has none: rounding leaves its even taps near 1e-17), two accumulators
     * against the add latency chain.
     */
    private double steadyOutput(float[] x, int c) {
        double even = filter[half] * x[c];
        double odd = 0;
        int i = 0;
        for (; i + 1 < offsets.length; i += 2) {
            even += taps[i] * (x[c - offsets[i]] + x[c + offsets[i]]);
            odd += taps[i + 1] * (x[c - offsets[i + 1]] + x[c + offsets[i + 1]]);
        }
        if (i < offsets.length) {
            even += taps[i] * (x[c - offsets[i]] + x[c + offsets[i]]);
        }
        return even + odd;
    }

    /**
     * {@link #steadyOutput} for taps at distances 1..15, unrolled so that every sample index is
     * the loop variable plus a constant: the same operations in the same order, without per-tap
     * index loads and bounds checks.
     */
    private void steadyUnrolled(float[] x, int c, float[] out, int o, int count) {
        float[] h = taps;
        float centre = filter[half];
        int d = factor;
        float h1 = h[0], h2 = h[1], h3 = h[2], h4 = h[3], h5 = h[4], h6 = h[5], h7 = h[6], h8 = h[7];
        float h9 = h[8], h10 = h[9], h11 = h[10], h12 = h[11], h13 = h[12], h14 = h[13], h15 = h[14];
        for (int k = 0; k < count; k++, c += d) {
            double even = centre * x[c];
            double odd = 0;
            even += h1 * (x[c - 1] + x[c + 1]);
            odd += h2 * (x[c - 2] + x[c + 2]);
            even += h3 * (x[c - 3] + x[c + 3]);
            odd += h4 * (x[c - 4] + x[c + 4]);
            even += h5 * (x[c - 5] + x[c + 5]);
            odd += h6 * (x[c - 6] + x[c + 6]);
            even += h7 * (x[c - 7] + x[c + 7]);
            odd += h8 * (x[c - 8] + x[c + 8]);
            even += h9 * (x[c - 9] + x[c + 9]);
            odd += h10 * (x[c - 10] + x[c + 10]);
            even += h11 * (x[c - 11] + x[c + 11]);
            odd += h12 * (x[c - 12] + x[c + 12]);
            even += h13 * (x[c - 13] + x[c + 13]);
            odd += h14 * (x[c - 14] + x[c + 14]);
            even += h15 * (x[c - 15] + x[c + 15]);
            out[o + k] = (float) (even + odd);
        }
    }

    /** The next output, wherever its taps lie: the steady sum inside the buffer, else the edge sum. */
    private void nextOutput(SampleWindow input) {
        long centre = next * factor;
        double acc = 0;
        if (centre - half >= input.start() && centre + half < input.end()) {
            acc = steadyOutput(input.array(), input.offsetOf(centre));
        } else {
            // edges: before the first sample and past the last one the signal is zero
            for (int j = -half; j <= half; j++) {
                long i = centre + j;
                if (i >= 0) {
                    acc += filter[j + half] * input.get(i);
                }
            }
        }
        output.append((float) acc);
        next++;
    }
}
