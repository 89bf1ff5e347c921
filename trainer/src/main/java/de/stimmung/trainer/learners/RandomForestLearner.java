package de.stimmung.trainer.learners;

import de.stimmung.trainer.dataset.FeatureTable;
import java.util.HashMap;
import java.util.Map;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;

/**
 * A random forest (baselines {@code RFC_50}, {@code RFC_100}, {@code RFC_200}) in XGBoost's
 * documented random-forest mode, through Tribuo: one boosting round of {@code trees} parallel
 * trees with learning rate 1, each tree on a 63.2 % row sample and round(sqrt(d)) features per
 * split (scikit-learn's {@code RandomForestClassifier} defaults), depth at most 12. Tribuo's own
 * CART forest was measured at about 0.45 s per tree on 1138 features (every feature is scanned
 * at every node), which puts RFC_200 over leave-one-speaker-out beyond the trainer's 10-minute
 * budget; XGBoost builds the same kind of forest in seconds. Trees are invariant to feature
 * scaling, so no standardisation is applied. One native thread, seeded: deterministic.
 *
 * @param name  the configuration name in reports
 * @param trees the number of trees
 */
public record RandomForestLearner(String name, int trees) implements Learner {

    /** Maximum tree depth (XGBoost's exact method needs a bound). */
    static final int MAX_DEPTH = 12;

    public RandomForestLearner {
        if (trees < 1) {
            throw new IllegalArgumentException("RandomForestLearner " + name + " needs at least one tree, got " + trees);
        }
    }

    @Override
    public ProbabilisticClassifier fit(FeatureTable train, long seed) {
        int d = train.dimension();
        Map<String, Object> p = new HashMap<>();
        p.put("objective", "multi:softprob");
        p.put("booster", "gbtree");
        p.put("tree_method", "exact");
        p.put("num_parallel_tree", trees);
        p.put("eta", 1.0);
        p.put("subsample", 0.632);
        p.put("colsample_bynode", Math.min(1.0, Math.max(1, Math.round(Math.sqrt(d))) / (double) d));
        p.put("max_depth", MAX_DEPTH);
        p.put("min_child_weight", 1.0);
        p.put("nthread", 1);
        p.put("seed", (int) (seed ^ (seed >>> 32)));
        p.put("verbosity", 0);
        var trainer = new XGBoostClassificationTrainer(1, p);
        try {
            return new TribuoClassifier(TribuoLogging.quietly(() -> trainer.train(TribuoAdapter.toDataset(train))), null);
        } catch (LinkageError e) {
            throw new IllegalStateException("XGBoost's native library failed to load (" + e
                    + "); install libgomp1, run on x86_64 Linux/macOS/Windows, or leave the RFC_* baselines out", e);
        }
    }
}
