package de.stimmung.features;

import java.util.SplittableRandom;

/** Synthesised test signals with known properties (seeded, deterministic). */
final class Signals {

    private Signals() {
    }

    static float[] sine(double hz, double amplitude, double seconds, int rate) {
        float[] x = new float[(int) Math.round(seconds * rate)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return x;
    }

    /** Harmonics 1..count of f0 with amplitudes 1/k, scaled to the given peak-ish amplitude. */
    static float[] harmonicComplex(double f0, int count, double amplitude, double seconds, int rate) {
        float[] x = new float[(int) Math.round(seconds * rate)];
        double norm = 0;
        for (int k = 1; k <= count; k++) {
            norm += 1.0 / k;
        }
        for (int i = 0; i < x.length; i++) {
            double v = 0;
            for (int k = 1; k <= count; k++) {
                v += Math.sin(2 * Math.PI * f0 * k * i / rate + 0.3 * k) / k;
            }
            x[i] = (float) (amplitude * v / norm);
        }
        return x;
    }

    static float[] whiteNoise(double amplitude, double seconds, int rate, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[(int) Math.round(seconds * rate)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (amplitude * (2 * r.nextDouble() - 1));
        }
        return x;
    }

    /** A speech-like test signal: a gliding voiced tone with pauses and noise bursts. */
    static float[] speechLike(double seconds, int rate, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[(int) Math.round(seconds * rate)];
        double phase = 0;
        for (int i = 0; i < x.length; i++) {
            double t = (double) i / rate;
            double f0 = 120 + 40 * Math.sin(2 * Math.PI * 0.7 * t);
            phase += 2 * Math.PI * f0 / rate;
            double syllable = Math.max(0, Math.sin(2 * Math.PI * 3 * t));
            double voiced = 0.4 * syllable * (Math.sin(phase) + 0.5 * Math.sin(2 * phase) + 0.25 * Math.sin(3 * phase));
            double noise = (t % 1.0 > 0.8) ? 0.05 * (2 * r.nextDouble() - 1) : 0.002 * (2 * r.nextDouble() - 1);
            x[i] = (float) (voiced + noise);
        }
        return x;
    }

    static float[] add(float[] x, double offset) {
        float[] y = x.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] += (float) offset;
        }
        return y;
    }

    static float[] scale(float[] x, double gain) {
        float[] y = x.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] *= (float) gain;
        }
        return y;
    }
}
