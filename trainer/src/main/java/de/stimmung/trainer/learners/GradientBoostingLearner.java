package de.stimmung.trainer.learners;

import de.stimmung.trainer.dataset.FeatureTable;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.common.xgboost.XGBoostTrainer.BoosterType;
import org.tribuo.common.xgboost.XGBoostTrainer.LoggingVerbosity;
import org.tribuo.common.xgboost.XGBoostTrainer.TreeMethod;

/**
 * Gradient-boosted trees (baselines {@code XGB_50}, {@code XGB_100}, {@code XGB_200}): Tribuo's
 * {@link XGBoostClassificationTrainer} (native XGBoost, {@code multi:softprob}, exact greedy tree
 * method) with row and column subsampling, seeded. Trees are invariant to feature scaling, so no
 * standardisation is applied.
 *
 * <p>Threads: the baselines use one. XGBoost's OpenMP workers spin while they wait, so on a
 * machine whose cores are already busy (parallel folds, other builds) two threads were 5x
 * <em>slower</em> than one in our measurements (418 x 1500, 2 shared cores). The exact method
 * beat {@code hist} (1.5x) and {@code approx} (7x) at this data size.
 *
 * <p>{@link #fit} throws {@link IllegalStateException} explaining the fix if XGBoost's native
 * library cannot be loaded on this platform.
 *
 * @param name            the configuration name in reports
 * @param rounds          boosting rounds (trees per class)
 * @param maxDepth        maximum tree depth
 * @param eta             learning rate (shrinkage)
 * @param subsample       fraction of rows sampled per round
 * @param columnSubsample fraction of features sampled per tree
 * @param threads         native training threads (OpenMP)
 */
public record GradientBoostingLearner(String name, int rounds, int maxDepth, double eta, double subsample,
                                      double columnSubsample, int threads) implements Learner {

    public GradientBoostingLearner {
        if (rounds < 1 || maxDepth < 1 || !(eta > 0) || !(subsample > 0 && subsample <= 1)
                || !(columnSubsample > 0 && columnSubsample <= 1) || threads < 1) {
            throw new IllegalArgumentException("GradientBoostingLearner " + name + " needs rounds >= 1, maxDepth >= 1,"
                    + " eta > 0, subsample fractions in (0, 1] and threads >= 1, got rounds=" + rounds + ", maxDepth=" + maxDepth
                    + ", eta=" + eta + ", subsample=" + subsample + ", columnSubsample=" + columnSubsample
                    + ", threads=" + threads);
        }
    }

    /** The baseline configuration {@code XGB_<rounds>}: depth 5, eta 0.2, subsample 0.8, columns 0.5, one thread. */
    public static GradientBoostingLearner withRounds(int rounds) {
        return new GradientBoostingLearner("XGB_" + rounds, rounds, 5, 0.2, 0.8, 0.5, 1);
    }

    @Override
    public ProbabilisticClassifier fit(FeatureTable train, long seed) {
        var trainer = new XGBoostClassificationTrainer(BoosterType.GBTREE, TreeMethod.EXACT, rounds, eta, 0.0, maxDepth,
                1.0, subsample, columnSubsample, 1.0, 0.0, threads, LoggingVerbosity.SILENT, seed);
        try {
            return new TribuoClassifier(TribuoLogging.quietly(() -> trainer.train(TribuoAdapter.toDataset(train))), null);
        } catch (LinkageError e) {
            throw new IllegalStateException("XGBoost's native library (bundled in xgboost4j_2.12 for x86_64 Linux, macOS and Windows;"
                    + " on Linux it needs glibc >= 2.14 and the system libgomp.so.1) failed to load on " + System.getProperty("os.name") + " "
                    + System.getProperty("os.arch") + ": " + e + ". Install libgomp1, run on a supported platform,"
                    + " or leave the XGB_* baselines out of the run", e);
        }
    }
}
