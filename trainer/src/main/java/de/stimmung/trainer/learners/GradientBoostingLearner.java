package de.stimmung.trainer.learners;

import de.stimmung.trainer.dataset.FeatureTable;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.common.xgboost.XGBoostTrainer.BoosterType;
import org.tribuo.common.xgboost.XGBoostTrainer.LoggingVerbosity;
import org.tribuo.common.xgboost.XGBoostTrainer.TreeMethod;

/**
 * Gradient-boosted trees (baselines {@code XGB_50}, {@code XGB_100}, {@code XGB_200}): Tribuo's
 * {@link XGBoostClassificationTrainer} (native XGBoost, {@code multi:softprob}, histogram tree
 * method) with row and column subsampling, seeded, using every available processor.
 * Trees are invariant to feature scaling, so no standardisation is applied.
 *
 * @param name            the configuration name in reports
 * @param rounds          boosting rounds (trees per class)
 * @param maxDepth        maximum tree depth
 * @param eta             learning rate (shrinkage)
 * @param subsample       fraction of rows sampled per round
 * @param columnSubsample fraction of features sampled per tree
 */
public record GradientBoostingLearner(String name, int rounds, int maxDepth, double eta, double subsample,
                                      double columnSubsample) implements Learner {

    public GradientBoostingLearner {
        if (rounds < 1 || maxDepth < 1 || !(eta > 0) || !(subsample > 0 && subsample <= 1)
                || !(columnSubsample > 0 && columnSubsample <= 1)) {
            throw new IllegalArgumentException("GradientBoostingLearner " + name + " needs rounds >= 1, maxDepth >= 1,"
                    + " eta > 0 and subsample fractions in (0, 1], got rounds=" + rounds + ", maxDepth=" + maxDepth
                    + ", eta=" + eta + ", subsample=" + subsample + ", columnSubsample=" + columnSubsample);
        }
    }

    /** A configuration with the baseline hyper-parameters and the given number of rounds. */
    public static GradientBoostingLearner withRounds(int rounds) {
        return new GradientBoostingLearner("XGB_" + rounds, rounds, 5, 0.2, 0.8, 0.5);
    }

    @Override
    public ProbabilisticClassifier fit(FeatureTable train, long seed) {
        var trainer = new XGBoostClassificationTrainer(BoosterType.GBTREE, TreeMethod.HIST, rounds, eta, 0.0, maxDepth,
                1.0, subsample, columnSubsample, 1.0, 0.0, Runtime.getRuntime().availableProcessors(),
                LoggingVerbosity.SILENT, seed);
        return new TribuoClassifier(TribuoLogging.quietly(() -> trainer.train(TribuoAdapter.toDataset(train))), null);
    }
}
