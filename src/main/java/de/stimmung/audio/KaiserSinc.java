package de.stimmung.audio;

/** Kaiser-windowed sinc low-pass design for {@link Resampler}; pure functions. */
final class KaiserSinc {

    private KaiserSinc() {
    }

    /** Kaiser's beta for a stop-band attenuation in dB (Kaiser 1974 / Oppenheim-Schafer). */
    static double beta(double attenuationDb) {
        if (attenuationDb > 50) {
            return 0.1102 * (attenuationDb - 8.7);
        }
        if (attenuationDb >= 21) {
            return 0.5842 * Math.pow(attenuationDb - 21, 0.4) + 0.07886 * (attenuationDb - 21);
        }
        return 0;
    }

    /**
     * Polyphase coefficient table: {@code table[p * 2*half + i]} is the kernel at offset
     * {@code tau = p/phases + half - 1 - i} input samples, for phases p in [0, phases) and taps i
     * in [0, 2*half). Each phase is normalised to sum to 1.
     *
     * @param cutoff -6 dB cutoff in cycles per input sample, in (0, 0.5)
     */
    static float[] polyphase(int phases, int half, double cutoff, double beta) {
        int taps = 2 * half;
        float[] table = new float[phases * taps];
        double[] phaseTaps = new double[taps];
        double i0Beta = besselI0(beta);
        for (int p = 0; p < phases; p++) {
            double sum = 0;
            for (int i = 0; i < taps; i++) {
                double tau = (double) p / phases + half - 1 - i;
                double x = tau / half;
                double window = Math.abs(x) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - x * x)) / i0Beta;
                phaseTaps[i] = 2 * cutoff * sinc(2 * cutoff * tau) * window;
                sum += phaseTaps[i];
            }
            for (int i = 0; i < taps; i++) {
                table[p * taps + i] = (float) (phaseTaps[i] / sum);
            }
        }
        return table;
    }

    private static double sinc(double x) {
        if (x == 0) {
            return 1;
        }
        double px = Math.PI * x;
        return Math.sin(px) / px;
    }

    /** Modified Bessel function of the first kind, order 0, by its power series. */
    static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double quarterX2 = x * x / 4;
        for (int k = 1; k < 200 && term > 1e-17 * sum; k++) {
            term *= quarterX2 / ((double) k * k);
            sum += term;
        }
        return sum;
    }
}
