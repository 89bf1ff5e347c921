package de.stimmung.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FunctionalsTest {

    @Test
    void functionalsOfAHandComputedContour() {
        // values 1..5 at t = 0, 0.01 .. 0.04 s: mean 3, population variance 2, symmetric (skew 0),
        // kurtosis m4/m2^2 = (16+1+0+1+16)/5 / 4 = 1.7, slope 1 per 0.01 s = 100 per second
        double[] v = {3, 1, 5, 2, 4};
        double[] t = {0.02, 0.0, 0.04, 0.01, 0.03};
        float[] out = new float[Functionals.COUNT];
        Functionals.compute(v, t, 5, new OrderStatistics(), out, 0);
        assertEquals(3.0, out[0], 1e-6, "mean");
        assertEquals(Math.sqrt(2), out[1], 1e-6, "stddev");
        assertEquals(0.0, out[2], 1e-6, "skewness");
        assertEquals(1.7, out[3], 1e-6, "kurtosis");
        assertEquals(1.2, out[4], 1e-6, "pctl05 = 1 + 0.05*4*(2-1)");
        assertEquals(2.0, out[5], 1e-6, "pctl25");
        assertEquals(3.0, out[6], 1e-6, "pctl50");
        assertEquals(4.0, out[7], 1e-6, "pctl75");
        assertEquals(4.8, out[8], 1e-6, "pctl95");
        assertEquals(2.0, out[9], 1e-6, "iqr");
        assertEquals(3.6, out[10], 1e-6, "range 5..95");
        assertEquals(100.0, out[11], 1e-4, "slope per second");
        assertEquals(3.0, v[0], "input values are left alone");
    }

    @Test
    void anEmptyContourGivesZerosAndAConstantOneHasNoShape() {
        float[] out = new float[Functionals.COUNT];
        Arrays.fill(out, 9f);
        Functionals.compute(new double[0], new double[0], 0, new OrderStatistics(), out, 0);
        for (float f : out) {
            assertEquals(0f, f);
        }
        Functionals.compute(new double[] {2, 2, 2}, new double[] {0, 1, 2}, 3, new OrderStatistics(), out, 0);
        assertEquals(2f, out[0]);
        assertEquals(0f, out[1]);
        assertEquals(0f, out[2]);
        assertEquals(0f, out[3]);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "n = {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2, 3, 10, 255, 256, 1000, 4001})
    void radixOrderEqualsComparisonSortIncludingNegativesAndTies(int n) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(n);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextInt(4) == 0 ? (float) Math.floor(r.nextDouble() * 5 - 2) : (float) (r.nextGaussian() * 1e3);
        }
        a[0] = -0.0f;
        double[] sorted = a.clone();
        Arrays.sort(sorted);
        OrderStatistics o = new OrderStatistics();
        o.sort(a, n);
        for (int i = 0; i < n; i++) {
            assertEquals(sorted[i], o.get(i), 0.0, "order statistic " + i);
        }
    }
}
