package de.stimmung.trainer.learners;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import de.stimmung.trainer.dataset.FeatureTable;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Prints how long each baseline takes to fit a table the size of EmoDB (418 rows, here 1500
 * features) and to predict 117 rows. A measurement, not an assertion: opt in with
 * {@code -Dstimmung.fitTimes=true}, since it takes about a minute on two cores.
 */
class BaselineFitTimesTest {

    @Test
    void printsFitTimeOfEveryBaselineOnAnEmoDbSizedTable() {
        assumeTrue(Boolean.getBoolean("stimmung.fitTimes"), "fit-time measurement skipped; run with -Dstimmung.fitTimes=true");
        var classes = new GaussianClasses(1500, 100, 0.5, 3L);
        FeatureTable train = classes.sample(418, 4L);
        FeatureTable test = classes.sample(117, 5L);
        System.out.printf(Locale.ROOT, "fit time, 418 rows x 1500 features, %d processors%n",
                Runtime.getRuntime().availableProcessors());
        for (Learner learner : Baselines.all()) {
            long t0 = System.nanoTime();
            ProbabilisticClassifier model = learner.fit(train, 1L);
            long t1 = System.nanoTime();
            float[][] p = model.predictProba(test.features());
            long t2 = System.nanoTime();
            int correct = 0;
            for (int i = 0; i < p.length; i++) {
                int best = 0;
                for (int k = 1; k < p[i].length; k++) {
                    best = p[i][k] > p[i][best] ? k : best;
                }
                correct += best == test.labels()[i] ? 1 : 0;
            }
            System.out.printf(Locale.ROOT, "%-8s fit %7.2f s   predict 117 rows %6.3f s   held-out accuracy %.2f%n",
                    learner.name(), (t1 - t0) / 1e9, (t2 - t1) / 1e9, correct / (double) p.length);
        }
    }
}
