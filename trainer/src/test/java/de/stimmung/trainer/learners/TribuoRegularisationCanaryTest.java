package de.stimmung.trainer.learners;

import static org.junit.jupiter.api.Assertions.assertEquals;

import de.stimmung.trainer.dataset.FeatureTable;
import org.junit.jupiter.api.Test;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.optimisers.AdaGradRDA;

/**
 * Pins down the Tribuo 4.3.2 defect that {@link LogisticRegressionLearner} works around. If this
 * fails after a Tribuo upgrade, explicit L2 works again: give {@code LGC} a real {@code l2}.
 */
class TribuoRegularisationCanaryTest {

    @Test
    void adaGradRdaL2PenaltyHasNoEffectOnMultiClassWeightsInTribuo432() {
        FeatureTable table = new GaussianClasses(10, 10, 1.0, 1L).sample(70, 2L);
        var dataset = TribuoAdapter.toDataset(table);
        double unpenalised = new LinearSGDTrainer(new LogMulticlass(), new AdaGradRDA(0.1, 1e-6, 0, 0, 70), 5, -1, 1, 3L)
                .train(dataset).getWeightsCopy().twoNorm();
        double penalised = new LinearSGDTrainer(new LogMulticlass(), new AdaGradRDA(0.1, 1e-6, 0, 1000, 70), 5, -1, 1, 3L)
                .train(dataset).getWeightsCopy().twoNorm();
        assertEquals(unpenalised, penalised, 0.0, "AdaGradRDA's l2 now shrinks the weights: Tribuo fixed it");
    }
}
