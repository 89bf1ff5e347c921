package de.stimmung.trainer.learners;

import de.stimmung.trainer.dataset.FeatureTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.Random;

/**
 * Not a test but a measurement: how long the default netBn50 takes on an EmoDB-sized table
 * (418 rows x 1500 random features). Prints, asserts nothing. Run with
 * {@code mvn -B -pl trainer test -Dtest=MlpTrainingTimingTest -Dstimmung.timing=true}
 * (optionally {@code -Dstimmung.timing.epochs=20}).
 */
@EnabledIfSystemProperty(named = "stimmung.timing", matches = "true")
class MlpTrainingTimingTest {

    @Test
    void printFitTimeOfDefaultNetBn50OnEmoDbSizedTable() {
        Random random = new Random(1);
        int n = 418;
        int d = 1500;
        float[][] x = new float[n][d];
        int[] y = new int[n];
        String[] speakers = new String[n];
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = (float) random.nextGaussian();
            }
            y[i] = i % 7;
            speakers[i] = "s" + i % 10;
            ids[i] = "r" + i;
        }
        FeatureTable table = new FeatureTable(x, y, speakers, ids, 7);
        // The first fit also pays for loading PyTorch; the second is the steady state.
        int epochs = Integer.getInteger("stimmung.timing.epochs", MlpConfig.DEFAULT_EPOCHS);
        for (MlpConfig config : new MlpConfig[] {MlpConfig.netBn(50), MlpConfig.netBn(50), MlpConfig.netBnDr(200)}) {
            MlpLearner learner = new MlpLearner(config.withEpochs(epochs));
            long start = System.nanoTime();
            MlpClassifier model = learner.fit(table, 1);
            long fitted = System.nanoTime();
            model.predictProba(x);
            long predicted = System.nanoTime();
            System.out.printf("%s (%d epochs, batch %d) on %d x %d: fit %.2f s, predict %d rows %.3f s%n",
                    learner.name(), learner.config().epochs(), learner.config().batchSize(), n, d,
                    (fitted - start) / 1e9, n, (predicted - fitted) / 1e9);
        }
    }
}
