package de.stimmung.trainer.learners;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import de.stimmung.trainer.dataset.FeatureTable;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MlpLearnerTest {

    private static final int EPOCHS = 15;
    private static final FeatureTable DATA = SeparableBlobs.table(300, 60, 7, 11);
    private static final FeatureTable TRAIN = SeparableBlobs.rows(DATA, 0, 210);
    private static final FeatureTable TEST = SeparableBlobs.rows(DATA, 210, 300);

    private static MlpLearner quick(MlpConfig config) {
        return new MlpLearner(config.withEpochs(EPOCHS));
    }

    @Test
    void everyNamedConfigurationLearnsSeparableDataWellAboveChance() {
        for (MlpConfig config : List.of(MlpConfig.standardNet(50), MlpConfig.netBn(50), MlpConfig.netBnDr(50),
                MlpConfig.netBn(50).withBalancedClassWeights(), MlpConfig.netBnDr(50).withMixup(0.4f))) {
            MlpClassifier model = quick(config).fit(TRAIN, 1);
            double accuracy = accuracy(model.predictProba(TEST.features()), TEST.labels());
            System.out.printf("%s, %d epochs: held-out accuracy %.3f%n", config.name(), EPOCHS, accuracy);
            assertTrue(accuracy >= 0.8, config.name() + " held-out accuracy " + accuracy + " (chance 1/7)");
        }
    }

    @Test
    void sameSeedGivesBitIdenticalPredictions() {
        MlpLearner learner = quick(MlpConfig.netBnDr(50)); // with Dropout, whose masks are drawn too
        float[][] first = learner.fit(TRAIN, 42).predictProba(TEST.features());
        float[][] second = learner.fit(TRAIN, 42).predictProba(TEST.features());
        for (int i = 0; i < first.length; i++) {
            assertArrayEquals(first[i], second[i], 0f, "row " + i);
        }
    }

    @Test
    void fitsOnTwoThreadsAtOnceGiveTheWeightsOfFitsAlone() throws Exception {
        MlpLearner learner = quick(MlpConfig.netBnDr(50));
        MlpNetwork alone42 = learner.fit(TRAIN, 42).network();
        MlpNetwork alone7 = learner.fit(TRAIN, 7).network();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            // both start together; nothing serialises them (the training run's time shows they overlap)
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
            java.util.concurrent.Future<MlpNetwork> a = pool.submit(() -> fitAfter(start, learner, 42));
            java.util.concurrent.Future<MlpNetwork> b = pool.submit(() -> fitAfter(start, learner, 7));
            assertSameWeights(alone42, a.get());
            assertSameWeights(alone7, b.get());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits for {@code start}, then fits. */
    private static MlpNetwork fitAfter(java.util.concurrent.CyclicBarrier start, MlpLearner learner, long seed)
            throws Exception {
        start.await();
        return learner.fit(TRAIN, seed).network();
    }

    private static void assertSameWeights(MlpNetwork expected, MlpNetwork actual) {
        assertArrayEquals(expected.output().weight(), actual.output().weight(), 0f, "output weights");
        for (int i = 0; i < expected.hidden().size(); i++) {
            assertArrayEquals(expected.hidden().get(i).weight(), actual.hidden().get(i).weight(), 0f, "hidden " + i);
            assertArrayEquals(expected.batchNorms().get(i).runningMean(), actual.batchNorms().get(i).runningMean(), 0f);
        }
    }

    @Test
    void mixupFitsAreSeededAndTrainOnOtherBatchesThanPlainFits() {
        MlpLearner mixed = quick(MlpConfig.netBnDr(50).withMixup(0.4f));
        assertSameWeights(mixed.fit(TRAIN, 42).network(), mixed.fit(TRAIN, 42).network());
        float[] plain = quick(MlpConfig.netBnDr(50)).fit(TRAIN, 42).network().output().weight();
        assertFalse(java.util.Arrays.equals(plain, mixed.fit(TRAIN, 42).network().output().weight()),
                "the same seed with mixup trains on blended rows");
    }

    @Test
    void mixupLambdasFollowTheirBetaDistribution() {
        for (float alpha : new float[] {0.2f, 0.4f, 1f}) {
            MlpLearner.Mixup mixup = new MlpLearner.Mixup(alpha, new java.util.SplittableRandom(3));
            int n = 100_000;
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < n; i++) {
                double l = mixup.lambda();
                assertTrue(l >= 0 && l <= 1, "lambda " + l);
                sum += l;
                squares += l * l;
            }
            double mean = sum / n;
            double variance = squares / n - mean * mean;
            assertEquals(0.5, mean, 0.005, "Beta(a, a) has mean 1/2");
            assertEquals(1 / (4 * (2 * alpha + 1.0)), variance, 0.004, "Beta(a, a) variance for a = " + alpha);
        }
    }

    @Test
    void mixupNeedsAPositiveBoundedAlpha() {
        assertThrows(IllegalArgumentException.class, () -> MlpConfig.netBnDr(50).withMixup(0f));
        assertThrows(IllegalArgumentException.class, () -> MlpConfig.netBnDr(50).withMixup(11f));
        assertEquals("netBnDr50Mix", MlpConfig.netBnDr(50).withMixup(0.4f).name());
        assertTrue(MlpConfig.netBnDr(50).withMixup(0.4f).describe().contains("mixup alpha 0.40"));
        assertFalse(MlpConfig.netBnDr(50).mixup());
    }

    @Test
    void differentSeedsGiveDifferentWeights() {
        MlpLearner learner = new MlpLearner(MlpConfig.netBn(50).withEpochs(2));
        float[] a = learner.fit(TRAIN, 1).network().output().weight();
        float[] b = learner.fit(TRAIN, 2).network().output().weight();
        assertFalse(java.util.Arrays.equals(a, b));
    }

    @Test
    void probabilitiesAreSevenPerRowAndSumToOne() {
        float[][] p = new MlpLearner(MlpConfig.netBn(50).withEpochs(2)).fit(TRAIN, 3).predictProba(TEST.features());
        assertEquals(TEST.size(), p.length);
        for (float[] row : p) {
            assertEquals(7, row.length);
            double sum = 0;
            for (float v : row) {
                assertTrue(v >= 0f && v <= 1f, "probability " + v);
                sum += v;
            }
            assertEquals(1.0, sum, 1e-5);
        }
    }

    @Test
    void standardizerIsFittedOnTheTrainingRowsOnly() {
        MlpClassifier model = new MlpLearner(MlpConfig.standardNet(50).withEpochs(1)).fit(TRAIN, 4);
        Standardizer expected = Standardizer.fit(TRAIN.features());
        assertArrayEquals(expected.mean(), model.standardizer().mean());
        assertArrayEquals(expected.std(), model.standardizer().std());
    }

    @Test
    void networkShapeFollowsTheConfiguration() {
        MlpClassifier plain = new MlpLearner(MlpConfig.standardNet(50).withEpochs(1)).fit(TRAIN, 5);
        assertEquals(3, plain.network().hidden().size());
        assertFalse(plain.network().hasBatchNorm());
        MlpClassifier bn = new MlpLearner(MlpConfig.netBn(100).withEpochs(1)).fit(TRAIN, 5);
        assertEquals(3, bn.network().batchNorms().size());
        assertEquals(100, bn.network().hidden().get(2).outputs());
        assertEquals(60, bn.featureDimension());
        assertEquals(7, bn.network().numClasses());
        // BatchNorm running statistics moved away from their initial 0 / 1 during training
        assertFalse(bn.network().batchNorms().get(0).runningMean()[0] == 0f);
    }

    @Test
    void namedConfigurationsCarryTheirNames() {
        List<String> names = MlpLearner.namedConfigurations().stream().map(MlpLearner::name).toList();
        assertEquals(List.of("standardNet50", "standardNet100", "standardNet200", "netBn50", "netBn100", "netBn200",
                "netBnDr50", "netBnDr100", "netBnDr200"), names);
        assertEquals(0.3f, MlpLearner.netBnDr200().config().dropout());
        assertEquals(0f, MlpLearner.netBn200().config().dropout());
    }

    @Test
    void balancedClassWeightsAverageOnePerRow() {
        int[] labels = {0, 0, 0, 1};
        float[] t = MlpLearner.weightedOneHot(labels, 2, true);
        assertArrayEquals(new float[] {4f / 6, 0, 4f / 6, 0, 4f / 6, 0, 0, 2f}, t, 1e-6f);
        assertArrayEquals(new float[] {1, 0, 0, 1}, MlpLearner.weightedOneHot(new int[] {0, 1}, 2, false));
    }

    @Test
    void wrongFeatureWidthIsRejectedWithBothWidths() {
        MlpClassifier model = new MlpLearner(MlpConfig.standardNet(50).withEpochs(1)).fit(TRAIN, 6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.predictProba(new float[][] {new float[59]}));
        assertTrue(e.getMessage().contains("59") && e.getMessage().contains("60"), e.getMessage());
    }

    @Test
    void fitAndPredictLeaveNoNativeArraysBehind() {
        try (NDManager probe = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDManager engineRoot = probe.getParentManager();
            int before = engineRoot.getManagedArrays().size();
            new MlpLearner(MlpConfig.netBnDr(50).withEpochs(2)).fit(TRAIN, 7).predictProba(TEST.features());
            assertEquals(before, engineRoot.getManagedArrays().size(), "NDArrays still attached after fit + predict");
        }
    }

    static double accuracy(float[][] proba, int[] labels) {
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int c = 1; c < proba[i].length; c++) {
                if (proba[i][c] > proba[i][best]) {
                    best = c;
                }
            }
            correct += best == labels[i] ? 1 : 0;
        }
        return (double) correct / labels.length;
    }
}
