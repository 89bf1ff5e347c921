package de.stimmung.audio;

import java.util.Random;

/** Synthesised test signals and their measurements. */
final class Tones {

    private Tones() {
    }

    /** {@code amplitude * sin(2 pi f t)} at {@code rateHz}, {@code n} samples. */
    static float[] sine(double frequencyHz, int rateHz, int n, double amplitude) {
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            s[i] = (float) (amplitude * Math.sin(2 * Math.PI * frequencyHz * i / rateHz));
        }
        return s;
    }

    /** A sine plus seeded white noise, for invariance tests that should exercise every coefficient. */
    static float[] sineWithNoise(int rateHz, int n, long seed) {
        Random random = new Random(seed);
        float[] s = sine(440, rateHz, n, 0.5);
        for (int i = 0; i < n; i++) {
            s[i] += (float) (0.2 * random.nextGaussian());
        }
        return s;
    }

    /** Amplitude of the component at {@code frequencyHz} in {@code s[from..to)}, by quadrature projection. */
    static double amplitudeAt(float[] s, int from, int to, double frequencyHz, int rateHz) {
        double re = 0;
        double im = 0;
        for (int i = from; i < to; i++) {
            double w = 2 * Math.PI * frequencyHz * i / rateHz;
            re += s[i] * Math.cos(w);
            im += s[i] * Math.sin(w);
        }
        return 2 * Math.hypot(re, im) / (to - from);
    }

    /** Root mean square of {@code s[from..to)}. */
    static double rms(float[] s, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) s[i] * s[i];
        }
        return Math.sqrt(sum / (to - from));
    }

    /** Frequency from the first to the last rising zero crossing in {@code s[from..to)}, crossings interpolated linearly. */
    static double zeroCrossingFrequency(float[] s, int from, int to, int rateHz) {
        double first = Double.NaN;
        double last = Double.NaN;
        int periods = -1;
        for (int i = from + 1; i < to; i++) {
            if (s[i - 1] < 0 && s[i] >= 0) {
                double t = i - 1 + s[i - 1] / (double) (s[i - 1] - s[i]);
                if (periods < 0) {
                    first = t;
                }
                last = t;
                periods++;
            }
        }
        return periods * rateHz / (last - first);
    }

    static double db(double ratio) {
        return 20 * Math.log10(ratio);
    }
}
