package de.stimmung.trainer.cv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.stimmung.trainer.dataset.FeatureTable;
import de.stimmung.trainer.learners.Learner;
import de.stimmung.trainer.learners.ProbabilisticClassifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NestedCrossValidationTest {

    /** Five speakers, three overlapping Gaussian classes (centres (0,0), (2,0), (0,2), sd 1), 12 rows each. */
    static FeatureTable overlapping(long seed, double noise) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] centre = {{0, 0}, {2, 0}, {0, 2}};
        List<float[]> f = new ArrayList<>();
        List<Integer> l = new ArrayList<>();
        List<String> s = new ArrayList<>();
        for (String speaker : new String[] {"a", "b", "c", "d", "e"}) {
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < 12; i++) {
                    f.add(new float[] {(float) (centre[c][0] + noise * gaussian(r)),
                            (float) (centre[c][1] + noise * gaussian(r))});
                    l.add(c);
                    s.add(speaker);
                }
            }
        }
        String[] ids = new String[f.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = s.get(i) + "-" + i;
        }
        return new FeatureTable(f.toArray(float[][]::new), l.stream().mapToInt(Integer::intValue).toArray(),
                s.toArray(String[]::new), ids, 3);
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /**
     * Nearest centroid with two "networks": rows whose first feature is above 1 are network 1 and
     * get the centroid probabilities sharpened (softmax of 4 log p): over-confident there only.
     */
    static final class TwoNetworkLearner implements Learner {
        final List<Set<String>> fits = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public String name() {
            return "twoNetworks";
        }

        @Override
        public ProbabilisticClassifier fit(FeatureTable train, long seed) {
            fits.add(Set.copyOf(Arrays.asList(train.speakers())));
            ProbabilisticClassifier centroid = new NearestCentroidLearner().fit(train, seed);
            TemperatureScaling sharpen = new TemperatureScaling(0.25);
            return new ProbabilisticClassifier() {
                @Override
                public float[][] predictProba(float[][] features) {
                    float[][] p = centroid.predictProba(features);
                    int[] n = networks(features);
                    for (int i = 0; i < p.length; i++) {
                        if (n[i] == 1) {
                            p[i] = sharpen.apply(p[i]);
                        }
                    }
                    return p;
                }

                @Override
                public int[] networks(float[][] features) {
                    return Arrays.stream(features).mapToInt(x -> x[0] > 1 ? 1 : 0).toArray();
                }
            };
        }
    }

    @Test
    void theOutcomeDoesNotDependOnHowManyOuterFoldsRunAtOnce() {
        FeatureTable table = overlapping(3, 1.0);
        Map<String, FeatureTable> channels = Map.of("noisy", withFeatures(table, overlapping(3, 1.3)));
        AtomicInteger lastDone = new AtomicInteger();
        AtomicInteger calls = new AtomicInteger();
        NestedCrossValidation.Outcome one = new NestedCrossValidation(5, 1).run(
                List.of(new NearestCentroidLearner(), new TwoNetworkLearner()), table, channels, (d, t) -> { });
        NestedCrossValidation.Outcome two = new NestedCrossValidation(5, 2).run(
                List.of(new NearestCentroidLearner(), new TwoNetworkLearner()), table, channels, (d, t) -> {
                    calls.incrementAndGet();
                    lastDone.accumulateAndGet(d, Math::max);
                    assertEquals(5 * (2 * 4 + 1), t);
                });
        assertEquals(one.chosen(), two.chosen());
        assertEquals(one.temperatures(), two.temperatures());
        for (String ch : List.of(CrossValidation.CLEAN, "noisy")) {
            float[][] a = one.byChannel().get(ch).probabilities();
            float[][] b = two.byChannel().get(ch).probabilities();
            for (int i = 0; i < a.length; i++) {
                assertArrayEquals(a[i], b[i], "row " + i + " of " + ch);
            }
            assertArrayEquals(one.uncalibrated().get(ch).predicted(), two.uncalibrated().get(ch).predicted());
        }
        assertEquals(5 * (2 * 4 + 1), calls.get(), "every fit is counted once");
        assertEquals(5 * (2 * 4 + 1), lastDone.get());
        assertEquals(List.of("a", "b", "c", "d", "e"), two.byChannel().get(CrossValidation.CLEAN).heldOutSpeakers());
    }

    @Test
    void noFitOfAnOuterFoldSeesItsHeldOutSpeaker() {
        FeatureTable table = overlapping(4, 1.0);
        TwoNetworkLearner learner = new TwoNetworkLearner();
        new NestedCrossValidation(5, 2).run(List.of(learner), table, Map.of(), (d, t) -> { });
        // per outer fold 4 inner fits on 3 speakers and one outer fit on 4: never all 5
        assertEquals(5 * 5, learner.fits.size());
        assertEquals(5 * 4, learner.fits.stream().filter(s -> s.size() == 3).count());
        assertEquals(5, learner.fits.stream().filter(s -> s.size() == 4).count());
    }

    @Test
    void eachNetworkGetsTheTemperatureItsOwnRowsNeed() {
        FeatureTable table = overlapping(6, 1.0);
        NestedCrossValidation.Outcome o = new NestedCrossValidation(5, 2).run(List.of(new TwoNetworkLearner()), table,
                Map.of(), (d, t) -> { });
        for (List<Double> fold : o.temperatures()) {
            assertEquals(2, fold.size(), "one temperature per network: " + fold);
            assertTrue(fold.get(1) > 1.5 * fold.get(0), "the sharpened network needs a higher temperature: " + fold);
        }
        CrossValidationResult calibrated = o.byChannel().get(CrossValidation.CLEAN);
        CrossValidationResult raw = o.uncalibrated().get(CrossValidation.CLEAN);
        assertArrayEquals(raw.predicted(), calibrated.predicted(), "scaling never changes a decision");
        assertFalse(Arrays.stream(raw.networks()).allMatch(n -> n == raw.networks()[0]), "rows of both networks");
        assertTrue(CalibrationMetrics.of(calibrated.probabilities(), calibrated.trueLabels()).logLoss()
                < CalibrationMetrics.of(raw.probabilities(), raw.trueLabels()).logLoss());
    }

    /** {@code rows} with the features of {@code other} (same shape): a channel of the same recordings. */
    private static FeatureTable withFeatures(FeatureTable rows, FeatureTable other) {
        return new FeatureTable(other.features(), rows.labels(), rows.speakers(), rows.ids(), rows.numClasses());
    }
}
