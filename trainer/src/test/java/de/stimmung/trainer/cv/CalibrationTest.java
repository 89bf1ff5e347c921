package de.stimmung.trainer.cv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CalibrationTest {

    /**
     * Rows whose true class is drawn from softmax(z) but reported as softmax(z * sharpen): an
     * over-confident (sharpen > 1) or under-confident (sharpen < 1) classifier with known truth.
     */
    private static float[][] miscalibrated(int n, double sharpen, int[] labels, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] p = new float[n][];
        for (int i = 0; i < n; i++) {
            double[] z = new double[7];
            for (int c = 0; c < 7; c++) {
                z[c] = 1.5 * gaussian(r);
            }
            labels[i] = draw(softmax(z, 1), r);
            p[i] = toFloat(softmax(z, sharpen));
        }
        return p;
    }

    @Test
    void temperatureUndoesAKnownSharpening() {
        int[] y = new int[20000];
        float[][] p = miscalibrated(y.length, 3.0, y, 1);
        TemperatureScaling t = TemperatureScaling.fit(p, y);
        assertEquals(3.0, t.temperature(), 0.15, "over-confident by 3x should give T near 3");
        int[] y2 = new int[20000];
        float[][] q = miscalibrated(y2.length, 0.5, y2, 2);
        assertEquals(0.5, TemperatureScaling.fit(q, y2).temperature(), 0.05);
    }

    @Test
    void theEceFloorIsWhatExactlyCalibratedRowsShowAndShrinksWithMoreRows() {
        double measured = 0;
        double floor = 0;
        int seeds = 20;
        for (int s = 0; s < seeds; s++) {
            int[] y = new int[418];
            CalibrationMetrics m = CalibrationMetrics.of(miscalibrated(y.length, 1.0, y, 100 + s), y);
            measured += m.ece() / seeds;
            floor += m.eceFloor() / seeds;
            assertTrue(m.eceFloorP95() >= m.eceFloor(), "the 95th percentile is at least the mean");
        }
        assertEquals(floor, measured, 0.25 * floor, "calibrated rows show the floor's ECE on average");
        assertTrue(floor > 0.02, "418 rows cannot show a calibrated model's ECE below 0.02: " + floor);

        int[] many = new int[41800];
        double large = CalibrationMetrics.of(miscalibrated(many.length, 1.0, many, 7), many).eceFloor();
        assertTrue(large < floor / 5, "100 times the rows, a tenth of the floor: " + large + " vs " + floor);

        int[] y = new int[418];
        CalibrationMetrics sharp = CalibrationMetrics.of(miscalibrated(y.length, 3.0, y, 8), y);
        assertTrue(sharp.ece() > 2 * sharp.eceFloorP95(), "an over-confident model stands out of the floor: "
                + sharp.ece() + " vs " + sharp.eceFloorP95());
        float[][] p = miscalibrated(y.length, 1.0, y, 9);
        assertEquals(CalibrationMetrics.of(p, y).eceFloor(), CalibrationMetrics.of(p, y).eceFloor(),
                "the floor's draws are seeded");
    }

    @Test
    void eachNetworkGetsItsOwnTemperatureAndATinyOneThePooledTemperature() {
        int[] y0 = new int[6000];
        int[] y1 = new int[6000];
        float[][] p0 = miscalibrated(y0.length, 3.0, y0, 4);
        float[][] p1 = miscalibrated(y1.length, 0.5, y1, 5);
        float[][] p = new float[12000][];
        int[] y = new int[12000];
        int[] network = new int[12000];
        for (int i = 0; i < 6000; i++) {
            p[2 * i] = p0[i];
            y[2 * i] = y0[i];
            p[2 * i + 1] = p1[i];
            y[2 * i + 1] = y1[i];
            network[2 * i + 1] = 1;
        }
        NetworkTemperatures t = NetworkTemperatures.fit(p, y, network);
        assertEquals(3.0, t.of(0).temperature(), 0.2, "the over-confident network");
        assertEquals(0.5, t.of(1).temperature(), 0.05, "the under-confident network");
        double pooled = t.pooled().temperature();
        assertTrue(pooled > 0.5 && pooled < 3.0, "one temperature for both lies between: " + pooled);
        assertEquals(pooled, t.of(7).temperature(), "a network the fit never saw gets the pooled temperature");
        float[][] perNetwork = t.apply(p, network);
        float[][] shared = t.pooled().apply(p);
        assertTrue(CalibrationMetrics.of(perNetwork, y).ece() < CalibrationMetrics.of(shared, y).ece());
        assertTrue(CalibrationMetrics.of(perNetwork, y).logLoss() < CalibrationMetrics.of(shared, y).logLoss());

        int[] few = new int[12000];
        for (int i = 0; i < NetworkTemperatures.MIN_ROWS - 1; i++) {
            few[i] = 1;
        }
        NetworkTemperatures sparse = NetworkTemperatures.fit(p, y, few);
        assertEquals(sparse.pooled(), sparse.of(1), "a network with too few rows gets the pooled temperature");
        assertEquals(List.of(1.0), NetworkTemperatures.single(TemperatureScaling.identity()).temperatures());
        assertThrows(IllegalArgumentException.class, () -> NetworkTemperatures.fit(p, y, new int[3]));
    }

    @Test
    void scalingLowersEceAndLogLossButKeepsEveryArgmax() {
        int[] y = new int[5000];
        float[][] p = miscalibrated(y.length, 4.0, y, 3);
        TemperatureScaling t = TemperatureScaling.fit(p, y);
        float[][] q = t.apply(p);
        CalibrationMetrics before = CalibrationMetrics.of(p, y);
        CalibrationMetrics after = CalibrationMetrics.of(q, y);
        assertTrue(before.ece() > 0.15, "the sharpened rows are over-confident, ECE " + before.ece());
        assertTrue(after.ece() < 0.03, "after scaling ECE " + after.ece());
        assertTrue(after.logLoss() < before.logLoss());
        assertTrue(after.brier() < before.brier());
        assertEquals(before.accuracy(), after.accuracy(), 0.0);
        for (float[] row : q) {
            double sum = 0;
            for (float v : row) {
                sum += v;
            }
            assertEquals(1.0, sum, 1e-5);
        }
    }

    @Test
    void metricsOfHandMadeRows() {
        // Two rows: confident and right (0.9 in bin 13), unsure and wrong (0.5 in bin 7).
        float[][] p = {{0.9f, 0.1f}, {0.5f, 0.5f - 1e-6f}};
        int[] y = {0, 1};
        CalibrationMetrics m = CalibrationMetrics.of(p, y);
        assertEquals(0.5, m.accuracy(), 1e-9);
        // bins: |1 - 0.9| * 1/2 + |0 - 0.5| * 1/2
        assertEquals(0.3, m.ece(), 1e-6);
        double brier = ((0.1 * 0.1 + 0.1 * 0.1) + (0.5 * 0.5 + 0.5 * 0.5)) / 2;
        assertEquals(brier, m.brier(), 1e-6);
        assertEquals((-Math.log(0.9) - Math.log(0.5)) / 2, m.logLoss(), 1e-5);
        assertEquals(1, m.binCount()[13]);
        assertEquals(1, m.binCount()[7]);
        assertEquals(CalibrationMetrics.BINS, m.binCount().length);
    }

    @Test
    void badInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> TemperatureScaling.fit(new float[0][], new int[0]));
        assertThrows(IllegalArgumentException.class, () -> CalibrationMetrics.of(new float[1][2], new int[2]));
        assertThrows(IllegalArgumentException.class, () -> new TemperatureScaling(0));
    }

    private static double[] softmax(double[] z, double scale) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v * scale);
        }
        double[] p = new double[z.length];
        double sum = 0;
        for (int c = 0; c < z.length; c++) {
            p[c] = Math.exp(z[c] * scale - max);
            sum += p[c];
        }
        for (int c = 0; c < z.length; c++) {
            p[c] /= sum;
        }
        return p;
    }

    private static int draw(double[] p, SplittableRandom r) {
        double u = r.nextDouble();
        for (int c = 0; c < p.length; c++) {
            u -= p[c];
            if (u <= 0) {
                return c;
            }
        }
        return p.length - 1;
    }

    private static float[] toFloat(double[] p) {
        float[] f = new float[p.length];
        for (int c = 0; c < p.length; c++) {
            f[c] = (float) p[c];
        }
        return f;
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
