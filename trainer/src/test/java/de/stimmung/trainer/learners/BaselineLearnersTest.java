package de.stimmung.trainer.learners;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.stimmung.model.Emotion;
import de.stimmung.trainer.dataset.FeatureTable;
import java.util.Arrays;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BaselineLearnersTest {

    private static final long SEED = 20240611L;
    private FeatureTable train;
    private FeatureTable test;

    @BeforeAll
    void sampleGaussianClasses() {
        var classes = new GaussianClasses(40, 10, 1.0, 7L);
        train = classes.sample(350, 11L);
        test = classes.sample(140, 12L);
    }

    Stream<Learner> baselines() {
        return Baselines.all().stream();
    }

    /** One configuration per family, for the slower checks. */
    Stream<Learner> families() {
        return Stream.of("LGC", "RFC_50", "XGB_50").map(Baselines::byName);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("baselines")
    void eachBaselineIsWellAboveChanceOnHeldOutRows(Learner learner) {
        float[][] p = learner.fit(train, SEED).predictProba(test.features());
        long correct = IntStream.range(0, p.length).filter(i -> argmax(p[i]) == test.labels()[i]).count();
        double accuracy = correct / (double) p.length;
        assertTrue(accuracy > 0.6, learner.name() + " held-out accuracy " + accuracy + " (chance 1/7), expected > 0.6");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("baselines")
    void probabilitiesHaveSevenColumnsInUnitIntervalSummingToOne(Learner learner) {
        float[][] p = learner.fit(train, SEED).predictProba(test.features());
        assertEquals(test.size(), p.length);
        for (float[] row : p) {
            assertEquals(Emotion.values().length, row.length);
            double sum = 0;
            for (float v : row) {
                assertTrue(v >= 0f && v <= 1f, learner.name() + " probability " + v + " outside [0, 1]");
                sum += v;
            }
            assertEquals(1.0, sum, 1e-5, learner.name() + " row " + Arrays.toString(row) + " does not sum to 1");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void sameSeedAndDataGiveIdenticalProbabilities(Learner learner) {
        float[][] first = learner.fit(train, SEED).predictProba(test.features());
        float[][] second = learner.fit(train, SEED).predictProba(test.features());
        for (int i = 0; i < first.length; i++) {
            assertArrayEquals(first[i], second[i], 0f, learner.name() + " row " + i + " differs between two fits");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void classesAbsentFromTrainingGetZeroProbability(Learner learner) {
        int fear = Emotion.FEAR.ordinal();
        int[] withoutFear = IntStream.range(0, train.size()).filter(i -> train.labels()[i] != fear).toArray();
        float[][] p = learner.fit(train.select(withoutFear), SEED).predictProba(test.features());
        for (float[] row : p) {
            assertEquals(0f, row[fear], learner.name() + " gave fear a probability without fear in training");
            double sum = 0;
            for (float v : row) {
                sum += v;
            }
            assertEquals(1.0, sum, 1e-5);
        }
    }

    private static int argmax(float[] row) {
        int best = 0;
        for (int k = 1; k < row.length; k++) {
            if (row[k] > row[best]) {
                best = k;
            }
        }
        return best;
    }
}
