package de.stimmung.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CallNormalizerTest {

    private static final float[] MU = {0f, 10f, -3f};
    private static final float[] SIGMA = {1f, 2f, 0.5f};

    @Test
    void aCallWithoutHistoryIsScoredAsItIs() {
        CallNormalizer n = new CallNormalizer(MU, SIGMA, 5);
        float[] x = {3.5f, -1f, 42f};
        assertArrayEquals(x, n.apply(n.start(), x));
    }

    @Test
    void aLongCallOfAnOffsetAndWiderVoiceIsMappedOntoThePopulation() {
        CallNormalizer n = new CallNormalizer(MU, SIGMA, 5);
        CallNormalizer.State state = n.start();
        SplittableRandom r = new SplittableRandom(7);
        // this speaker: mean MU + 4 sigma, spread 3 sigma
        for (int i = 0; i < 5000; i++) {
            n.update(state, speaker(r));
        }
        double[] sum = new double[3];
        double[] sq = new double[3];
        int m = 5000;
        for (int i = 0; i < m; i++) {
            float[] y = n.apply(state, speaker(r));
            for (int j = 0; j < 3; j++) {
                sum[j] += y[j];
                sq[j] += y[j] * (double) y[j];
            }
        }
        for (int j = 0; j < 3; j++) {
            double mean = sum[j] / m;
            double sd = Math.sqrt(sq[j] / m - mean * mean);
            assertEquals(MU[j], mean, 0.1 * SIGMA[j], "mean of feature " + j);
            assertEquals(SIGMA[j], sd, 0.1 * SIGMA[j], "spread of feature " + j);
        }
    }

    private static float[] speaker(SplittableRandom r) {
        float[] x = new float[3];
        for (int j = 0; j < 3; j++) {
            x[j] = (float) (MU[j] + 4 * SIGMA[j] + 3 * SIGMA[j] * r.nextGaussian());
        }
        return x;
    }

    @Test
    void fewUtterancesMoveTheEstimateOnlyPartWayTowardTheCall() {
        double k = 4;
        CallNormalizer n = new CallNormalizer(new float[] {0f}, new float[] {1f}, k);
        CallNormalizer.State state = n.start();
        n.update(state, new float[] {5f});
        // mean shrunk to 5 * 1/(1+k) = 1; spread: (0 + k * 1) / (0 + k) = 1
        assertEquals(2f - 1f, n.apply(state, new float[] {2f})[0], 1e-6);
        n.update(state, new float[] {7f});
        // n = 2, call mean 6, sum of squares 2: m = 12/6 = 2, s^2 = (2 + 4)/(1 + 4) = 1.2
        assertEquals((2f - 2f) / Math.sqrt(1.2), n.apply(state, new float[] {2f})[0], 1e-6);
        assertEquals((8f - 2f) / Math.sqrt(1.2), n.apply(state, new float[] {8f})[0], 1e-5);
    }

    @Test
    void applyingDoesNotChangeTheHistoryAndConstantFeaturesStayAsTheyAre() {
        CallNormalizer n = new CallNormalizer(new float[] {1f, 2f}, new float[] {1f, 0f}, 2);
        CallNormalizer.State state = n.start();
        n.update(state, new float[] {3f, 2f});
        byte[] before = state.toBytes();
        float[] y = n.apply(state, new float[] {4f, 9f});
        assertArrayEquals(before, state.toBytes());
        assertEquals(9f, y[1]);
        assertEquals(1, state.count());
    }

    @Test
    void stateAndStatisticsSurviveTheirSerialisedForms() {
        CallNormalizer n = new CallNormalizer(MU, SIGMA, 2.5);
        CallNormalizer.State state = n.start();
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 4; i++) {
            n.update(state, speaker(r));
        }
        CallNormalizer.State back = CallNormalizer.State.fromBytes(state.toBytes(), 3);
        assertEquals(state, back);
        CallNormalizer decoded = CallNormalizer.decode(n.encode());
        assertEquals(2.5, decoded.prior());
        float[] x = speaker(r);
        assertArrayEquals(n.apply(state, x), decoded.apply(back, x));
    }

    @Test
    void wrongShapesAndValuesAreRefusedWithReasons() {
        CallNormalizer n = new CallNormalizer(MU, SIGMA, 5);
        assertThrows(IllegalArgumentException.class, () -> n.apply(n.start(), new float[2]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CallNormalizer.State.fromBytes(new byte[10], 3));
        assertTrue(e.getMessage().contains("3 features"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CallNormalizer(MU, SIGMA, 0));
        assertThrows(IllegalArgumentException.class, () -> new CallNormalizer(MU, new float[2], 1));
        assertThrows(IllegalArgumentException.class, () -> CallNormalizer.decode("1;2"));
        assertThrows(IllegalArgumentException.class, () -> CallNormalizer.decode("x;1;1"));
    }
}
