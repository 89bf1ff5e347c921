package de.stimmung.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.jtransforms.fft.FloatFFT_1D;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link RealFft} gives JTransforms' results bit for bit, also for zeros, -0, subnormals and huge values. */
class RealFftTest {

    @ParameterizedTest
    @ValueSource(ints = {16, 32, 64, 128, 256, 512, 1024, 2048})
    void powerSpectrumAndAutocorrelationAreBitIdenticalToJTransforms(int n) {
        RealFft fft = new RealFft(n);
        FloatFFT_1D plan = new FloatFFT_1D(n);
        SplittableRandom random = new SplittableRandom(n);
        for (int trial = 0; trial < 300; trial++) {
            float[] x = signal(random, n, trial);

            float[] reference = x.clone();
            plan.realForward(reference);
            double[] expected = new double[n / 2 + 1];
            expected[0] = (double) reference[0] * reference[0];
            expected[n / 2] = (double) reference[1] * reference[1];
            for (int k = 1; k < n / 2; k++) {
                double re = reference[2 * k];
                double im = reference[2 * k + 1];
                expected[k] = re * re + im * im;
            }
            double[] power = new double[n / 2 + 1];
            fft.powerSpectrum(x.clone(), power);
            for (int k = 0; k <= n / 2; k++) {
                assertEquals(Double.doubleToRawLongBits(expected[k]), Double.doubleToRawLongBits(power[k]),
                        "n " + n + " trial " + trial + " bin " + k + ": " + expected[k] + " vs " + power[k]);
            }

            float[] acf = AnalysisTables.autocorrelation(plan, x.clone());
            float[] r = new float[n / 2];
            fft.autocorrelation(x.clone(), new float[n], r);
            for (int lag = 0; lag < r.length; lag++) {
                assertEquals(Float.floatToRawIntBits(acf[lag]), Float.floatToRawIntBits(r[lag]),
                        "n " + n + " trial " + trial + " lag " + lag + ": " + acf[lag] + " vs " + r[lag]);
            }
        }
    }

    /** Noise at varied scales with a zero tail, plus exact zeros, -0, subnormals and equal values. */
    private static float[] signal(SplittableRandom random, int n, int trial) {
        float[] x = new float[n];
        int used = trial % 3 == 0 ? n : 1 + random.nextInt(n);
        double scale = Math.pow(10, random.nextInt(-40, 12));
        for (int i = 0; i < used; i++) {
            switch (random.nextInt(8)) {
                case 0 -> x[i] = 0f;
                case 1 -> x[i] = -0f;
                case 2 -> x[i] = (random.nextBoolean() ? 1 : -1) * Float.MIN_VALUE * random.nextInt(1, 100);
                case 3 -> x[i] = i > 0 ? x[i - 1] : 1f;
                default -> x[i] = (float) (scale * (2 * random.nextDouble() - 1));
            }
        }
        if (trial % 7 == 1) {
            java.util.Arrays.fill(x, trial % 2 == 0 ? 0f : -0f);
        }
        return x;
    }
}
