package de.stimmung.trainer.cv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import de.stimmung.trainer.dataset.FeatureTable;
import de.stimmung.trainer.learners.Standardizer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpeakerNormalizationTest {

    private static FeatureTable randomTable(long seed) {
        Random rnd = new Random(seed);
        int n = 30;
        float[][] f = new float[n][3];
        String[] s = new String[n];
        int[] l = new int[n];
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            s[i] = i % 3 == 0 ? "03" : i % 3 == 1 ? "08" : "16";
            double offset = 10 * (i % 3);
            for (int j = 0; j < 3; j++) {
                f[i][j] = (float) (offset + (j + 1) * rnd.nextGaussian());
            }
            l[i] = rnd.nextInt(7);
            ids[i] = "u" + i;
        }
        return new FeatureTable(f, l, s, ids, 7);
    }

    @Test
    void fullGivesEverySpeakerMeanZeroAndStdOnePerFeature() {
        FeatureTable out = SpeakerNormalization.full(randomTable(1));
        for (String speaker : new String[] {"03", "08", "16"}) {
            for (int j = 0; j < 3; j++) {
                double sum = 0;
                double sumSq = 0;
                int n = 0;
                for (int i = 0; i < out.size(); i++) {
                    if (out.speakers()[i].equals(speaker)) {
                        sum += out.features()[i][j];
                        sumSq += out.features()[i][j] * out.features()[i][j];
                        n++;
                    }
                }
                double mean = sum / n;
                assertEquals(0.0, mean, 1e-5, "mean of speaker " + speaker + " feature " + j);
                assertEquals(1.0, Math.sqrt(sumSq / n - mean * mean), 1e-4, "std of speaker " + speaker + " feature " + j);
            }
        }
    }

    @Test
    void fullIgnoresLabelsAndKeepsTheOtherColumns() {
        FeatureTable a = randomTable(2);
        int[] otherLabels = new int[a.size()];
        FeatureTable b = new FeatureTable(a.features(), otherLabels, a.speakers(), a.ids(), 7);
        FeatureTable outA = SpeakerNormalization.full(a);
        assertArrayEquals(outA.features(), SpeakerNormalization.full(b).features());
        assertSame(a.labels(), outA.labels());
        assertSame(a.ids(), outA.ids());
    }

    @Test
    void constantFeatureMapsToZero() {
        FeatureTable t = new FeatureTable(new float[][] {{5}, {5}, {5}}, new int[3], new String[] {"a", "a", "a"},
                new String[] {"x", "y", "z"}, 1);
        assertArrayEquals(new float[][] {{0}, {0}, {0}}, SpeakerNormalization.full(t).features());
    }

    /*
     * Speaker s has rows 1, 3, 8 (one feature), interleaved with speaker o. Warm-up stats mean 10, std 2.
     * row s#0: 0 previous -> warm-up (1-10)/2 = -4.5
     * row s#1: 1 previous -> warm-up (3-10)/2 = -3.5
     * row s#2: previous {1,3}: mean 2, population std 1 -> (8-2)/1 = 6
     */
    @Test
    void causalUsesOnlyPreviousRowsOfTheSameSpeakerAfterAWarmUpOfTwo() {
        FeatureTable t = new FeatureTable(new float[][] {{1}, {100}, {3}, {200}, {8}},
                new int[5], new String[] {"s", "o", "s", "o", "s"}, new String[] {"1", "2", "3", "4", "5"}, 1);
        Standardizer warmUp = new Standardizer(new float[] {10}, new float[] {2});
        FeatureTable out = SpeakerNormalization.causal(t, warmUp);
        assertEquals(-4.5f, out.features()[0][0], 1e-6);
        assertEquals(-3.5f, out.features()[2][0], 1e-6);
        assertEquals(6.0f, out.features()[4][0], 1e-6);
        assertEquals(45f, out.features()[1][0], 1e-6); // (100-10)/2: speaker o is still warming up
    }

    @Test
    void causalWithoutWarmUpStatisticsLeavesEarlyRowsUnchanged() {
        FeatureTable t = new FeatureTable(new float[][] {{1}, {3}, {8}}, new int[3], new String[] {"s", "s", "s"},
                new String[] {"1", "2", "3"}, 1);
        FeatureTable out = SpeakerNormalization.causal(t, null);
        assertArrayEquals(new float[][] {{1}, {3}, {6}}, out.features());
    }

    @Test
    void changingALaterRowNeverChangesEarlierCausalOutputs() {
        FeatureTable a = randomTable(3);
        float[][] changed = a.features().clone();
        int later = 20;
        changed[later] = new float[] {1000, -1000, 42};
        FeatureTable b = new FeatureTable(changed, a.labels(), a.speakers(), a.ids(), 7);
        Standardizer warmUp = Standardizer.fit(a.features());
        FeatureTable outA = SpeakerNormalization.causal(a, warmUp);
        FeatureTable outB = SpeakerNormalization.causal(b, warmUp);
        for (int i = 0; i <= later; i++) {
            if (i != later) {
                assertArrayEquals(outA.features()[i], outB.features()[i], "row " + i + " changed");
            }
        }
        // the next row of the same speaker (20 % 3 = 2 -> speaker 16, next is 23) does see the change
        assertNotEquals(outA.features()[23][0], outB.features()[23][0]);
    }

    @Test
    void causalNeverReadsLabels() {
        FeatureTable a = randomTable(4);
        FeatureTable b = new FeatureTable(a.features(), new int[a.size()], a.speakers(), a.ids(), 7);
        assertArrayEquals(SpeakerNormalization.causal(a, null).features(), SpeakerNormalization.causal(b, null).features());
    }

    @Test
    void warmUpOfZeroIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> SpeakerNormalization.causal(randomTable(5), null, 0));
    }
}
