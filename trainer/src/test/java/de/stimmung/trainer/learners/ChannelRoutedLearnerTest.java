package de.stimmung.trainer.learners;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.stimmung.features.FeatureSpec;
import de.stimmung.model.EmotionScorer;
import de.stimmung.trainer.dataset.FeatureTable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Wideband rows carry energy in the high mel band; their "telephone copies" do not, and carry the
 * class cues in other features, so a model fitted on wideband rows alone fails on them. The routed
 * pair must send each row to the model of its own channel: the studio model (wideband rows only)
 * or the robust one (rows and copies).
 */
class ChannelRoutedLearnerTest {

    private static final List<String> NAMES = FeatureSpec.defaults().featureNames();
    private static final int HIGH = NAMES.indexOf(ChannelGate.HIGH_FEATURE);
    private static final int REFERENCE = NAMES.indexOf(ChannelGate.REFERENCE_FEATURE);
    private static final GaussianClasses CLASSES = new GaussianClasses(NAMES.size(), 12, 1.5, 5L);

    @Test
    void eachRowIsScoredByTheModelOfItsChannelAndBothChannelsAreLearnt() {
        FeatureTable train = wideband(CLASSES.sample(280, 1L), 2L);
        Map<String, List<float[]>> copies = new HashMap<>();
        for (int i = 0; i < train.size(); i++) {
            copies.put(train.ids()[i], List.of(narrowband(train.features()[i], 10L + i), narrowband(train.features()[i], 999L + i)));
        }
        Learner lgc = Baselines.byName("LGC");
        Learner robust = new SpeedAugmentedLearner(lgc, "Tel", copies);
        ChannelRoutedLearner learner = new ChannelRoutedLearner("routedLGC", lgc, robust, copies);

        ChannelRoutedLearner.Routed routed = learner.fit(train, 3L);

        FeatureTable wideTest = wideband(CLASSES.sample(140, 4L), 5L);
        float[][] narrowTest = new float[wideTest.size()][];
        for (int i = 0; i < narrowTest.length; i++) {
            narrowTest[i] = narrowband(wideTest.features()[i], 77L + i);
        }
        for (int i = 0; i < wideTest.size(); i++) {
            assertTrue(routed.gate().wideband(wideTest.features()[i]), "wideband row " + i + " routed to the telephone model");
            assertFalse(routed.gate().wideband(narrowTest[i]), "telephone row " + i + " routed to the studio model");
        }
        float[][] mixed = new float[2 * wideTest.size()][];
        for (int i = 0; i < wideTest.size(); i++) {
            mixed[2 * i] = wideTest.features()[i];
            mixed[2 * i + 1] = narrowTest[i];
        }
        float[][] p = routed.predictProba(mixed);
        float[][] wideOwn = routed.wideband().predictProba(wideTest.features());
        float[][] narrowOwn = routed.narrowband().predictProba(narrowTest);
        for (int i = 0; i < wideTest.size(); i++) {
            assertArrayEquals(wideOwn[i], p[2 * i], "wideband row " + i);
            assertArrayEquals(narrowOwn[i], p[2 * i + 1], "telephone row " + i);
        }
        assertTrue(accuracy(p, wideTest.labels(), 0) > 0.8, "wideband accuracy " + accuracy(p, wideTest.labels(), 0));
        assertTrue(accuracy(p, wideTest.labels(), 1) > 0.8, "telephone accuracy " + accuracy(p, wideTest.labels(), 1));
        // the studio model alone gets the telephone rows wrong: routing is what makes them right
        assertTrue(accuracy(routed.wideband().predictProba(narrowTest), wideTest.labels(), -1) < 0.4,
                "the wideband model should fail on the remapped telephone rows");
    }

    @Test
    void aThresholdLiesBetweenSeparatedGroupsElseJustAboveEveryTelephoneCopy() {
        assertEquals(Math.nextUp(-1.5f), ChannelGate.threshold(new double[] {-1, 0, 3}, new double[] {-2, -9, -4}));
        assertEquals(Math.nextUp(5f), ChannelGate.threshold(new double[] {-3, 1, 2}, new double[] {-1, 0, 5}));
    }

    @Test
    void aLoudTelephoneRowFailsTheRelativeTestAndAQuietOneTheAbsoluteTest() {
        ChannelGate gate = new ChannelGate(HIGH, REFERENCE, -7f, -10f);
        float[] row = new float[NAMES.size()];
        row[REFERENCE] = 20;
        row[HIGH] = 12; // loud wideband speech
        assertTrue(gate.wideband(row));
        row[HIGH] = -5; // loud telephone speech: the high band far under the voice band, above the absolute floor
        assertFalse(gate.wideband(row));
        row[REFERENCE] = -2;
        row[HIGH] = -8; // quiet speech, band ratio like wideband audio, but hardly anything up there
        assertFalse(gate.wideband(row));
    }

    @Test
    void withoutTelephoneCopiesFittingFailsWithAReason() {
        FeatureTable train = wideband(CLASSES.sample(70, 1L), 2L);
        Learner lgc = Baselines.byName("LGC");
        var e = assertThrows(IllegalArgumentException.class,
                () -> new ChannelRoutedLearner("routedLGC", lgc, lgc, Map.of()).fit(train, 1L));
        assertTrue(e.getMessage().contains("telephone copies"), e.getMessage());
    }

    /** Wideband: the class cues in features 0-11, nothing in the rest but the gate's two bands. */
    private static FeatureTable wideband(FeatureTable t, long seed) {
        Random rng = new Random(seed);
        for (float[] row : t.features()) {
            java.util.Arrays.fill(row, 12, row.length, 0f);
            row[REFERENCE] = (float) (10 + rng.nextGaussian());
            row[HIGH] = (float) (row[REFERENCE] - 8 + rng.nextGaussian());
        }
        return t;
    }

    /** A telephone copy: nothing in the high band, and the class cues moved from features 0-11 to 12-23. */
    private static float[] narrowband(float[] wide, long seed) {
        Random rng = new Random(seed);
        float[] row = new float[wide.length];
        for (int j = 0; j < row.length; j++) {
            row[j] = j < 12 ? (float) (2 * rng.nextGaussian()) : j < 24 ? wide[j - 12] : 0f;
        }
        row[REFERENCE] = wide[REFERENCE];
        row[HIGH] = (float) (wide[REFERENCE] - 40 + rng.nextGaussian());
        return row;
    }

    /** Accuracy over rows of parity {@code parity} (0 even, 1 odd) of {@code p}, or all rows for -1. */
    private static double accuracy(float[][] p, int[] labels, int parity) {
        int[] rows = IntStream.range(0, p.length).filter(i -> parity < 0 || i % 2 == parity).toArray();
        long correct = IntStream.range(0, rows.length)
                .filter(k -> EmotionScorer.argMax(p[rows[k]]) == labels[parity < 0 ? rows[k] : rows[k] / 2]).count();
        return correct / (double) rows.length;
    }
}
